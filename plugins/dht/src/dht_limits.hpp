#pragma once
// The bounds of the mainline DHT (BEP 5, 32, 42, 43, 44, 51), with where each figure comes
// from. Everything a remote node sends is checked against these before it is used.

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace corrent::dht {

// --- Identifiers and compact encodings -------------------------------------------------

/// Bytes of a node id, a target and an info-hash: the DHT keyspace is 160 bits (BEP 5).
inline constexpr std::size_t kNodeIdSize = 20;
/// Compact node info: id, IPv4 address, port (BEP 5) and id, IPv6 address, port (BEP 32).
inline constexpr std::size_t kCompactNodeV4Size = 26;
inline constexpr std::size_t kCompactNodeV6Size = 38;
/// Compact peer info in "values" and compact addresses in "ip" (BEP 5, 32, 42).
inline constexpr std::size_t kCompactPeerV4Size = 6;
inline constexpr std::size_t kCompactPeerV6Size = 18;

// --- Packets ---------------------------------------------------------------------------

/// Largest KRPC datagram we decode. libtorrent reads UDP into a 1500-byte buffer, so a
/// bigger message never works with the most common implementation anyway, and every reply
/// we build (8 nodes of each family, 100 IPv4 values, a 1000-byte BEP 44 value with its
/// key and signature) fits in it. It is also an Ethernet MTU: larger datagrams fragment.
inline constexpr std::size_t kMaxPacketSize = 1500;
/// Bencode bounds of one KRPC message. A message is three levels deep (message dict, "a"
/// or "r" dict, "values" or "e" list); the rest is room for a BEP 44 value, which may be
/// any bencoded item. 1500 bytes hold at most 750 items ("0:" each), so the token bound
/// refuses the degenerate long lists while leaving 5x what a full get_peers reply uses.
inline constexpr std::size_t kMaxDepth = 16;
inline constexpr std::size_t kMaxTokens = 512;
/// Longest transaction id "t" we accept and echo. BEP 5 only says "short"; libtorrent sends
/// 2 bytes, Transmission's dht 4; 16 leaves room and keeps our echoes small.
inline constexpr std::size_t kMaxTransactionIdSize = 16;
/// Longest client version "v" (BEP 5 suggests 2 client bytes and 2 version bytes).
inline constexpr std::size_t kMaxVersionSize = 16;
/// Longest write token. BEP 5 leaves the size to the node that issues it; libtorrent
/// issues 4 bytes, Transmission's dht 8, some nodes a whole SHA-1 (20).
inline constexpr std::size_t kMaxTokenSize = 32;
/// Longest message text in an error reply "e" we accept.
inline constexpr std::size_t kMaxErrorMessageSize = 256;

// --- Replies ---------------------------------------------------------------------------

/// k, the bucket size and the number of closest nodes returned (BEP 5: K = 8).
inline constexpr std::size_t kBucketSize = 8;
/// Most compact nodes per family ("nodes" or "nodes6") in a reply we accept. We send k;
/// twice k leaves room for nodes that return more, and we use only the closest ones.
inline constexpr std::size_t kMaxNodesPerReply = 2 * kBucketSize;
/// Most peers in a get_peers "values" list, sent or accepted: libtorrent's default
/// max_peers_reply. An IPv4 reply this full is 800 bytes of values.
inline constexpr std::size_t kMaxValuesPerReply = 100;
/// Most info-hashes in a BEP 51 "samples" string we accept. A 1500-byte packet has room
/// for at most 72 next to a reply's other keys; libtorrent sends at most 20 (its
/// max_infohashes_sample_count). 64 refuses nothing an honest node sends.
inline constexpr std::size_t kMaxSamplesPerReply = 64;
/// Largest BEP 51 "interval" in seconds (the BEP caps it at 6 hours).
inline constexpr std::int64_t kMaxSampleInterval = 21'600;

// --- BEP 44 items ----------------------------------------------------------------------

/// Largest bencoded value "v" of a stored item (BEP 44: 1000 bytes).
inline constexpr std::size_t kMaxItemValueSize = 1000;
/// Longest salt of a mutable item (BEP 44: 64 bytes).
inline constexpr std::size_t kMaxSaltSize = 64;
/// An ed25519 public key "k" and signature "sig" (BEP 44).
inline constexpr std::size_t kPublicKeySize = 32;
inline constexpr std::size_t kSignatureSize = 64;

// --- Error codes (BEP 5) ---------------------------------------------------------------

inline constexpr std::int64_t kErrorGeneric = 201;
inline constexpr std::int64_t kErrorServer = 202;
inline constexpr std::int64_t kErrorProtocol = 203;  ///< malformed packet, bad argument, bad token
inline constexpr std::int64_t kErrorMethodUnknown = 204;

// --- Tokens ----------------------------------------------------------------------------

/// How often the secret behind write tokens changes (BEP 5: every five minutes); a token
/// made with the current or the previous secret is accepted, so up to 10 minutes old.
inline constexpr std::chrono::minutes kTokenRotation{5};
inline constexpr std::chrono::minutes kTokenLifetime = 2 * kTokenRotation;

// --- Routing table ---------------------------------------------------------------------

/// Most buckets: one per bit of the keyspace (a 161st would hold only our own id).
inline constexpr std::size_t kMaxBuckets = 160;
/// Nodes kept per bucket in reserve, to replace nodes that go bad (libtorrent keeps as many
/// replacements as live nodes).
inline constexpr std::size_t kReplacementCacheSize = kBucketSize;
/// A node is good while it has answered one of our queries, or queried us after having
/// answered once, within this time (BEP 5: 15 minutes); after it, questionable.
inline constexpr std::chrono::minutes kGoodNodeInterval{15};
/// A bucket nobody touched for this long needs a refresh (BEP 5: 15 minutes).
inline constexpr std::chrono::minutes kBucketRefreshInterval{15};
/// Failed queries in a row after which a node is bad: Transmission's dht (jech/dht) drops a
/// node after 3 unanswered pings. A node that failed once is replaced as soon as a
/// replacement is waiting (libtorrent's rule).
inline constexpr std::uint32_t kMaxFailedQueries = 3;
/// Default bound on the live nodes of one table. An honest table over ten million nodes
/// has about log2(10^7 / 8) = 21 full buckets (170 nodes); deeper buckets fill only when
/// many ids share our prefix, which an attacker can arrange without BEP 42. 512 is three
/// times an honest table and still a small, fixed cost.
inline constexpr std::size_t kDefaultMaxTableNodes = 512;

}  // namespace corrent::dht
