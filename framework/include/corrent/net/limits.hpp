#pragma once
// The net module's bounds on datagrams (the session's shared UDP socket,
// net/datagram_service.hpp). Each is a named constant so that tests and docs refer to it.

#include <chrono>
#include <cstddef>

namespace corrent::net {

/// The largest datagram sent or received: the most a UDP payload over IPv4 can carry
/// (65535 - 8 bytes UDP header - 20 bytes IPv4 header). A larger one is refused by send().
inline constexpr std::size_t kMaxDatagramSize = 65507;

/// Datagrams queued per socket and not yet handed to the kernel. A burst above it (uTP's
/// window, a DHT lookup) is refused with send_queue_full rather than held: the senders
/// retransmit on their own, and memory stays bounded (512 * 64 KiB at worst, ~1.5 KiB
/// typically: about 750 KiB).
inline constexpr std::size_t kMaxDatagramSendQueue = 512;

/// The receive and send buffer asked of the kernel for each UDP socket (SO_RCVBUF,
/// SO_SNDBUF). uTP peers send their window in bursts; the system's default (208 KiB on
/// Linux, about 90 full-size datagrams) drops a loopback burst before the session reads
/// it. The kernel caps the request at net.core.rmem_max / wmem_max.
inline constexpr int kUdpSocketBufferBytes = 4 << 20;

/// Datagrams a socket's reader takes in a row when they are already waiting (a burst),
/// before the handlers' after-batch callbacks run and other work gets a turn. uTP answers
/// a burst with one ack there, as libtorrent does when its socket is drained.
inline constexpr std::size_t kMaxDatagramBatch = 64;

/// The window over which datagrams are counted per source address, for the rate limits of
/// the handlers (the DHT's per-source limit, libtorrent's dht "block" window is 5 s; ours
/// counts over 10 s).
inline constexpr std::chrono::seconds kSourceCountWindow{10};

/// Source addresses counted at once. Past it, the windows that have ended are dropped; if
/// all are current, the whole table is reset (a flood of spoofed sources must not grow
/// memory; the cost is one window of lenient counting).
inline constexpr std::size_t kMaxTrackedSources = 4096;

/// Ranges an IP filter (net/ip_filter.hpp) holds after merging, IPv4 and IPv6 together.
/// Ours: the lists people load (iBlocklist's level1, eMule's ipfilter.dat) have about
/// 200k-800k lines, fewer once merged; 2'000'000 leaves room for several such lists at once
/// while bounding memory (a std::map node of ~48-64 bytes per range: ~100-130 MB at the bound).
inline constexpr std::size_t kMaxIpFilterRanges = 2'000'000;

/// The largest blocklist text parse_ip_filter accepts. Ours: kMaxIpFilterRanges lines of
/// about 100 bytes (a long organisation name) is ~200 MB; our estimate for level1 (~200k+
/// lines of ~50 bytes) is ~10-15 MB, so real lists stay far below.
inline constexpr std::size_t kMaxIpFilterFileSize = std::size_t{256} * 1024 * 1024;

/// Rejected lines whose number and reason parse_ip_filter reports (all are counted): enough
/// to point at the problem in a log line without growing with a junk file.
inline constexpr std::size_t kMaxReportedIpFilterRejects = 8;

}  // namespace corrent::net
