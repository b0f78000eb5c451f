#pragma once
// SHA-1, the hash of BitTorrent v1 pieces and info-hashes, through OpenSSL's EVP interface
// (which uses the CPU's SHA instructions where present).

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

/// A SHA-1 digest: 20 raw bytes, ordered bytewise.
struct Sha1Digest {
  std::array<std::uint8_t, 20> bytes{};

  friend auto operator<=>(const Sha1Digest&, const Sha1Digest&) = default;

  /// 40 lower-case hex characters.
  [[nodiscard]] std::string hex() const { return to_hex(bytes); }
  /// The 20 raw bytes as chars (valid while this digest lives).
  [[nodiscard]] std::string_view view() const { return corrent::detail::fixed_bytes_view(bytes); }
  /// The digest held in `raw`, which must be exactly 20 bytes long.
  [[nodiscard]] static std::optional<Sha1Digest> from_bytes(std::string_view raw) {
    return corrent::detail::fixed_bytes_from<Sha1Digest>(raw);
  }

  template <class H>
  friend H AbslHashValue(H h, const Sha1Digest& d) {
    return H::combine_contiguous(std::move(h), d.bytes.data(), d.bytes.size());
  }
};

/// An incremental SHA-1 hasher. Feed it with update(), read the digest with finish().
///
/// OpenSSL's digest calls fail only when memory runs out or the installation is broken
/// (a bug, not an input error), so failures are not values here: the constructor throws
/// std::bad_alloc when OpenSSL cannot allocate, and any call throws std::runtime_error if
/// OpenSSL reports an error. A moved-from Sha1 may only be assigned to or destroyed.
class Sha1 {
 public:
  Sha1();
  ~Sha1();
  Sha1(Sha1&&) noexcept;
  Sha1& operator=(Sha1&&) noexcept;
  Sha1(const Sha1&) = delete;
  Sha1& operator=(const Sha1&) = delete;

  /// Appends `data` to the message.
  void update(std::span<const std::byte> data);
  /// Appends the bytes of `data` to the message.
  void update(std::string_view data);
  /// The digest of everything fed since construction or the last finish(); the hasher
  /// then starts a new, empty message.
  [[nodiscard]] Sha1Digest finish();

  /// The SHA-1 of `data` in one call.
  [[nodiscard]] static Sha1Digest digest(std::string_view data);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace corrent::crypto

template <>
struct std::hash<corrent::crypto::Sha1Digest> {
  std::size_t operator()(const corrent::crypto::Sha1Digest& d) const noexcept {
    return corrent::detail::digest_std_hash(d.bytes);
  }
};
