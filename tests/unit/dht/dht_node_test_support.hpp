#pragma once
// What the tests of running DHT nodes on 127.0.0.1 share: a small DHT of Peers, each on a
// DatagramService of its own, and a bounded poll. Every node here shares one address, so
// lookups allow several candidates per address and the per-source limit is raised.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>
#include <asio/this_coro.hpp>

#include "corrent/core/task.hpp"
#include "corrent/net/datagram_service.hpp"
#include "corrent/net/endpoint.hpp"
#include "dht_node.hpp"

namespace dht_test {

using namespace std::chrono_literals;

/// A query's timeout: loopback replies take microseconds; room for a loaded CI host.
inline constexpr auto kTimeout = 1000ms;
/// The per-source datagram limit of nodes that all share 127.0.0.1: they count as one
/// source to each other, so the real limit would drop honest traffic.
inline constexpr std::uint32_t kSharedAddressLimit = 1'000'000;

inline corrent::net::Endpoint loopback() { return corrent::net::Endpoint::v4({127, 0, 0, 1}, 0); }

/// Polls `done` every 5 ms for at most `limit` (real time: these tests use real sockets).
template <class Done>
corrent::Task<bool> within(std::chrono::milliseconds limit, Done done) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  for (auto waited = 0ms; waited < limit; waited += 5ms) {
    if (done()) co_return true;
    timer.expires_after(5ms);
    co_await timer.async_wait(corrent::use_nothrow);
  }
  co_return done();
}

/// A node on its own DatagramService bound to 127.0.0.1 and a port of its own.
struct Peer {
  Peer(asio::io_context& io, std::vector<corrent::net::Endpoint> bootstrap,
       std::uint32_t source_limit = kSharedAddressLimit)
      : service(io.get_executor()) {
    endpoint = service.open(loopback()).value();
    corrent::dht::DhtNodeSettings s;
    s.bootstrap = std::move(bootstrap);
    s.query_timeout = kTimeout;
    s.one_candidate_per_ip = false;
    s.max_datagrams_per_source = source_limit;
    node = std::make_unique<corrent::dht::DhtNode>(io.get_executor(), service, s);
  }
  corrent::Task<void> stop() {
    co_await node->stop();
    co_await service.stop();
  }
  corrent::net::DatagramService service;
  corrent::net::Endpoint endpoint;
  std::unique_ptr<corrent::dht::DhtNode> node;
};

/// `count` started peers on 127.0.0.1, every one after the first bootstrapping from the
/// first (the tests' small DHT).
inline std::vector<std::unique_ptr<Peer>> small_dht(asio::io_context& io, std::size_t count) {
  std::vector<std::unique_ptr<Peer>> peers;
  peers.push_back(std::make_unique<Peer>(io, std::vector<corrent::net::Endpoint>{}));
  const auto first = peers.front()->endpoint;
  while (peers.size() < count) peers.push_back(std::make_unique<Peer>(io, std::vector{first}));
  for (auto& p : peers) p->node->start();
  return peers;
}

/// Stops every peer, in order. `peers` must outlive the returned task.
inline corrent::Task<void> stop_all(std::vector<std::unique_ptr<Peer>>& peers) {
  for (auto& p : peers) co_await p->stop();
}

}  // namespace dht_test
