#pragma once
// The settings of a PeerConnection, with the defaults and bounds they start from.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "corrent/wire/limits.hpp"

namespace corrent::events {
class EventBus;
}

namespace corrent::wire {

/// A peer that completes no message for this long is dropped: libtorrent's
/// inactivity_timeout (600 s) is for idle seeds; 120 s is two keep-alive periods, the
/// bound BEP 3 implies ("peers close connections which receive no messages for about two
/// minutes").
inline constexpr std::chrono::milliseconds kDefaultInactivityTimeout{120000};
/// We send a keep-alive after this long without sending anything (BEP 3: "generally
/// sent once every two minutes"; libtorrent and Transmission send one every 60 s or
/// less, so the other side's two-minute timeout never fires).
inline constexpr std::chrono::milliseconds kDefaultKeepAliveInterval{60000};
/// The handshake (ours and theirs, 68 bytes each way) must complete within this long:
/// libtorrent's handshake_timeout is 10 s; 20 s leaves room for a slow first round trip.
inline constexpr std::chrono::milliseconds kDefaultHandshakeTimeout{20000};
/// Messages waiting in a connection's send queue; send() waits for room beyond it. 512
/// covers a full reqq of PIECE replies (kAdvertisedReqq 500) plus control messages.
inline constexpr std::size_t kDefaultSendQueueLimit = 512;

/// The writer sends at most this many queued messages in one gathered write (a writev of
/// twice as many parts stays well under IOV_MAX, 1024 on Linux).
inline constexpr std::size_t kMaxGatheredMessages = 64;

/// How one PeerConnection behaves. Plain values; the engine fills them from its config.
struct PeerSettings {
  std::chrono::milliseconds handshake_timeout = kDefaultHandshakeTimeout;
  /// No complete message from the peer for this long ends the connection (a peer sending
  /// one byte at a time makes no progress: only whole messages count). A write that has
  /// not completed after this long ends it too.
  std::chrono::milliseconds inactivity_timeout = kDefaultInactivityTimeout;
  std::chrono::milliseconds keep_alive_interval = kDefaultKeepAliveInterval;
  std::size_t send_queue_limit = kDefaultSendQueueLimit;
  /// Our "v" in the extension handshake.
  std::string client_name = "corrent";
  /// The scheme of the transport the stream runs on ("tcp", "utp"), for PeerConnected.
  std::string transport;
  /// Our "upload_only" (BEP 21): we only seed this torrent. PeerConnection::set_upload_only
  /// changes it on a running connection.
  bool upload_only = false;
  /// Our "p": the port we listen on, if any.
  std::optional<std::uint16_t> listen_port;
  /// Our "reqq".
  std::uint32_t reqq = kAdvertisedReqq;
  /// Where PeerConnected, PeerClosed and BlockReceived go; none if null. Must outlive
  /// the connection.
  events::EventBus* events = nullptr;
};

}  // namespace corrent::wire
