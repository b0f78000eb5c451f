#include "corrent/wire/received_message.hpp"

#include <span>
#include <type_traits>

namespace corrent::wire {

ReceivedMessage::ReceivedMessage(const Message& m) : message_(m) {
  // The one borrowed span of each kind that has one, re-pointed at our copy.
  std::visit(
      [this](auto& msg) {
        using T = std::decay_t<decltype(msg)>;
        auto own = [this](std::span<const std::byte> borrowed) {
          bytes_.assign(borrowed.begin(), borrowed.end());
          return std::span<const std::byte>(bytes_);
        };
        if constexpr (std::is_same_v<T, Bitfield>) msg.bits = own(msg.bits);
        if constexpr (std::is_same_v<T, Piece>) msg.block = own(msg.block);
        if constexpr (std::is_same_v<T, Extended>) msg.payload = own(msg.payload);
      },
      message_);
}

}  // namespace corrent::wire
