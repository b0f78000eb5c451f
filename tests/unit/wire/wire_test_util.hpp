#pragma once
// Small helpers shared by the wire tests: byte vectors from literals and integers.

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string_view>
#include <vector>

namespace wire_test {

/// Bytes from small integers: bytes({0, 0, 0, 1, 2}).
inline std::vector<std::byte> bytes(std::initializer_list<int> values) {
  std::vector<std::byte> out;
  for (const int v : values) out.push_back(static_cast<std::byte>(v));
  return out;
}

/// Bytes of a string (binary-safe with a sized string_view).
inline std::vector<std::byte> bytes_of(std::string_view s) {
  std::vector<std::byte> out;
  for (const char c : s) out.push_back(static_cast<std::byte>(c));
  return out;
}

inline void put_u32(std::vector<std::byte>& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<std::byte>(v >> shift));
}

/// A body: id byte, then the given big-endian 32-bit integers.
inline std::vector<std::byte> body(int id, std::initializer_list<std::uint32_t> ints) {
  std::vector<std::byte> out{static_cast<std::byte>(id)};
  for (const auto v : ints) put_u32(out, v);
  return out;
}

/// A framed message: 4-byte length, then the body.
inline std::vector<std::byte> framed(std::span<const std::byte> body_bytes) {
  std::vector<std::byte> out;
  put_u32(out, static_cast<std::uint32_t>(body_bytes.size()));
  out.insert(out.end(), body_bytes.begin(), body_bytes.end());
  return out;
}

}  // namespace wire_test
