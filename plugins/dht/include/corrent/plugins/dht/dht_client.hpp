#pragma once
// DhtClient: one DHT node of our own, outside any session, for tools that ask the DHT
// something once (`corrent dht ping`, `get-peers`, `table`) and for programs that want the
// mainline DHT without a torrent engine. It runs an IPv4 node on a UDP socket of its own
// (any port unless given), joins through the bootstrap nodes, and answers queries while
// it runs, as any node must, unless it is read-only (BEP 43: DhtClientSettings::read_only).
//
//   auto dht = plugins::DhtClient::open(executor, settings).value();
//   co_await dht->bootstrap(10s);
//   auto found = co_await dht->get_peers(info_hash);   // found.peers
//   co_await dht->stop();
//
// It also stores and reads BEP 44 items (put_immutable / get_immutable; mutable items
// signed with a DhtKey: put_mutable / get_mutable) and samples the info-hashes nodes hold
// (BEP 51, sample_infohashes).
//
// The session's DHT is the "dht" Discovery plugin (dht.hpp); this is the same node
// without the session.

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <asio/any_io_executor.hpp>

#include "corrent/plugin/info_hash_bytes.hpp"
#include "corrent/core/result.hpp"
#include "corrent/core/task.hpp"
#include "corrent/net/endpoint.hpp"

namespace corrent::plugins {

struct DhtClientSettings {
  /// HOST:PORT of nodes to join through, numeric or by name (the "dht" section's
  /// bootstrap_nodes format). Empty: the node knows nobody until it is queried.
  std::vector<std::string> bootstrap;
  /// The UDP port of our node; 0: any.
  std::uint16_t port = 0;
  /// The address to bind: 0.0.0.0 unless given (tests: 127.0.0.1).
  net::Endpoint bind = net::Endpoint::v4({}, 0);
  /// A lookup asks one node per IP address (libtorrent's dht_restrict_search_ips); false
  /// where many honest nodes share one (a DHT on 127.0.0.1).
  bool restrict_search_ips = true;
  /// How long one query waits for its reply.
  std::chrono::milliseconds query_timeout{5000};
  /// BEP 43: our queries say read-only (others do not add us to their tables) and we
  /// answer none: for a node that asks one thing and goes, as `corrent dht` does.
  bool read_only = false;
};

/// A node as the routing table knows it.
struct DhtNodeInfo {
  std::string id;          ///< 40 lower-case hex characters
  net::Endpoint endpoint;
  bool confirmed = false;  ///< it has answered one of our queries
};

/// What a ping learned.
struct DhtPing {
  std::string id;  ///< the node's id, hex
  std::chrono::milliseconds rtt{0};
};

/// What a get_peers lookup found.
struct DhtPeers {
  std::vector<net::Endpoint> peers;   ///< peers that announced the info-hash
  std::vector<DhtNodeInfo> closest;   ///< the closest nodes that answered, nearest first
  std::size_t queries = 0;            ///< queries sent
};

/// An ed25519 key for BEP 44 mutable items. The 32-byte seed is the secret to keep; the
/// public key names the items (with an optional salt).
struct DhtKey {
  std::array<std::uint8_t, 32> seed{};
  std::array<std::uint8_t, 32> public_key{};
  /// The key made from `seed` (the same seed always gives the same key).
  [[nodiscard]] static DhtKey from_seed(const std::array<std::uint8_t, 32>& seed);
  /// A key from a fresh random seed.
  [[nodiscard]] static DhtKey generate();
};

/// A BEP 44 item as the DHT returned it, checked: an immutable value hashes to its
/// target; a mutable item's signature verifies under its key.
struct DhtItem {
  std::string target;  ///< 40 hex
  std::string value;   ///< the value, canonical bencode ("5:hello", "d1:ai1ee", ...)
  bool is_mutable = false;
  // Mutable items only:
  std::string public_key;  ///< 64 hex
  std::string salt;
  std::int64_t seq = 0;
  std::string signature;  ///< 128 hex
  std::size_t queries = 0;
};

/// What a put did: the item's target and how many of the closest nodes stored it.
struct DhtPut {
  std::string target;  ///< 40 hex
  std::int64_t seq = 0;               ///< mutable: the sequence number put
  std::size_t stored = 0;             ///< nodes that accepted it
  std::size_t asked = 0;              ///< nodes asked to store it
  std::vector<std::int64_t> errors;   ///< KRPC error codes of the refusals (BEP 44: 301 CAS, 302 seq, ...)
  std::size_t queries = 0;
};

/// What a BEP 51 sampling lookup found.
struct DhtSamples {
  std::vector<std::string> info_hashes;  ///< 40 hex each, without duplicates
  std::size_t nodes = 0;                 ///< nodes that answered with samples
  std::size_t queries = 0;
};

class DhtClient {
 public:
  /// Opens the socket and starts the node (bootstrap runs in the background). Errors:
  /// a bootstrap node that is not HOST:PORT (net::errc), the socket's.
  static Result<std::unique_ptr<DhtClient>> open(asio::any_io_executor executor, DhtClientSettings settings);
  ~DhtClient();
  DhtClient(const DhtClient&) = delete;
  DhtClient& operator=(const DhtClient&) = delete;

  /// Waits until the first bootstrap round ends (find_node to the bootstrap nodes, then a
  /// lookup of our own id) or `limit` passes. Returns the routing table's size.
  Task<std::size_t> bootstrap(std::chrono::milliseconds limit);
  /// One ping (BEP 5). Errors: timed_out, connection_refused (an error reply), the
  /// socket's.
  Task<Result<DhtPing>> ping(net::Endpoint node);
  /// An iterative get_peers lookup for `info_hash`, seeded from the routing table.
  Task<DhtPeers> get_peers(InfoHashBytes info_hash);
  /// Stores `value` (canonical bencode, at most 1000 bytes) as an immutable item under
  /// SHA-1(value) on the closest nodes. Errors: dht::errc::bad_bencode,
  /// non_canonical_value, value_too_large.
  Task<Result<DhtPut>> put_immutable(std::string value);
  /// Reads the immutable item stored under `target`. Errors: dht::errc::item_not_found.
  Task<Result<DhtItem>> get_immutable(InfoHashBytes target);
  /// Stores `value` (canonical bencode) as `key`'s mutable item with `salt` (at most 64
  /// bytes), signed. `seq`: the sequence number; absent: one more than the newest the DHT
  /// holds (1 when none). `cas`: BEP 44 compare-and-swap, the seq we expect to replace.
  /// Errors: as put_immutable, and salt_too_large.
  Task<Result<DhtPut>> put_mutable(DhtKey key, std::string salt, std::string value, std::optional<std::int64_t> seq,
                                   std::optional<std::int64_t> cas);
  /// Reads `public_key`'s mutable item with `salt`: the newest validly signed one found.
  /// Errors: dht::errc::item_not_found.
  Task<Result<DhtItem>> get_mutable(std::array<std::uint8_t, 32> public_key, std::string salt);
  /// A lookup towards `target` that asks each node for a sample of the info-hashes it
  /// holds (BEP 51 sample_infohashes).
  Task<DhtSamples> sample_infohashes(InfoHashBytes target);

  /// The routing table's nodes, bucket by bucket (nearest to us last).
  [[nodiscard]] std::vector<DhtNodeInfo> table() const;
  /// Our node id, hex.
  [[nodiscard]] std::string id() const;
  /// Where our socket is bound.
  [[nodiscard]] net::Endpoint local_endpoint() const;

  /// Stops the node and closes the socket. Must be awaited before destruction.
  Task<void> stop();

 private:
  struct Impl;
  explicit DhtClient(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace corrent::plugins
