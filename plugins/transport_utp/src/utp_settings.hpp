#pragma once
// The settings of transport_utp's worker classes, with the defaults and their sources;
// only register.cpp fills them from the configuration section.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include "ledbat.hpp"

namespace corrent::transport_utp {

/// UDP payload of one packet on a 1,500-byte Ethernet path: IPv4 (20) and UDP (8) headers
/// off. IPv6 takes 20 bytes more; the uTP header and a selective ack come off too.
inline constexpr std::uint32_t kPacketSizeCeilingV4 = 1500 - 20 - 8;
inline constexpr std::uint32_t kPacketSizeCeilingV6 = 1500 - 40 - 8;
/// The least UDP payload every IPv6 path carries (1,280 - 48): MTU probing starts here.
inline constexpr std::uint32_t kPacketSizeFloor = 1280 - 40 - 8;
/// Header room every packet keeps: the header and the largest selective ack we send.
inline constexpr std::uint32_t kPacketOverhead = 20 + 2 + 32;

/// The first retransmission timeout, before any round trip is measured (BEP 29: 1 s).
inline constexpr std::uint32_t kInitialRtoUs = 1'000'000;
/// The least timeout: libtorrent's utp_min_timeout is 500 ms.
inline constexpr std::uint32_t kMinRtoUs = 500'000;
/// The most a doubled timeout grows to.
inline constexpr std::uint32_t kMaxRtoUs = 60'000'000;
/// Duplicate acks (or packets selectively acked past a hole) that mean a loss: TCP's 3.
inline constexpr std::uint32_t kDuplicateAckThreshold = 3;

/// Data this far or further past the last in-order packet is dropped: the reorder
/// buffer holds fewer packets than this (libtorrent drops beyond its window too).
inline constexpr std::uint16_t kMaxReorderDistance = 2048;

/// In-order data packets acked with one STATE (TCP acks every second segment, libtorrent
/// about every seventh on loopback); the rest wait at most one tick. Each ack costs the
/// sender a datagram to read, the bulk of a uTP sender's work.
inline constexpr std::uint32_t kDelayedAckPackets = 4;

/// How often a connection's timers are looked at.
inline constexpr std::chrono::milliseconds kTickInterval{10};

struct ConnectionSettings {
  /// Bytes written and not yet acknowledged; write() takes no more (back-pressure).
  std::uint32_t send_buffer_bytes = 1 << 20;
  /// Bytes received and not yet read, in order or not; the window we advertise.
  std::uint32_t receive_buffer_bytes = 1 << 20;
  /// Largest UDP payload tried (the path's MTU less IP and UDP headers).
  std::uint32_t packet_size_ceiling = kPacketSizeCeilingV4;
  /// Resends of one SYN before the connect fails (libtorrent's utp_syn_resends: 2).
  std::uint32_t syn_resends = 2;
  /// Resends of one data packet before the connection fails (libtorrent's utp_num_resends: 3).
  std::uint32_t data_resends = 3;
  /// An inbound connection whose peer sends nothing after our STATE is dropped after this.
  std::chrono::milliseconds half_open_timeout{10'000};
  /// Nothing sent for this long: a keep-alive (an ack) goes out, keeping NAT state alive
  /// (libtorrent: 29 s).
  std::chrono::milliseconds keepalive_interval{29'000};
  /// Nothing received for this long: the connection is dead.
  std::chrono::milliseconds idle_timeout{90'000};
  /// A closing connection that cannot deliver its last bytes and FIN in this time is reset.
  std::chrono::milliseconds linger_timeout{30'000};
  LedbatSettings ledbat;
};

/// What one connection has done, for tests and status pages.
struct ConnectionStats {
  std::uint64_t packets_sent = 0;
  std::uint64_t packets_received = 0;
  std::uint64_t payload_sent = 0;      ///< first transmissions
  std::uint64_t payload_received = 0;  ///< delivered in order
  std::uint64_t resent = 0;
  std::uint64_t fast_retransmits = 0;
  std::uint64_t timeouts = 0;
  std::uint64_t duplicates_received = 0;
  std::uint64_t out_of_window = 0;     ///< data past the receive window: dropped
  std::uint64_t bad_acks = 0;          ///< acks of packets never sent: ignored
  std::uint64_t mtu_probes = 0;
  std::uint64_t mtu_probes_lost = 0;
};

/// The transport's own settings (register.cpp fills them).
struct UtpSettings {
  ConnectionSettings connection;
  /// A connect gives up after min(this, the caller's timeout).
  std::chrono::milliseconds connect_timeout{15'000};
  /// Inbound connections set up and not yet taken by accept(), or not yet confirmed by
  /// the peer's first packet: SYNs beyond it are dropped unanswered (a SYN flood).
  std::size_t max_half_open_inbound = 64;
  /// Connections at once, both ways.
  std::size_t max_connections = 2048;
  /// RESETs sent per second to packets of unknown connections.
  std::uint32_t max_resets_per_second = 100;
};

}  // namespace corrent::transport_utp
