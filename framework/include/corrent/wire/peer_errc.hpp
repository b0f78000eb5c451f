#pragma once
// Why a PeerConnection ended or refused something ("corrent.peer"), beyond the codec's
// wire::errc, net::errc and the OS's codes.

#include <string_view>

#include "corrent/core/error.hpp"

namespace corrent::wire {

enum class peer_errc {
  ok = 0,
  unknown_info_hash,        ///< incoming: no torrent here has the handshake's info-hash
  info_hash_mismatch,       ///< outgoing: the peer answered with another info-hash
  handshake_timeout,        ///< the handshake did not complete in time
  inactivity_timeout,       ///< no complete message from the peer for too long
  closed_by_us,             ///< close() without a more precise reason
  extension_not_supported,  ///< the peer did not announce that BEP 10 extension
  not_negotiated,           ///< a fast-extension or extended message the handshake did not enable
  connection_closed,        ///< send() after the connection ended
  self_connection,          ///< the peer id is our own
};

std::string_view describe(peer_errc e) noexcept;
constexpr const char* category_name(peer_errc) noexcept { return "corrent.peer"; }
CORRENT_ERROR_ENUM(peer_errc)

}  // namespace corrent::wire

CORRENT_ERROR_ENUM_TRAIT(corrent::wire::peer_errc);
