#pragma once
// transport_utp's bounds, each with its reason. docs/architecture.md lists them.
#include <chrono>
#include <cstddef>
#include <cstdint>

namespace corrent::transport_utp {

/// Extensions read from one packet; a longer chain is refused (libtorrent sends two).
inline constexpr std::size_t kMaxExtensions = 8;
/// The longest selective ack read: 1,024 packets past ack_nr + 1. Longer is refused.
inline constexpr std::size_t kMaxSackBytes = 128;
/// The longest selective ack sent: 256 packets past ack_nr + 1, as libtorrent sends.
inline constexpr std::size_t kMaxSackBytesSent = 32;

}  // namespace corrent::transport_utp
