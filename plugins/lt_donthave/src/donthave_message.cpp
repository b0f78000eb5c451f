#include "donthave_message.hpp"

#include <cstdint>

namespace corrent::donthave {

std::array<std::byte, kPayloadSize> encode_donthave(PieceIndex piece) {
  const std::uint32_t v = piece.value;
  return {std::byte(v >> 24), std::byte(v >> 16), std::byte(v >> 8), std::byte(v)};
}

std::optional<PieceIndex> decode_donthave(std::span<const std::byte> payload) {
  if (payload.size() != kPayloadSize) return std::nullopt;
  std::uint32_t v = 0;
  for (const auto byte : payload) v = (v << 8) | std::to_integer<std::uint32_t>(byte);
  return PieceIndex{v};
}

}  // namespace corrent::donthave
