#include "donthave_peer.hpp"

#include <string>
#include <utility>

#include "corrent/wire/errc.hpp"
#include "donthave_message.hpp"

namespace corrent::donthave {

void DontHavePeer::on_piece_lost(PieceIndex piece) {
  if (lost_.size() >= kMaxLostQueued) return;
  lost_.push_back(piece);
  lost_changed_.notify_all();
}

Task<Result<void>> DontHavePeer::on_message(std::span<const std::byte> payload) {
  const auto piece = decode_donthave(payload);
  if (!piece) {
    peer_.note("malformed DONTHAVE of " + std::to_string(payload.size()) + " bytes (BEP 54 says 4); closing");
    co_return tl::make_unexpected(std::error_code(wire::errc::bad_message_length));
  }
  // The engine drops the piece from the peer's bitfield; a piece past the torrent's last
  // is an error, which closes the peer.
  if (auto dropped = peer_.dont_have(*piece); !dropped) {
    peer_.note("DONTHAVE of piece " + std::to_string(piece->value) + ", which the torrent does not have; closing");
    co_return dropped;
  }
  peer_.note("peer no longer has piece " + std::to_string(piece->value));
  co_return Result<void>{};
}

Task<void> DontHavePeer::run() {
  for (;;) {
    const bool woken = co_await lost_changed_.wait_until([this] { return !lost_.empty(); });
    if (!woken) co_return;  // the connection ended
    // A peer that did not announce lt_donthave (or not yet) is not told: it learns of a
    // lost piece from our REJECT, as with any client.
    if (!peer_.peer_id_for_extension()) {
      lost_.clear();
      continue;
    }
    for (const auto piece : std::exchange(lost_, {})) {
      const auto payload = encode_donthave(piece);  // named: it must outlive the send
      if (auto sent = co_await peer_.send(payload); !sent) co_return;  // the connection is closing
      peer_.note("told the peer we lost piece " + std::to_string(piece.value) + " (its data went from our disk)");
    }
  }
}

}  // namespace corrent::donthave
