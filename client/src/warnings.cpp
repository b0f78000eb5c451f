#include "warnings.hpp"

#include <string>
#include <type_traits>
#include <utility>

#include <asio/error.hpp>

#include "corrent/net/error.hpp"
#include "corrent/wire/peer_errc.hpp"

namespace corrent::client::detail {

namespace {

// The kernel's ETIMEDOUT comes in asio's category, which std::errc does not match.
bool timed_out(const std::error_code& e) {
  return e == std::errc::timed_out || e == asio::error::timed_out || e == net::errc::timed_out ||
         e == wire::peer_errc::handshake_timeout;
}

Warning about(const metainfo::InfoHash& torrent, errc code, std::string detail, std::error_code cause = {}) {
  return Warning{torrent, ClientError{make_error_code(code), cause, std::move(detail)}};
}

Warning connect_failed(const events::PeerConnectFailed& e) {
  const auto peer = e.endpoint.to_string();
  if (!e.connected) return about(e.info_hash, timed_out(e.error) ? errc::connection_timed_out : errc::network, peer, e.error);
  return about(e.info_hash, timed_out(e.error) ? errc::handshake_timed_out : errc::protocol, peer, e.error);
}

}  // namespace

std::optional<Warning> warning_of(const events::Event& event) {
  using namespace corrent::events;
  return std::visit(
      [](const auto& e) -> std::optional<Warning> {
        using E = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<E, PeerConnectFailed>) {
          return connect_failed(e);
        } else if constexpr (std::is_same_v<E, PieceFailed>) {
          return about(e.info_hash, errc::piece_verification_failed,
                       "piece " + std::to_string(e.piece.value) + ", blocks from " +
                           std::to_string(e.contributors) + " peer(s)");
        } else if constexpr (std::is_same_v<E, PeerBanned>) {
          return about(e.info_hash, errc::protocol, e.endpoint.to_string() + " banned: " + e.why);
        } else if constexpr (std::is_same_v<E, TrackerReply>) {
          if (e.error.empty()) return std::nullopt;
          return about(e.info_hash, errc::discovery, e.url + ": " + e.error);
        } else if constexpr (std::is_same_v<E, TorrentError> || std::is_same_v<E, TorrentWarning> ||
                             std::is_same_v<E, TorrentPaused>) {
          return Warning{e.info_hash, from_engine(e.error, e.detail)};
        } else if constexpr (std::is_same_v<E, PortUnmapped>) {
          if (!e.error || e.error == std::errc::operation_canceled || e.error == asio::error::operation_aborted) {
            return std::nullopt;  // removed at stop
          }
          return Warning{std::nullopt, ClientError{make_error_code(errc::nat), e.error, e.mapper}};
        } else if constexpr (std::is_same_v<E, SessionWarning>) {
          return Warning{std::nullopt, ClientError{make_error_code(errc::engine), e.error, e.what + ": " + e.detail}};
        } else {
          return std::nullopt;
        }
      },
      event);
}

void WarningLog::add(Warning warning) {
  auto& log = warning.torrent ? by_torrent_[*warning.torrent] : client_wide_;
  if (log.size() >= bound_) {
    log.pop_front();
    ++dropped_;
  }
  log.push_back(std::move(warning.error));
}

std::vector<ClientError> WarningLog::take(const std::optional<metainfo::InfoHash>& torrent) {
  std::deque<ClientError> taken;
  if (torrent) {
    const auto it = by_torrent_.find(*torrent);
    if (it != by_torrent_.end()) taken.swap(it->second);
  } else {
    taken.swap(client_wide_);
  }
  return {std::make_move_iterator(taken.begin()), std::make_move_iterator(taken.end())};
}

}  // namespace corrent::client::detail
