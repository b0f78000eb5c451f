#pragma once
// Bounds of rate limiting (the throttle module). Each figure says where it comes from.

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace corrent::throttle {

/// How often a Scheduler hands tokens to the transfers waiting for them (ours). libtorrent
/// hands out quota on its session tick (500 ms by default); 20 ms keeps a 1 MiB/s stream
/// smooth (20 KiB per hand-out) while waking a waiting connection at most 50 times a second.
inline constexpr std::chrono::milliseconds kTick{20};

/// What a bucket keeps while nobody draws from it, as time at its rate: a burst after a
/// pause is at most this much (ours; Transmission's bandwidth history is 1 s, libtorrent's
/// quota is refilled per tick). Short, so that "1 MiB/s" holds over any second.
inline constexpr std::chrono::milliseconds kBurstWindow{100};

/// The smallest grant handed to a transfer that wants at least this much (ours): below it,
/// a slow limit split among many connections would cost a system call per handful of
/// bytes.
inline constexpr std::size_t kMinGrant = 1024;

/// The least depth of a bucket: room for a grant of kMinGrant plus what a slow rate
/// accrues while it waits for the next hand-out, so that no token is lost to the cap.
inline constexpr std::size_t kMinDepth = 2 * kMinGrant;

/// The lowest limit accepted, bytes per second (ours): a limit is a rate, never a pause;
/// 0 is refused rather than taken as "stop" or "unlimited".
inline constexpr std::uint64_t kMinRate = 1;

}  // namespace corrent::throttle
