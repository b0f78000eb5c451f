// The Client's whole-client figures and limits: sums over its torrents' status.
#include <optional>

#include "client_state.hpp"
#include "corrent/client/client.hpp"

namespace corrent::client {

namespace {

/// The sum of `field` over the client's torrents.
template <class F>
std::uint64_t sum(const detail::ClientState& state, F field) {
  std::uint64_t total = 0;
  for (const auto& info_hash : state.torrents) {
    if (auto status = state.session->status(info_hash)) total += field(*status);
  }
  return total;
}

ClientResult<void> set_limit(detail::ClientState& state, std::optional<std::uint64_t> rate, bool download) {
  if (state.destroyed) return client_fail(errc::client_destroyed);
  if (auto ok = detail::check_rate(rate); !ok) return ok;
  auto limits = state.session->rate_limits();
  (download ? limits.download : limits.upload) = rate;
  state.session->set_rate_limits(limits);
  return {};
}

}  // namespace

namespace detail {

ClientResult<void> check_rate(std::optional<std::uint64_t> rate) {
  if (rate && *rate == 0) return client_fail(errc::invalid_option, "a rate of 0; nullopt means unlimited");
  return {};
}

}  // namespace detail

ClientResult<double> Client::progress() const {
  if (auto ok = check(); !ok) return tl::make_unexpected(ok.error());
  const auto wanted = sum(*state_, [](const TorrentStatus& s) { return s.wanted_total; });
  const auto done = sum(*state_, [](const TorrentStatus& s) { return s.wanted_done; });
  if (wanted == 0) {
    // Nothing wanted: done if every torrent is (read-only seeds), 0 with none or while checking.
    const auto unfinished = sum(*state_, [](const TorrentStatus& s) { return s.finished ? 0 : 1; });
    return !state_->torrents.empty() && unfinished == 0 ? 1.0 : 0.0;
  }
  return static_cast<double>(done) / static_cast<double>(wanted);
}

ClientResult<double> Client::ratio() const {
  if (auto ok = check(); !ok) return tl::make_unexpected(ok.error());
  const auto down = sum(*state_, [](const TorrentStatus& s) { return s.downloaded; });
  const auto up = sum(*state_, [](const TorrentStatus& s) { return s.uploaded; });
  return down == 0 ? 0.0 : static_cast<double>(up) / static_cast<double>(down);
}

ClientResult<std::uint64_t> Client::download_speed() const {
  if (auto ok = check(); !ok) return tl::make_unexpected(ok.error());
  return sum(*state_, [](const TorrentStatus& s) { return s.download_rate; });
}

ClientResult<std::uint64_t> Client::upload_speed() const {
  if (auto ok = check(); !ok) return tl::make_unexpected(ok.error());
  return sum(*state_, [](const TorrentStatus& s) { return s.upload_rate; });
}

ClientResult<void> Client::throttle_download(std::optional<std::uint64_t> bytes_per_second) {
  return set_limit(*state_, bytes_per_second, true);
}

ClientResult<void> Client::throttle_upload(std::optional<std::uint64_t> bytes_per_second) {
  return set_limit(*state_, bytes_per_second, false);
}

ClientResult<throttle::RateLimits> Client::rate_limits() const {
  if (auto ok = check(); !ok) return tl::make_unexpected(ok.error());
  return state_->session->rate_limits();
}

ClientResult<std::vector<net::Endpoint>> Client::address() const {
  if (auto ok = check(); !ok) return tl::make_unexpected(ok.error());
  return state_->session->listen_endpoints();
}

ClientResult<PeerId> Client::peer_id() const {
  if (auto ok = check(); !ok) return tl::make_unexpected(ok.error());
  return state_->session->peer_id();
}

ClientResult<std::vector<ClientError>> Client::take_warnings() {
  if (auto ok = check(); !ok) return tl::make_unexpected(ok.error());
  return state_->warnings.take(std::nullopt);
}

}  // namespace corrent::client
