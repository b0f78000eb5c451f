#pragma once
// BEP 54's DONTHAVE payload, sans-I/O: the piece index, 4 bytes big-endian.

#include <array>
#include <cstddef>
#include <optional>
#include <span>

#include "corrent/core/strong_types.hpp"

namespace corrent::donthave {

/// The payload's one size (BEP 54).
inline constexpr std::size_t kPayloadSize = 4;

[[nodiscard]] std::array<std::byte, kPayloadSize> encode_donthave(PieceIndex piece);
/// The piece, or nullopt when the payload is not exactly kPayloadSize bytes.
[[nodiscard]] std::optional<PieceIndex> decode_donthave(std::span<const std::byte> payload);

}  // namespace corrent::donthave
