#pragma once
// The 20-byte peer id sent to trackers and in the handshake (BEP 3), ours in the
// Azureus style of BEP 20, and readable names for the ids other clients send.

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

namespace corrent {

/// How corrent's peer ids begin (BEP 20, Azureus style): client code "CR", which none of
/// the published client lists (BEP 20, Vuze's, Transmission's) uses, then version 0.1.0.0.
inline constexpr std::string_view kPeerIdPrefix = "-CR0100-";

/// A peer id: 20 opaque bytes, ordered bytewise.
struct PeerId {
  std::array<std::uint8_t, 20> bytes{};

  friend auto operator<=>(const PeerId&, const PeerId&) = default;

  /// The 20 raw bytes as chars (valid while this id lives).
  [[nodiscard]] std::string_view view() const { return detail::fixed_bytes_view(bytes); }
  /// The id held in `raw`, which must be exactly 20 bytes long.
  [[nodiscard]] static std::optional<PeerId> from_bytes(std::string_view raw) {
    return detail::fixed_bytes_from<PeerId>(raw);
  }

  template <class H>
  friend H AbslHashValue(H h, const PeerId& id) {
    return H::combine_contiguous(std::move(h), id.bytes.data(), id.bytes.size());
  }
};

/// A fresh id for this session: kPeerIdPrefix, then 12 random letters and digits (so the
/// id needs no escaping in a tracker URL).
[[nodiscard]] PeerId make_peer_id();
/// The same form of id drawn from a fixed seed: the same seed gives the same id (for
/// simulations that must run the same way twice; see SessionSettings::random_seed).
[[nodiscard]] PeerId make_peer_id(std::uint64_t seed);

/// The client behind `id`, for people: "qBittorrent 4.5.2", "BitTornado 0.3.18". Knows a
/// small table of common Azureus-style codes and the Shadow-style clients; for any other id,
/// the id itself with unprintable bytes escaped as \xNN (and '\' as \\).
[[nodiscard]] std::string describe_peer_id(const PeerId& id);

}  // namespace corrent

/// Hashes all 20 bytes: the remote side chooses them, so no part can be trusted to vary.
template <>
struct std::hash<corrent::PeerId> {
  std::size_t operator()(const corrent::PeerId& id) const noexcept {
    return std::hash<std::string_view>{}(id.view());
  }
};
