#pragma once
// The bounds of the plugin module.

#include <cstddef>

namespace corrent {

/// Most BEP 10 extensions a session can build: local extended-message ids are one byte,
/// and id 0 is the extension handshake itself, so ids run from 1 to 255.
inline constexpr std::size_t kMaxExtensions = 255;

}  // namespace corrent
