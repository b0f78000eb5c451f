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

// --- Write tokens (token_issuer.hpp) ---------------------------------------------------

/// Bytes of the tokens we issue: the first bytes of SHA-1(secret || requester address).
/// libtorrent issues 4, Transmission's dht 8; 8 bytes make a guess one in 2^64 while the
/// secret lives, and cost 4 bytes more per get_peers reply than libtorrent's.
inline constexpr std::size_t kWriteTokenSize = 8;
/// Bytes of the random secret behind the tokens (the caller draws it).
inline constexpr std::size_t kTokenSecretSize = 20;

// --- Peer store (peer_store.hpp) -------------------------------------------------------

/// Info-hashes we store peers for: libtorrent's default dht_max_torrents, as listed in
/// reference/reliability.md section 4 ("DHT storage"); dht_storage.cpp drops announces past it.
inline constexpr std::size_t kMaxStoredTorrents = 2000;
/// Peers per info-hash and address family: libtorrent's default dht_max_peers
/// (reference/reliability.md section 4), which src/kademlia/dht_storage.cpp applies to its
/// IPv4 and IPv6 lists separately.
inline constexpr std::size_t kMaxPeersPerTorrent = 500;
/// Peers in all, both families. Ours: libtorrent bounds only the two figures above, which
/// allow 2000 x 500 x 2 = 2 million entries (near 100 MB), all of them fillable by one
/// host announcing many ports. 50 000 entries of ours (32 bytes each) are under 2 MB.
inline constexpr std::size_t kMaxStoredPeers = 50'000;
/// How long an announced peer stays: libtorrent drops a peer 1.5 announce intervals of 30
/// minutes after its last announce (dht_storage.cpp, purge_peers). BEP 5 gives no figure.
inline constexpr std::chrono::minutes kPeerLifetime{45};
/// Info-hashes in a BEP 51 sample we send: libtorrent's cap on
/// dht_max_infohashes_sample_count (infohashes_sample_count_max, dht_storage.cpp).
inline constexpr std::size_t kSamplesPerReply = 20;
/// The BEP 51 "interval" we send, in seconds: the BEP's maximum, which libtorrent's
/// dht_storage.cpp also caps dht_sample_infohashes_interval at. We refresh no sample
/// cache (each reply draws a new one), so this only tells crawlers not to hurry.
inline constexpr std::int64_t kSampleInterval = kMaxSampleInterval;

// --- Answering queries (query_handler.hpp, rate_limit.hpp) -----------------------------

/// Amplification guard: a reply to a source we have never heard a reply from (so whose
/// address may be spoofed) is at most this many times the size of the query that caused
/// it; values, then samples, then nodes are left out until it fits (reply_budget.hpp).
/// Reflection through the DHT reached about 50x (Adamsky et al., USENIX WOOT'15, in
/// reference/reliability.md). An ordinary find_node or get_peers reply with k nodes is
/// about 3x its query for IPv4 and 4.3x for IPv6 (38-byte nodes, 18-byte "ip"), so 5 keeps
/// those whole and trims only long "values" lists, samples and two-family (BEP 32) replies.
inline constexpr std::size_t kAmplificationFactor = 5;
/// Datagrams per second one source address may send before we drop its queries:
/// libtorrent's dht_block_ratelimit (5/s, src/kademlia/dos_blocker.cpp; the figure of
/// reference/reliability.md section 4, "DHT abuse"), counted over the
/// datagram service's per-source window (net::kSourceCountWindow). libtorrent also blocks
/// the address for 5 minutes (dht_block_timeout); our window restarts instead.
inline constexpr std::uint32_t kMaxQueriesPerSecondPerSource = 5;

// --- Our queries (rpc_table.hpp) -------------------------------------------------------

/// Bytes of the transaction ids we send (libtorrent's figure, dht_limits above).
inline constexpr std::size_t kOurTransactionIdSize = 2;
/// Our queries awaiting a reply, all lookups together. Ours: a lookup keeps kAlpha in
/// flight, so this leaves room for hundreds of lookups while bounding the table.
inline constexpr std::size_t kMaxOutstandingQueries = 1024;
/// How long we wait for a reply before the query counts as failed. Ours: replies from
/// reachable nodes come within a second or two; 10 s leaves room for slow links.
inline constexpr std::chrono::seconds kQueryTimeout{10};

// --- Lookups (lookup.hpp) --------------------------------------------------------------

/// Queries a lookup keeps in flight: Kademlia's alpha (Maymounkov and Mazieres use 3; BEP 5
/// builds on Kademlia). libtorrent's dht_settings default search_branching is 5; we keep
/// the paper's figure, which costs less per lookup.
inline constexpr std::size_t kAlpha = 3;
/// Candidates a lookup keeps, nearest first: libtorrent trims its traversal's result list
/// to 100 (src/kademlia/traversal_algorithm.cpp, add_entry), so a node flooding a lookup
/// with fake close nodes cannot grow it.
inline constexpr std::size_t kMaxLookupCandidates = 100;
/// Queries one lookup sends at most. Ours: a lookup over ten million nodes converges in
/// about 20-40 queries; 128 leaves room for losses and fake nodes and bounds the cost.
inline constexpr std::size_t kMaxLookupQueries = 128;
/// How long a lookup may run. Ours: 6 query timeouts in a row.
inline constexpr std::chrono::seconds kLookupTimeLimit{60};
/// Peers a get_peers lookup collects at most (ours: ten full "values" lists).
inline constexpr std::size_t kMaxLookupPeers = 10 * kMaxValuesPerReply;

// --- Saved state (table_state.hpp) -----------------------------------------------------

/// Nodes saved, and restored at most, per address family: the live-node bound of our
/// table (kDefaultMaxTableNodes), so a file with more was not written by us. libtorrent
/// saves every live node of its table (save_nodes, src/kademlia/dht_tracker.cpp), a few
/// hundred for an honest table (about 170 over ten million nodes, see above).
inline constexpr std::size_t kMaxSavedNodes = kDefaultMaxTableNodes;
/// Largest state file read: two full families (512 x (26 + 38) = 32 KiB of compact
/// nodes) plus the ids and keys, with room to spare; a cache this small is read at once.
inline constexpr std::size_t kMaxTableStateSize = 64 * 1024;

// --- Item and sample lookups (lookup.hpp) -------------------------------------------

/// Info-hashes a sample_infohashes lookup collects at most. Ours: as kMaxLookupPeers,
/// fifty of libtorrent's 20-sample replies; a crawler wanting more runs more lookups.
inline constexpr std::size_t kMaxLookupSamples = 1000;

// --- BEP 44 item store (item_store.hpp) -----------------------------------------------

/// Items stored per kind (immutable and mutable each): libtorrent's default
/// dht_max_dht_items (700, settings_pack; python3-libtorrent 2.0.8 reports it), which its
/// dht_storage.cpp applies to its immutable and mutable tables separately. Both full hold
/// about 1.5 MB of values (1000 bytes each at most, plus key and signature).
inline constexpr std::size_t kMaxStoredItems = 700;
/// How long an item stays after its last put. BEP 44: "Without re-announcement, these items
/// MAY expire in 2 hours", and publishers SHOULD re-announce once an hour. libtorrent's
/// dht_item_lifetime defaults to 0, meaning items never expire (they leave only when the
/// table is full), and a value set below 120 minutes is raised to 120 (dht_storage.cpp,
/// tick). We take the BEP's 2 hours, libtorrent's floor: an item nobody re-announces
/// stops taking room, and a publisher following the BEP never sees its item lapse.
inline constexpr std::chrono::hours kItemLifetime{2};

}  // namespace corrent::dht
