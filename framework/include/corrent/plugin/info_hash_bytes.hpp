#pragma once
// The 20 raw bytes of a v1 info-hash, as the plugin interfaces see them today. The
// metainfo module's InfoHash type (being written in its own issue) will replace this alias
// at these interfaces; until then it is all that Discovery needs.

#include <array>
#include <cstdint>

namespace corrent {

/// SHA-1 of a torrent's info dictionary, in wire order.
using InfoHashBytes = std::array<std::uint8_t, 20>;

}  // namespace corrent
