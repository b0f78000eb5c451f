#pragma once
// What the DHT tests on the simulated network (tests/support/sim_network.hpp) share: a
// DhtNode on a simulated host, seeded node ids, stopping a swarm, and an announce.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <random>
#include <utility>
#include <vector>

#include <asio/io_context.hpp>

#include "corrent/core/task.hpp"
#include "corrent/metainfo/info_hash.hpp"
#include "corrent/net/datagram_service.hpp"
#include "corrent/net/endpoint.hpp"
#include "dht_node.hpp"
#include "support/sim_network.hpp"

namespace dht_sim_support {

using namespace std::chrono_literals;

/// A query's timeout on the simulated network: a round trip is 2 x the link's latency;
/// shorter than kQueryTimeout so that a lost datagram costs little virtual time.
inline constexpr auto kSimQueryTimeout = 2s;

/// Settings of a simulated node: `bootstrap` and `id`, the rest as a real node's but the
/// query timeout.
inline corrent::dht::DhtNodeSettings sim_settings(std::vector<corrent::net::Endpoint> bootstrap,
                                                  corrent::dht::NodeId id) {
  corrent::dht::DhtNodeSettings s;
  s.bootstrap = std::move(bootstrap);
  s.id = id;
  s.query_timeout = kSimQueryTimeout;
  return s;
}

/// A DhtNode on a DatagramService of its own, bound to a free port of `host`.
struct SimNode {
  SimNode(asio::io_context& io, corrent::test::SimHost& host, corrent::dht::DhtNodeSettings settings)
      : service(io.get_executor(), host.datagram_opener()) {
    endpoint = service.open(host.endpoint(0)).value();
    node = std::make_unique<corrent::dht::DhtNode>(io.get_executor(), service, std::move(settings));
  }
  SimNode(asio::io_context& io, corrent::test::SimHost& host, std::vector<corrent::net::Endpoint> bootstrap,
          corrent::dht::NodeId id)
      : SimNode(io, host, sim_settings(std::move(bootstrap), id)) {}
  corrent::net::DatagramService service;
  corrent::net::Endpoint endpoint;
  std::unique_ptr<corrent::dht::DhtNode> node;
};

/// Node ids from a seeded generator: the same ids on every run.
class IdSource {
 public:
  explicit IdSource(std::uint64_t seed) : random_(seed) {}
  corrent::dht::NodeId operator()() {
    corrent::dht::NodeId id;
    for (auto& b : id.bytes) b = static_cast<std::uint8_t>(random_());
    return id;
  }

 private:
  std::mt19937_64 random_;
};

/// Stops every node, in order. `nodes` must outlive the returned task.
inline corrent::Task<void> stop_all(std::vector<std::unique_ptr<SimNode>>* nodes) {
  for (auto& n : *nodes) {
    co_await n->node->stop();
    co_await n->service.stop();
  }
}

/// A get_peers lookup for `hash`, then announce_peer of `port` to every responder that
/// gave a token; true if at least one stored it.
inline corrent::Task<bool> announce(corrent::dht::DhtNode* node, corrent::metainfo::InfoHash hash,
                                    std::uint16_t port) {
  auto found = co_await node->lookup(corrent::dht::NodeId{hash.bytes}, corrent::dht::Lookup::Kind::get_peers);
  std::size_t stored = 0;
  for (const auto& responder : found.responders) {
    if (!responder.token) continue;
    corrent::dht::AnnouncePeerQuery a;
    a.info_hash = hash;
    a.port = port;
    a.token = *responder.token;
    auto reply = co_await node->query(responder.node, a);
    if (reply) ++stored;
  }
  co_return stored > 0;
}

}  // namespace dht_sim_support
