#pragma once
// MessageHandler: what the Dispatcher calls for each message a peer sends. The engine's
// per-peer object implements it; every method has a no-op default, so a diagnostic (the
// `corrent peer` sample, tests) overrides only what it needs.
//
// Called on the network executor by the connection's reader, one message at a time, after
// the message was decoded, validated against the torrent and the connection's flags were
// updated. Returning an error closes the connection with that reason.

#include <cstdint>

#include "corrent/core/result.hpp"
#include "corrent/core/strong_types.hpp"
#include "corrent/core/task.hpp"
#include "corrent/wire/extension_handshake.hpp"
#include "corrent/wire/message.hpp"

namespace corrent::wire {

class MessageHandler {
 public:
  virtual ~MessageHandler() = default;

  virtual Result<void> on_keep_alive() { return {}; }
  virtual Result<void> on_choke() { return {}; }
  virtual Result<void> on_unchoke() { return {}; }
  virtual Result<void> on_interested() { return {}; }
  virtual Result<void> on_not_interested() { return {}; }
  virtual Result<void> on_have(PieceIndex piece) { return ignore(piece); }
  /// The peer's BITFIELD, already checked against the piece count (size, spare bits).
  /// `bits` borrows the receive buffer: copy what you keep.
  virtual Result<void> on_bitfield(const Bitfield& bits) { return ignore(bits); }
  virtual Result<void> on_have_all() { return {}; }
  virtual Result<void> on_have_none() { return {}; }
  virtual Result<void> on_request(const Request& r) { return ignore(r); }
  virtual Result<void> on_cancel(const Cancel& c) { return ignore(c); }
  virtual Result<void> on_reject(const Reject& r) { return ignore(r); }
  virtual Result<void> on_suggest(PieceIndex piece) { return ignore(piece); }
  virtual Result<void> on_allowed_fast(PieceIndex piece) { return ignore(piece); }
  virtual Result<void> on_port(std::uint16_t port) { return ignore(port); }
  /// An extension (lt_donthave, BEP 54) says the peer no longer has `piece`, which is
  /// not yet checked against the piece count.
  virtual Result<void> on_dont_have(PieceIndex piece) { return ignore(piece); }

  /// A block. `piece.block` borrows the receive buffer and stays valid until the returned
  /// task completes: the one place a handler may wait (e.g. for disk back-pressure), and
  /// the reader reads nothing more meanwhile.
  virtual Task<Result<void>> on_piece(const Piece& piece) {
    (void)piece;
    co_return Result<void>{};
  }

  /// The peer's BEP 10 extension handshake (it may come again, to change its "m").
  virtual Result<void> on_extension_handshake(const ExtensionHandshake& theirs) {
    return ignore(theirs);
  }

 private:
  template <class T>
  static Result<void> ignore(const T&) {
    return {};
  }
};

}  // namespace corrent::wire
