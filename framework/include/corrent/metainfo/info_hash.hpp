#pragma once
// The BitTorrent v1 info-hash: the SHA-1 of the bencoded info dict, exactly as it
// appears in the .torrent (never re-encoded).

#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace corrent::metainfo {

/// A v1 info-hash: 20 raw bytes, ordered bytewise.
struct InfoHash {
  std::array<std::uint8_t, 20> bytes{};

  /// 40 lower-case hex characters.
  [[nodiscard]] std::string hex() const;
  /// 32 upper-case RFC 4648 base32 characters (the old magnet form).
  [[nodiscard]] std::string base32() const;
  /// The 20 raw bytes (valid while this InfoHash lives).
  [[nodiscard]] std::string_view view() const {
    return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
  }

  /// Parses 40 hex characters (either case); nullopt for anything else.
  [[nodiscard]] static std::optional<InfoHash> from_hex(std::string_view hex);
  /// Parses 32 base32 characters (either case); nullopt for anything else.
  [[nodiscard]] static std::optional<InfoHash> from_base32(std::string_view text);
  /// Takes exactly 20 raw bytes; nullopt for any other length.
  [[nodiscard]] static std::optional<InfoHash> from_bytes(std::string_view raw20) {
    if (raw20.size() != 20) return std::nullopt;
    InfoHash h;
    std::memcpy(h.bytes.data(), raw20.data(), h.bytes.size());
    return h;
  }

  friend auto operator<=>(const InfoHash&, const InfoHash&) = default;

  template <class H>
  friend H AbslHashValue(H h, const InfoHash& ih) {
    return H::combine_contiguous(std::move(h), ih.bytes.data(), ih.bytes.size());
  }
};

}  // namespace corrent::metainfo

template <>
struct std::hash<corrent::metainfo::InfoHash> {
  /// The hash is already uniform: its first bytes are a fine hash value.
  std::size_t operator()(const corrent::metainfo::InfoHash& ih) const noexcept {
    std::size_t v = 0;
    std::memcpy(&v, ih.bytes.data(), sizeof v);
    return v;
  }
};
