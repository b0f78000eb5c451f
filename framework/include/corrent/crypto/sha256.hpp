#pragma once
// SHA-256, the hash of BitTorrent v2 (BEP 52) merkle trees and info-hashes, through
// libsodium.

#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "corrent/core/encoding.hpp"
#include "corrent/core/fixed_bytes.hpp"

namespace corrent::crypto {

/// A SHA-256 digest: 32 raw bytes, ordered bytewise.
struct Sha256Digest {
  std::array<std::uint8_t, 32> bytes{};

  friend auto operator<=>(const Sha256Digest&, const Sha256Digest&) = default;

  /// 64 lower-case hex characters.
  [[nodiscard]] std::string hex() const { return to_hex(bytes); }
  /// The 32 raw bytes as chars (valid while this digest lives).
  [[nodiscard]] std::string_view view() const { return corrent::detail::fixed_bytes_view(bytes); }
  /// The digest held in `raw`, which must be exactly 32 bytes long.
  [[nodiscard]] static std::optional<Sha256Digest> from_bytes(std::string_view raw) {
    return corrent::detail::fixed_bytes_from<Sha256Digest>(raw);
  }

  template <class H>
  friend H AbslHashValue(H h, const Sha256Digest& d) {
    return H::combine_contiguous(std::move(h), d.bytes.data(), d.bytes.size());
  }
};

/// An incremental SHA-256 hasher. Feed it with update(), read the digest with finish().
///
/// libsodium's SHA-256 cannot fail; only the constructor allocates (std::bad_alloc), and it
/// initialises libsodium once per process. A moved-from Sha256 may only be assigned to or
/// destroyed.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(Sha256&&) noexcept;
  Sha256& operator=(Sha256&&) noexcept;
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  /// Appends `data` to the message.
  void update(std::span<const std::byte> data);
  /// Appends the bytes of `data` to the message.
  void update(std::string_view data);
  /// The digest of everything fed since construction or the last finish(); the hasher
  /// then starts a new, empty message.
  [[nodiscard]] Sha256Digest finish();

  /// The SHA-256 of `data` in one call.
  [[nodiscard]] static Sha256Digest digest(std::string_view data);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace corrent::crypto

template <>
struct std::hash<corrent::crypto::Sha256Digest> {
  std::size_t operator()(const corrent::crypto::Sha256Digest& d) const noexcept {
    return corrent::detail::digest_std_hash(d.bytes);
  }
};
