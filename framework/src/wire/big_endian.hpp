#pragma once
// Big-endian integers in byte spans: every integer on the peer wire is one.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace corrent::wire::detail {

/// The 4-byte big-endian integer at `p` (which must have 4 bytes).
inline std::uint32_t read_u32(std::span<const std::byte> p) noexcept {
  return (std::to_integer<std::uint32_t>(p[0]) << 24) | (std::to_integer<std::uint32_t>(p[1]) << 16) |
         (std::to_integer<std::uint32_t>(p[2]) << 8) | std::to_integer<std::uint32_t>(p[3]);
}

/// The 2-byte big-endian integer at `p` (which must have 2 bytes).
inline std::uint16_t read_u16(std::span<const std::byte> p) noexcept {
  return static_cast<std::uint16_t>((std::to_integer<unsigned>(p[0]) << 8) |
                                    std::to_integer<unsigned>(p[1]));
}

/// Writes `v` big-endian into the 4 bytes at `p`.
inline void write_u32(std::byte* p, std::uint32_t v) noexcept {
  p[0] = static_cast<std::byte>(v >> 24);
  p[1] = static_cast<std::byte>(v >> 16);
  p[2] = static_cast<std::byte>(v >> 8);
  p[3] = static_cast<std::byte>(v);
}

inline void append_u32(std::vector<std::byte>& out, std::uint32_t v) {
  std::byte b[4];
  write_u32(b, v);
  out.insert(out.end(), b, b + 4);
}

inline void append_u16(std::vector<std::byte>& out, std::uint16_t v) {
  out.push_back(static_cast<std::byte>(v >> 8));
  out.push_back(static_cast<std::byte>(v));
}

}  // namespace corrent::wire::detail
