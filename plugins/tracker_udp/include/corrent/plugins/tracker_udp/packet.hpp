#pragma once
// The packets of the UDP tracker protocol (BEP 15). Sans-I/O: requests are encoded into
// byte vectors and replies decoded from spans; all integers are big-endian.
//
//   connect  request: protocol_id(8)=0x41727101980 action(4)=0 transaction_id(4)      16 B
//            reply:   action(4)=0 transaction_id(4) connection_id(8)                  16 B
//   announce request: connection_id(8) action(4)=1 transaction_id(4) info_hash(20)
//                     peer_id(20) downloaded(8) left(8) uploaded(8) event(4) ip(4)=0
//                     key(4) num_want(4) port(2)                                      98 B
//            reply:   action(4)=1 transaction_id(4) interval(4) leechers(4) seeders(4)
//                     then 6-byte (IPv4 socket) or 18-byte (IPv6 socket) peers      >= 20 B
//   scrape   request: connection_id(8) action(4)=2 transaction_id(4) info_hash(20)*n
//            reply:   action(4)=2 transaction_id(4) then seeders(4) completed(4)
//                     leechers(4) for each hash asked, in order
//   error    reply:   action(4)=3 transaction_id(4) message
//
// The decoders check, in this order (errors are tracker::errc): length >= 8, transaction
// id (a mismatch is errc::wrong_transaction_id: the client ignores such a packet and keeps
// waiting), action 3 (errc::tracker_failure with the message, at most kMaxUdpErrorMessage
// bytes, kept; an empty one, or one of NULs and spaces, is still a refusal:
// kUdpRefusalNoReason), the expected action (errc::wrong_action), then the length
// (errc::bad_packet_length; peers must be a whole number of entries). An announce reply of
// its 8-byte header alone is a refusal too (errc::tracker_failure, kUdpEmptyAnnounceReply):
// Debian's opentracker answers so for a torrent missing from its whitelist. Event numbers
// on the wire are BEP 15's:
// none 0, completed 1, started 2, stopped 3.
//
// Public, beside register_tracker_udp, because tools speak the protocol step by step
// (corrent-tracker's check) and fuzz targets feed the decoders bytes directly.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "corrent/metainfo/info_hash.hpp"
#include "corrent/tracker/announce.hpp"
#include "corrent/tracker/tracker_error.hpp"

namespace corrent::tracker_udp {

/// The magic constant of a connect request.
inline constexpr std::uint64_t kUdpProtocolId = 0x41727101980ULL;
/// Longest error text kept from an action-3 reply (the rest is cut).
inline constexpr std::size_t kMaxUdpErrorMessage = 1024;
/// The message of an action-3 reply that carries no text.
inline constexpr const char* kUdpRefusalNoReason = "refused, no reason given (an empty error reply)";
/// The message of an announce reply that is its 8-byte header alone.
inline constexpr const char* kUdpEmptyAnnounceReply =
    "refused, no reason given (an announce reply with no body: opentracker answers so for a "
    "torrent it does not track)";

/// BEP 15 action numbers.
enum class UdpAction : std::uint32_t { connect = 0, announce = 1, scrape = 2, error = 3 };

/// The peer address family of an announce reply: that of the socket it arrived on.
enum class UdpFamily { v4, v6 };

/// The first 8 bytes of any reply, if it has them.
struct UdpReplyHeader {
  std::uint32_t action = 0;
  std::uint32_t transaction_id = 0;
};
[[nodiscard]] std::optional<UdpReplyHeader> peek_udp_header(std::span<const std::uint8_t> packet);

/// BEP 15's event number for `event`.
[[nodiscard]] std::uint32_t udp_event(tracker::AnnounceEvent event);

[[nodiscard]] std::vector<std::uint8_t> encode_udp_connect(std::uint32_t transaction_id);
[[nodiscard]] std::vector<std::uint8_t> encode_udp_announce(std::uint64_t connection_id,
                                                            std::uint32_t transaction_id,
                                                            const tracker::AnnounceRequest& request);
[[nodiscard]] std::vector<std::uint8_t> encode_udp_scrape(
    std::uint64_t connection_id, std::uint32_t transaction_id,
    std::span<const metainfo::InfoHash> info_hashes);

/// The connection id of a connect reply.
[[nodiscard]] tracker::TrackerResult<std::uint64_t> decode_udp_connect(
    std::span<const std::uint8_t> packet, std::uint32_t transaction_id);
/// An announce reply: interval (clamped as for HTTP), complete (seeders), incomplete
/// (leechers), peers (at most kMaxPeersPerResponse) and transaction_id.
[[nodiscard]] tracker::TrackerResult<tracker::AnnounceResponse> decode_udp_announce(
    std::span<const std::uint8_t> packet, std::uint32_t transaction_id, UdpFamily family);
/// A scrape reply for `asked` (the hashes of the request, in order). A reply with fewer
/// entries than asked covers the first ones (BEP 15 allows a tracker to stop early);
/// a length that is not 8 + 12·k is errc::bad_packet_length.
[[nodiscard]] tracker::TrackerResult<tracker::ScrapeResponse> decode_udp_scrape(
    std::span<const std::uint8_t> packet, std::uint32_t transaction_id,
    std::span<const metainfo::InfoHash> asked);

}  // namespace corrent::tracker_udp
