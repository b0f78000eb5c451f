#include "corrent/client/torrent_handle.hpp"

#include <algorithm>

#include "client_state.hpp"
#include "corrent/engine/errc.hpp"
#include "corrent/engine/limits.hpp"
#include "corrent/metainfo/magnet.hpp"

namespace corrent::client {

TorrentHandle::TorrentHandle(std::shared_ptr<detail::ClientState> state, metainfo::InfoHash info_hash)
    : state_(std::move(state)), info_hash_(info_hash) {}

ClientResult<void> TorrentHandle::check() const { return detail::check_torrent(*state_, info_hash_); }

namespace {

/// The torrent's status, or torrent_destroyed if the session dropped it.
ClientResult<TorrentStatus> status_of(const detail::ClientState& state, const metainfo::InfoHash& info_hash) {
  if (auto ok = detail::check_torrent(state, info_hash); !ok) return tl::make_unexpected(ok.error());
  auto status = state.session->status(info_hash);
  if (!status) return client_fail(errc::torrent_destroyed, info_hash.hex());
  return std::move(*status);
}

}  // namespace

ClientResult<std::string> TorrentHandle::name() const {
  return status_of(*state_, info_hash_).map([](TorrentStatus s) { return std::move(s.name); });
}

ClientResult<std::uint64_t> TorrentHandle::length() const {
  if (auto ok = check(); !ok) return tl::make_unexpected(ok.error());
  auto layout = state_->session->view().files(info_hash_);
  if (!layout) return client_fail(errc::metadata_pending, info_hash_.hex());
  return layout->total_size();
}

ClientResult<std::vector<FileInfo>> TorrentHandle::files() const {
  if (auto ok = check(); !ok) return tl::make_unexpected(ok.error());
  auto layout = state_->session->view().files(info_hash_);
  if (!layout) return client_fail(errc::metadata_pending, info_hash_.hex());
  std::vector<FileInfo> out;
  for (const auto& file : layout->files()) {
    if (!file.pad) out.push_back({file.path, file.size, file.offset});
  }
  return out;
}

ClientResult<double> TorrentHandle::progress() const {
  return status_of(*state_, info_hash_).map([](const TorrentStatus& s) {
    // Nothing wanted (a read-only seed, every file skipped): done once checked, as in libtorrent.
    if (s.wanted_total == 0) return s.finished ? 1.0 : 0.0;
    return static_cast<double>(s.wanted_done) / static_cast<double>(s.wanted_total);
  });
}

ClientResult<std::uint64_t> TorrentHandle::downloaded() const {
  return status_of(*state_, info_hash_).map([](const TorrentStatus& s) {
    return s.downloaded - std::min(s.wasted, s.downloaded);
  });
}

ClientResult<std::uint64_t> TorrentHandle::received() const {
  return status_of(*state_, info_hash_).map([](const TorrentStatus& s) { return s.downloaded; });
}

ClientResult<std::uint64_t> TorrentHandle::uploaded() const {
  return status_of(*state_, info_hash_).map([](const TorrentStatus& s) { return s.uploaded; });
}

ClientResult<std::uint32_t> TorrentHandle::num_peers() const {
  return status_of(*state_, info_hash_).map([](const TorrentStatus& s) { return s.peers; });
}

ClientResult<Bitfield> TorrentHandle::bitfield() const {
  if (auto ok = check(); !ok) return tl::make_unexpected(ok.error());
  auto have = state_->session->view().have_pieces(info_hash_);
  if (!have) return client_fail(errc::metadata_pending, info_hash_.hex());
  return std::move(*have);
}

ClientResult<void> TorrentHandle::throttle_download(std::optional<std::uint64_t> bytes_per_second) {
  return set_limit(bytes_per_second, true);
}

ClientResult<void> TorrentHandle::throttle_upload(std::optional<std::uint64_t> bytes_per_second) {
  return set_limit(bytes_per_second, false);
}

ClientResult<void> TorrentHandle::set_limit(std::optional<std::uint64_t> rate, bool download) {
  if (auto ok = check(); !ok) return ok;
  if (auto ok = detail::check_rate(rate); !ok) return ok;
  auto limits = state_->session->torrent_rate_limits(info_hash_);
  if (!limits) return client_fail(errc::torrent_destroyed, info_hash_.hex());
  (download ? limits->download : limits->upload) = rate;
  if (auto set = state_->session->set_torrent_rate_limits(info_hash_, *limits); !set) {
    return tl::make_unexpected(detail::from_engine(set.error(), info_hash_.hex()));
  }
  return {};
}

ClientResult<throttle::RateLimits> TorrentHandle::rate_limits() const {
  if (auto ok = check(); !ok) return tl::make_unexpected(ok.error());
  auto limits = state_->session->torrent_rate_limits(info_hash_);
  if (!limits) return client_fail(errc::torrent_destroyed, info_hash_.hex());
  return *limits;
}

ClientResult<std::vector<ClientError>> TorrentHandle::take_warnings() {
  if (auto ok = check(); !ok) return tl::make_unexpected(ok.error());
  return state_->warnings.take(info_hash_);
}

ClientResult<std::string> TorrentHandle::magnet_uri() const {
  if (auto ok = check(); !ok) return tl::make_unexpected(ok.error());
  auto meta = state_->session->view().metainfo(info_hash_);
  if (!meta) return client_fail(errc::metadata_pending, info_hash_.hex());
  return metainfo::to_uri(metainfo::make_magnet(*meta));
}

ClientResult<FileReader> TorrentHandle::reader(std::size_t index) const {
  auto list = files();
  if (!list) return tl::make_unexpected(list.error());
  if (index >= list->size()) {
    return client_fail(errc::out_of_range, "file " + std::to_string(index) + " of " + std::to_string(list->size()));
  }
  const auto& file = (*list)[index];
  return FileReader(state_, info_hash_, file.offset, file.length);
}

namespace {

/// Sets first..last to `priority`, and with `due` a deadline on each.
Task<ClientResult<void>> prioritise(std::shared_ptr<detail::ClientState> state, metainfo::InfoHash info_hash,
                                    std::uint32_t first, std::uint32_t last, std::uint8_t priority,
                                    std::optional<std::chrono::milliseconds> due) {
  if (auto ok = detail::check_torrent(*state, info_hash); !ok) co_return tl::make_unexpected(ok.error());
  // The engine checks the range and priority; without metadata it has no range at all.
  if (!state->session->view().files(info_hash)) co_return client_fail(errc::metadata_pending, info_hash.hex());
  auto set = co_await state->session->view().set_piece_priorities(info_hash, PieceIndex{first}, PieceIndex{last}, priority);
  const auto pieces = "pieces " + std::to_string(first) + ".." + std::to_string(last);
  if (!set && set.error() == engine::errc::bad_range) co_return client_fail(errc::out_of_range, pieces, set.error());
  if (!set && set.error() == engine::errc::bad_priorities) {
    co_return client_fail(errc::invalid_option, "priority " + std::to_string(priority), set.error());
  }
  if (!set) co_return tl::make_unexpected(detail::from_engine(set.error(), info_hash.hex()));
  for (std::uint32_t p = first; due && p <= last; ++p) {
    (void)state->session->view().set_piece_deadline(info_hash, PieceIndex{p}, *due);
  }
  co_return ClientResult<void>{};
}

}  // namespace

Task<ClientResult<void>> TorrentHandle::select(std::uint32_t first, std::uint32_t last, std::uint8_t priority) {
  return prioritise(state_, info_hash_, first, last, priority, std::nullopt);
}

Task<ClientResult<void>> TorrentHandle::deselect(std::uint32_t first, std::uint32_t last) {
  return prioritise(state_, info_hash_, first, last, 0, std::nullopt);
}

Task<ClientResult<void>> TorrentHandle::critical(std::uint32_t first, std::uint32_t last) {
  return prioritise(state_, info_hash_, first, last, engine::kMaxPiecePriority, std::chrono::milliseconds(0));
}

Task<ClientResult<void>> TorrentHandle::destroy() { return detail::remove_torrent(state_, info_hash_); }

}  // namespace corrent::client
