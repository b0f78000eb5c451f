#include "corrent/wire/peer_errc.hpp"

namespace corrent::wire {

std::string_view describe(peer_errc e) noexcept {
  switch (e) {
    case peer_errc::ok: return "ok";
    case peer_errc::unknown_info_hash: return "no torrent with the handshake's info-hash";
    case peer_errc::info_hash_mismatch: return "the peer answered with another info-hash";
    case peer_errc::handshake_timeout: return "handshake timed out";
    case peer_errc::inactivity_timeout: return "peer inactive for too long";
    case peer_errc::closed_by_us: return "closed by us";
    case peer_errc::extension_not_supported: return "the peer does not support that extension";
    case peer_errc::not_negotiated: return "message of an extension the handshake did not enable";
    case peer_errc::connection_closed: return "connection closed";
    case peer_errc::self_connection: return "connected to ourselves";
  }
  return "unknown peer connection error";
}

}  // namespace corrent::wire
