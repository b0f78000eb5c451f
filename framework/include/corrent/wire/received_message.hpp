#pragma once
// ReceivedMessage: a peer wire Message that owns its bytes, as PeerConnection::receive()
// returns it. wire::Message borrows the receive buffer (a BITFIELD's bits, a PIECE's block,
// an EXTENDED payload) so that the engine never copies blocks; a caller that pulls
// messages one at a time keeps them past the next read, so each carries its own copy.
//
//   auto received = co_await conn->receive();
//   if (!received) ...;                                  // the connection ended: why
//   if (const auto* piece = received->get_if<wire::Piece>()) use(piece->block);

#include <cstddef>
#include <variant>
#include <vector>

#include "corrent/wire/message.hpp"

namespace corrent::wire {

/// A Message whose borrowed spans point into bytes it owns. Move-only: a move keeps the
/// owned buffer where it is, so the spans stay valid; a copy could not.
class ReceivedMessage {
 public:
  /// A keep-alive: results holding a ReceivedMessage can then be default-made, as
  /// asio::co_spawn needs of a coroutine's value.
  ReceivedMessage() : message_(KeepAlive{}) {}
  /// Copies the bytes `m` borrows.
  explicit ReceivedMessage(const Message& m);
  ReceivedMessage(ReceivedMessage&&) noexcept = default;
  ReceivedMessage& operator=(ReceivedMessage&&) noexcept = default;
  ReceivedMessage(const ReceivedMessage&) = delete;
  ReceivedMessage& operator=(const ReceivedMessage&) = delete;

  /// The message; its spans are valid as long as this object lives.
  [[nodiscard]] const Message& message() const { return message_; }
  /// The message as a `T`, or nullptr if it is another kind.
  template <class T>
  [[nodiscard]] const T* get_if() const {
    return std::get_if<T>(&message_);
  }
  template <class T>
  [[nodiscard]] bool is() const {
    return std::holds_alternative<T>(message_);
  }

 private:
  std::vector<std::byte> bytes_;
  Message message_;
};

}  // namespace corrent::wire
