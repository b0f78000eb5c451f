#pragma once
// The 20 raw bytes of a v1 info-hash, as the plugin interfaces (Discovery's context,
// TorrentView) see them today. The metainfo module's InfoHash type may replace this alias
// at these interfaces.

#include <array>
#include <cstdint>

namespace corrent {

/// SHA-1 of a torrent's info dictionary, in wire order.
using InfoHashBytes = std::array<std::uint8_t, 20>;

}  // namespace corrent
