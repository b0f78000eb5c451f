#pragma once
// The bounds and intervals of the nat_pmp plugin (NAT-PMP, RFC 6886; PCP, RFC 6887), each
// with where its figure comes from. The message sizes bound the decoders
// (natpmp_message.hpp, pcp_message.hpp); the times and counts bound the client.

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace corrent::nat_pmp {

/// The port a NAT-PMP or PCP server listens on (RFC 6886 §3, RFC 6887 §19.1).
inline constexpr std::uint16_t kServerPort = 5351;

/// NAT-PMP reply sizes (RFC 6886 §3.2, §3.3, §3.5): every reply has an 8-byte header
/// (version, opcode, result code, epoch); the external-address reply adds the address
/// (12 bytes), a mapping reply the ports and lifetime (16 bytes). A server may send only
/// the header with a non-zero result code ("Unsupported Version", §3.5).
inline constexpr std::size_t kNatPmpHeaderSize = 8;
inline constexpr std::size_t kNatPmpAddressReplySize = 12;
inline constexpr std::size_t kNatPmpMapReplySize = 16;
/// NAT-PMP request sizes (RFC 6886 §3.2, §3.3).
inline constexpr std::size_t kNatPmpAddressRequestSize = 2;
inline constexpr std::size_t kNatPmpMapRequestSize = 12;

/// PCP sizes (RFC 6887 §7.1, §7.2, §11.1): a 24-byte common header, the 36-byte MAP
/// payload; every message a multiple of 4 bytes and at most 1100 bytes (§7: "MUST NOT
/// exceed 1100 octets"), options included.
inline constexpr std::size_t kPcpHeaderSize = 24;
inline constexpr std::size_t kPcpMapPayloadSize = 36;
inline constexpr std::size_t kPcpMapRequestSize = kPcpHeaderSize + kPcpMapPayloadSize;
inline constexpr std::size_t kPcpMaxMessageSize = 1100;
/// A PCP option header: code, reserved, 16-bit length (RFC 6887 §7.3).
inline constexpr std::size_t kPcpOptionHeaderSize = 4;
/// Options skipped in one response. The 1100-byte bound already limits them to 260; ours,
/// a tighter bound since we send none and expect none back.
inline constexpr std::size_t kPcpMaxOptions = 32;

/// The lifetime we ask for: RFC 6886 §3.3 recommends 7200 s. Configurable within
/// [kMinLifetime, kMaxLifetime] (ours: a second for tests, a day at most).
inline constexpr std::chrono::seconds kDefaultLifetime{7200};
inline constexpr std::chrono::seconds kMinLifetime{1};
inline constexpr std::chrono::seconds kMaxLifetime{24 * 3600};

/// Retransmission (RFC 6886 §3.1: first wait 250 ms, doubled each time; RFC 6887 §8.1.1
/// starts at 3 s, but its gateways also answer NAT-PMP's pace). RFC 6886 allows 9
/// attempts (64 s in all); we stop after max_attempts, default 4 (about 3.75 s), so that a
/// gateway that does not answer costs seconds, not a minute. Bounds ours.
inline constexpr std::chrono::milliseconds kInitialRetransmit{250};
inline constexpr std::uint32_t kDefaultMaxAttempts = 4;
inline constexpr std::uint32_t kMinAttempts = 1;
inline constexpr std::uint32_t kMaxAttempts = 9;  // RFC 6886 §3.1's own bound

/// Datagrams read during one attempt's wait that are not the answer (garbage, stale
/// replies); past it the attempt stops reading and waits out its time. Ours: time bounds
/// the wait, this bounds the work a flood makes us do.
inline constexpr std::uint32_t kMaxIgnoredPerExchange = 64;
/// The largest datagram read; one byte more than any valid reply, so that a longer one
/// shows as too long.
inline constexpr std::size_t kReceiveBufferSize = kPcpMaxMessageSize + 1;

/// After a failed mapping the next try waits kRetryMin, doubling up to kRetryMax (ours:
/// RFC 6887 §8.1.1's maximum retransmission time is 1024 s).
inline constexpr std::chrono::seconds kRetryMin{30};
inline constexpr std::chrono::seconds kRetryMax{1024};
/// The shortest wait before a mapping is renewed or made again, whatever lifetime the
/// gateway grants and however often its epoch says it lost its state (ours: a gateway
/// granting 1 s, or flipping its epoch on every reply, must not make us spin).
inline constexpr std::chrono::milliseconds kMinRenewWait{1000};
/// Attempts at deleting each mapping when the mapper stops (250 + 500 + 1000 ms, RFC
/// 6886's pace). Ours: fewer than for a mapping, and after one deletion goes unanswered
/// the others are not tried, so that removal ends inside the session's bound
/// (engine::kPortMapperStopTimeout, 3 s).
inline constexpr std::uint32_t kDeleteAttempts = 3;
/// The longest the mapper sleeps with nothing due (ours: it only bounds the wait).
inline constexpr std::chrono::hours kIdleWait{1};

/// Epoch checks (RFC 6886 §3.6, RFC 6887 §8.5): the server's epoch may advance as little
/// as 7/8 of our clock's time, less this slack, before we decide it lost its state (RFC
/// 6886's figures; PCP's 15/16 is stricter, and one rule serves both).
inline constexpr std::chrono::seconds kEpochSlack{2};

/// /proc/net/route: the most bytes and lines read (ours: thousands of routes at most).
inline constexpr std::size_t kMaxRouteFileSize = 1 << 20;
inline constexpr std::size_t kMaxRouteLines = 16384;

}  // namespace corrent::nat_pmp
