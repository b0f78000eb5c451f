#pragma once
// What the 20- and 32-byte identifier types (Sha1Digest, Sha256Digest, PeerId) share:
// a char view of their bytes, construction from raw bytes of exactly the right length,
// and a cheap std::hash. Implementation detail of those types.

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>

namespace corrent::detail {

/// The raw bytes as chars, for comparing with or appending to wire data.
template <std::size_t N>
[[nodiscard]] std::string_view fixed_bytes_view(const std::array<std::uint8_t, N>& bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), N};
}

/// A T whose `bytes` member holds `raw`, or nullopt unless `raw` has exactly that length.
template <class T>
[[nodiscard]] std::optional<T> fixed_bytes_from(std::string_view raw) {
  T out;
  if (raw.size() != out.bytes.size()) return std::nullopt;
  std::memcpy(out.bytes.data(), raw.data(), raw.size());
  return out;
}

/// A std::hash value for a cryptographic digest: its leading bytes are already uniform.
/// Not for identifiers whose bytes others choose (peer ids).
template <std::size_t N>
[[nodiscard]] std::size_t digest_std_hash(const std::array<std::uint8_t, N>& bytes) noexcept {
  static_assert(N >= sizeof(std::size_t));
  std::size_t h;
  std::memcpy(&h, bytes.data(), sizeof h);
  return h;
}

}  // namespace corrent::detail
