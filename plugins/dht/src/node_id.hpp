#pragma once
// A point of the DHT keyspace (BEP 5): node ids, lookup targets and info-hashes are all
// 160-bit strings, and "close" means a small XOR distance read as an unsigned integer.

#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "corrent/core/fixed_bytes.hpp"
#include "corrent/metainfo/info_hash.hpp"

namespace corrent::dht {

/// A 160-bit node id or target, ordered bytewise (so as the big-endian integer it is).
struct NodeId {
  std::array<std::uint8_t, 20> bytes{};

  friend auto operator<=>(const NodeId&, const NodeId&) = default;

  /// The 20 raw bytes as chars (valid while this id lives).
  [[nodiscard]] std::string_view view() const { return corrent::detail::fixed_bytes_view(bytes); }
  /// 40 lower-case hex characters, for logs and tests.
  [[nodiscard]] std::string hex() const;
  /// Exactly 20 raw bytes; nullopt for any other length.
  [[nodiscard]] static std::optional<NodeId> from_bytes(std::string_view raw) {
    return corrent::detail::fixed_bytes_from<NodeId>(raw);
  }
  /// 40 hex characters; nullopt for anything else.
  [[nodiscard]] static std::optional<NodeId> from_hex(std::string_view hex);
  /// The keyspace point of a torrent: get_peers and announce_peer look up its info-hash.
  [[nodiscard]] static NodeId from_info_hash(const metainfo::InfoHash& ih) { return NodeId{ih.bytes}; }

  /// Bit `i` counted from the most significant (bit 0 is the top bit of bytes[0]).
  [[nodiscard]] bool bit(std::size_t i) const { return (bytes[i / 8] >> (7 - i % 8)) & 1U; }

  template <class H>
  friend H AbslHashValue(H h, const NodeId& id) {
    return H::combine_contiguous(std::move(h), id.bytes.data(), id.bytes.size());
  }
};

/// a XOR b: the Kademlia distance, compared as an unsigned 160-bit integer (bytewise).
[[nodiscard]] NodeId distance(const NodeId& a, const NodeId& b) noexcept;

/// How many leading bits a and b share (160 when equal). The bucket of a node in a full
/// table is this count for our id and its.
[[nodiscard]] std::size_t common_prefix_bits(const NodeId& a, const NodeId& b) noexcept;

/// Whether `a` is closer to `target` than `b` is (strictly).
[[nodiscard]] bool closer_to(const NodeId& target, const NodeId& a, const NodeId& b) noexcept;

}  // namespace corrent::dht

template <>
struct std::hash<corrent::dht::NodeId> {
  /// Remote nodes choose their ids, so the leading bytes are not trusted to be uniform:
  /// hash them all.
  std::size_t operator()(const corrent::dht::NodeId& id) const noexcept {
    return std::hash<std::string_view>{}(id.view());
  }
};
