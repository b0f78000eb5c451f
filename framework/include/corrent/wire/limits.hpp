#pragma once
// Bounds and fixed sizes of the peer wire protocol (BEP 3, 6, 10). Figures follow the
// specs and the mature clients, as collected in reference/reliability.md section 4; where
// we pick our own value the comment says why.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace corrent::wire {

/// The protocol string of the handshake (BEP 3), sent after its length byte (19).
inline constexpr std::string_view kProtocolString = "BitTorrent protocol";
/// The whole handshake: 1 length byte + 19 protocol bytes + 8 reserved + 20 info-hash +
/// 20 peer id (BEP 3).
inline constexpr std::size_t kHandshakeLength = 68;
/// The part of the handshake before the peer id (length byte, protocol, reserved,
/// info-hash): enough to pick the torrent before the peer id arrives.
inline constexpr std::size_t kHandshakeHeadLength = 48;
/// The peer id at the end of the handshake.
inline constexpr std::size_t kPeerIdLength = 20;

/// Every message after the handshake starts with a 4-byte big-endian length (BEP 3).
inline constexpr std::size_t kLengthPrefixSize = 4;
/// Largest message body accepted by default, checked as soon as the 4-byte length
/// arrives: libtorrent's bound (bt_peer_connection.cpp). Nothing legitimate but the
/// BITFIELD of a torrent with more than 8 million pieces is larger (a PIECE is 16 KiB + 9).
inline constexpr std::uint32_t kDefaultMaxMessageLength = 1024 * 1024;

/// The message bound for a torrent of `piece_count` pieces: kDefaultMaxMessageLength,
/// raised when needed so that the torrent's BITFIELD (1 id byte + ceil(pieces / 8)) fits.
[[nodiscard]] constexpr std::uint32_t max_message_length(std::uint32_t piece_count) noexcept {
  const std::uint32_t bitfield_body = piece_count / 8 + (piece_count % 8 != 0 ? 1 : 0) + 1;
  return std::max(kDefaultMaxMessageLength, bitfield_body);
}

/// The block size we request: 16 KiB, what every client uses (BEP 3 notes 2^14).
inline constexpr std::uint32_t kBlockSize = 16 * 1024;
/// Largest REQUEST we serve: BEP 3 says to close connections that ask for more than 2^14
/// bytes, and libtorrent rejects them too (peer_connection.cpp).
inline constexpr std::uint32_t kMaxRequestLength = 16 * 1024;

/// The request queue depth we assume for a peer whose extension handshake has no "reqq"
/// (BEP 10 names no default; DESIGN.md fixes 250). Never keep more requests outstanding
/// at such a peer.
inline constexpr std::uint32_t kDefaultPeerReqq = 250;
/// The "reqq" we advertise. 500 requests of 16 KiB is 8 MiB in flight per peer: a full
/// pipe at 80 MB/s with 100 ms of round trip, while the memory a peer can make us commit
/// to its queue stays bounded. Transmission advertises the same; libtorrent's 2000 is for
/// its high-performance seed preset.
inline constexpr std::uint32_t kAdvertisedReqq = 500;

/// How many allowed-fast pieces we grant a peer (BEP 6's k, which the spec leaves to
/// implementations; its example computes 7 and 9). MonoTorrent grants 10 and libtorrent
/// 5; 10 lets a newly met peer finish a small piece or two while still choked.
inline constexpr std::size_t kAllowedFastSetSize = 10;

/// Largest BEP 10 extension handshake payload we decode. Real ones are a few hundred
/// bytes (a dozen "m" entries, "v", "p", "reqq", "yourip", "metadata_size"); 64 KiB is
/// two orders of magnitude of headroom while keeping the decode and the owned copy small.
inline constexpr std::size_t kMaxExtensionHandshakeSize = 64 * 1024;
/// Deepest bencode nesting in an extension handshake: the figure reliability.md gives for
/// peer extension messages (a legitimate handshake is 2 levels deep).
inline constexpr std::size_t kExtensionHandshakeMaxDepth = 32;
/// Most bencode items in an extension handshake: 8 per byte of the bound would be
/// impossible anyway; 4096 admits a full "m" of 255 entries (510 tokens) many times over.
inline constexpr std::size_t kExtensionHandshakeMaxTokens = 4096;
/// Most entries in the "m" dict: local ids are 1..255, so more names cannot all be live.
inline constexpr std::size_t kMaxExtensionNames = 255;
/// Longest extension name kept from "m"; longer ones are ignored (real names are short
/// like "ut_metadata", "lt_donthave").
inline constexpr std::size_t kMaxExtensionNameLength = 64;
/// Longest client name ("v") kept; longer ones are cut, so logs stay readable.
inline constexpr std::size_t kMaxClientNameLength = 256;

/// Largest payload of an EXTENDED message (after its two id bytes): the general message
/// bound applies; each extension may check a tighter one (ut_metadata: 16 KiB pieces).
inline constexpr std::size_t kMaxExtendedPayload = kDefaultMaxMessageLength - 2;

/// Largest receive buffer per peer: libtorrent's max_peer_recv_buffer_size (2 MiB). It
/// holds one maximal message (1 MiB + 4) with room to spare for what follows it.
inline constexpr std::size_t kMaxRecvBufferSize = 2 * 1024 * 1024;
/// How much free space RecvBuffer::free_space() offers by default: two PIECE messages,
/// so one read_some usually brings whole blocks.
inline constexpr std::size_t kRecvReadChunk = 2 * (kBlockSize + 13);
/// Messages PeerConnection::receive() keeps unread before the connection stops reading
/// (back-pressure): 64 full blocks is 1 MiB, the bound of one message, so a pull-style
/// reader holds at most about one maximal message's worth per peer, plus the receive buffer.
inline constexpr std::size_t kMaxInboxMessages = 64;

}  // namespace corrent::wire
