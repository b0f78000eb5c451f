#pragma once
// The process's file descriptors, split between peer connections, open files of the
// storage and everything else (listeners, the UDP socket, trackers, resume files, the
// resolver, stdio), as libtorrent and Transmission split theirs. Without a split a flood
// of connections takes the descriptors the disk needs, and the other way round.

#include <cstddef>
#include <cstdint>

namespace corrent::engine {

/// Descriptors kept back for what is neither a peer nor a storage file.
inline constexpr std::size_t kReservedDescriptors = 64;
/// Of what is left, one part in kFileDescriptorDivisor goes to open files (20%).
inline constexpr std::size_t kFileDescriptorDivisor = 5;
/// The storage always gets at least this many, however low the limit.
inline constexpr std::size_t kMinFileDescriptors = 8;

struct DescriptorBudget {
  std::size_t peers = 0;  ///< connections, inbound and outbound, handshaking or not
  std::size_t files = 0;  ///< descriptors the storage keeps open, all torrents together
};

/// Splits `limit` descriptors (RLIMIT_NOFILE's soft limit). A limit too small for the
/// reserve leaves peers 0: the session then makes no connections rather than fail later.
[[nodiscard]] DescriptorBudget split_descriptors(std::uint64_t limit);

/// The soft RLIMIT_NOFILE, raised first to the hard limit when `raise` and the system
/// allows (capped at kMaxRaisedDescriptors; an unlimited hard limit counts as that).
[[nodiscard]] std::uint64_t descriptor_limit(bool raise);

/// Highest soft limit descriptor_limit(true) asks for: beyond it select()-era code in
/// libraries breaks, and no session needs more.
inline constexpr std::uint64_t kMaxRaisedDescriptors = 65536;

}  // namespace corrent::engine
