#pragma once
// DhtClient: one DHT node of our own, outside any session, for tools that ask the DHT
// something once (`corrent dht ping`, `get-peers`, `table`) and for programs that want the
// mainline DHT without a torrent engine. It runs an IPv4 node on a UDP socket of its own
// (any port unless given), joins through the bootstrap nodes, and answers queries while
// it runs, as any node must.
//
//   auto dht = plugins::DhtClient::open(executor, settings).value();
//   co_await dht->bootstrap(10s);
//   auto found = co_await dht->get_peers(info_hash);   // found.peers
//   co_await dht->stop();
//
// The session's DHT is the "dht" Discovery plugin (dht.hpp); this is the same node
// without the session.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
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
