// Issue 13's acceptance at scale, on the simulated network (tests/support/sim_network.hpp)
// in virtual time: 500 DhtNodes with 30 ms latency and 10% loss bootstrap from three;
// find_node and get_peers lookups from several nodes find (most of) the true k closest
// nodes within kMaxLookupQueries and kLookupTimeLimit; no routing table passes its bounds
// after bootstrap or through 16 minutes of maintenance; a node flooding one victim far
// above kMaxQueriesPerSecondPerSource is cut at the rate limit while honest nodes still
// get answers. Ids, losses and lookup targets come from seeded generators; the plugin
// draws its transaction ids and refresh targets from libsodium, so the lookups' figures
// vary a little from run to run (the flood's do not).
//
// The lookups run twice: right after the swarm joined at once (the join refreshes every
// bucket farther than the node's own, Kademlia's rule: with the own-id lookup alone, some
// lookups into a far region found none of the true closest) and again after the
// maintenance, once the first bucket refresh (15 minutes) has run.
//
// SimNetwork gives at most 254 distinct addresses (127.0.0.2 .. .255: add_host's last
// byte wraps past that), so the 500 nodes run two per host, on two ports. Two honest
// nodes then share a source address, so their lookups allow two candidates per address
// (one_candidate_per_ip off) and the per-source limit is doubled, except at the victim,
// which keeps the real limit. The flooder has a host of its own.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <random>
#include <span>
#include <string>
#include <vector>

#include <asio/co_spawn.hpp>
#include <asio/io_context.hpp>
#include <asio/this_coro.hpp>

#include "corrent/core/clock.hpp"
#include "corrent/net/datagram_service.hpp"
#include "corrent/net/limits.hpp"
#include "dht_node.hpp"
#include "dht_sim_support.hpp"
#include "krpc.hpp"
#include "rate_limit.hpp"
#include "support/sim_driver.hpp"
#include "support/sim_network.hpp"

using namespace std::chrono_literals;
using corrent::Clock;
using corrent::Task;
using corrent::net::Endpoint;
namespace dht = corrent::dht;
using dht_sim_support::SimNode;

namespace {

constexpr std::size_t kHosts = 250;        // within SimNetwork's 254 addresses
constexpr std::size_t kNodesPerHost = 2;   // 500 nodes: issue 13's acceptance
constexpr std::size_t kNodes = kHosts * kNodesPerHost;
constexpr std::size_t kSeeds = 3;          // the nodes everyone else bootstraps from
constexpr std::size_t kVictim = 101;       // the flooded node: the real per-source limit
constexpr double kLoss = 0.10;             // issue 13's acceptance
constexpr auto kLatency = 30ms;

// The lookups' convergence bound. Each datagram is lost with probability kLoss, so a
// query fails with 1 - 0.9^2 = 0.19, and a lookup never asks a failed node again: each
// of the true k closest is among the responders with probability at most 0.81 (6.5 of
// 8 expected). Per lookup we require 2: the lookup reached the target's neighbourhood
// (P(at most 1 of 8) < 0.01% for Binomial(8, 0.81); the plugin draws its own transaction
// ids and refresh targets from libsodium, so runs differ and the bounds must hold for
// every run, not one seed). Over all 13 lookups we require 65%, about 4 standard
// deviations under that mean for 104 nodes (25 runs measured 73-88%, mean 81%).
// The per-lookup floor assumes the lookup had candidates to start from. A node whose own
// table holds fewer than kBucketSize nodes when it looks up (its joining queries were
// lost) may run out of them after two or three queries: a CI run saw one lookup end with 0
// of 8 after 2 queries. Such lookups count in the overall share but not against the floor,
// and at most kMaxThinOrigins of a phase's 13 may start from a thin table.
constexpr std::size_t kMinTrueClosestPerLookup = 2;
constexpr double kMinTrueClosestOverall = 0.65;
constexpr std::size_t kMaxThinOrigins = 4;  // 0 to 2 measured in the joined phase

// The flood: kFloodRate queries per second (10x kMaxQueriesPerSecondPerSource) for
// kFloodTime, while kProbers honest nodes each ping the victim kProbes times a second apart.
constexpr std::size_t kFloodRate = 10 * dht::kMaxQueriesPerSecondPerSource;
constexpr auto kFloodTime = 30s;
constexpr auto kFloodTick = 100ms;
constexpr std::size_t kProbers = 10;
constexpr std::size_t kProbes = 10;

struct Swarm {
  Swarm() : driver(io, 10ms), net(io.get_executor(), {.latency = kLatency, .loss = kLoss}, 13) {
    dht_sim_support::IdSource next_id(2026);
    for (std::size_t h = 0; h < kHosts; ++h) {
      auto& host = net.add_host();
      for (std::size_t k = 0; k < kNodesPerHost; ++k) {
        const std::size_t i = nodes.size();
        std::vector<Endpoint> bootstrap;
        for (std::size_t s = 0; s < std::min(i, kSeeds); ++s) bootstrap.push_back(nodes[s]->endpoint);
        auto settings = dht_sim_support::sim_settings(std::move(bootstrap), next_id());
        settings.one_candidate_per_ip = false;
        settings.max_datagrams_per_source =
            i == kVictim ? dht::kMaxDatagramsPerSourceWindow : kNodesPerHost * dht::kMaxDatagramsPerSourceWindow;
        nodes.push_back(std::make_unique<SimNode>(io, host, std::move(settings)));
      }
    }
    for (auto& n : nodes) n->node->start();
  }
  asio::io_context io;
  corrent::test::SimDriver driver;
  corrent::test::SimNetwork net;
  std::vector<std::unique_ptr<SimNode>> nodes;
};

// Every node's table within its bounds (routing_table.hpp): at most kMaxBuckets buckets,
// k live nodes and kReplacementCacheSize replacements per bucket, each node in the bucket
// its id belongs in, and size() (the live count) equal to the buckets' sum and at most
// kDefaultMaxTableNodes. Returns the number of nodes breaking a bound. (500 nodes cannot
// fill 512 places: the bucket bounds are the ones that bite here; routing_table_test's
// the_total_of_live_nodes_is_bounded covers max_nodes.)
std::size_t tables_past_bounds(const Swarm& swarm, const char* when) {
  std::size_t broken = 0;
  for (const auto& n : swarm.nodes) {
    const auto& table = n->node->table();
    bool ok = table.bucket_count() <= dht::kMaxBuckets && table.size() <= dht::kDefaultMaxTableNodes;
    std::size_t live = 0;
    for (std::size_t b = 0; b < table.bucket_count(); ++b) {
      ok = ok && table.live_nodes(b).size() <= dht::kBucketSize &&
           table.replacements(b).size() <= dht::kReplacementCacheSize;
      for (const auto& r : table.live_nodes(b)) ok = ok && table.bucket_index(r.entry.id) == b;
      live += table.live_nodes(b).size();
    }
    ok = ok && live == table.size();
    if (ok) continue;
    ++broken;
    BOOST_TEST_MESSAGE(when << ": table of " << n->endpoint.to_string() << " past its bounds: " << table.size()
                            << " live nodes in " << table.bucket_count() << " buckets");
  }
  return broken;
}

// The k ids of the swarm closest to `target`, `self` left out (a lookup never returns
// its own node).
std::vector<dht::NodeId> true_closest(const Swarm& swarm, const dht::NodeId& target, const dht::NodeId& self) {
  std::vector<dht::NodeId> ids;
  for (const auto& n : swarm.nodes) {
    if (n->node->id() != self) ids.push_back(n->node->id());
  }
  std::partial_sort(ids.begin(), ids.begin() + dht::kBucketSize, ids.end(),
                    [&](const dht::NodeId& a, const dht::NodeId& b) { return dht::closer_to(target, a, b); });
  ids.resize(dht::kBucketSize);
  return ids;
}

struct LookupTally {
  std::size_t lookups = 0;
  std::size_t true_found = 0;
  std::size_t max_queries = 0;
  Clock::duration max_time{};
  std::size_t thin_origins = 0;  // lookups from a node whose table held < kBucketSize nodes
};

// One lookup from node `from` for `target`, checked: within kMaxLookupQueries and
// kLookupTimeLimit of virtual time, every node returned a real one at its real endpoint,
// nearest first, and at least kMinTrueClosestPerLookup of the true k closest among them.
dht::LookupResult checked_lookup(Swarm& swarm, std::size_t from, dht::NodeId target, dht::Lookup::Kind kind,
                                 LookupTally& tally) {
  auto& node = *swarm.nodes[from]->node;
  const std::size_t table_size = node.table().size();
  const auto started = swarm.driver.now();
  auto result = swarm.driver.run(node.lookup(target, kind), dht::kLookupTimeLimit + 2 * dht_sim_support::kSimQueryTimeout);
  const auto took = swarm.driver.now() - started;
  BOOST_TEST(result.queries <= dht::kMaxLookupQueries);
  BOOST_TEST((took <= dht::kLookupTimeLimit));
  const auto truth = true_closest(swarm, target, node.id());
  std::size_t found = 0;
  for (std::size_t i = 0; i < result.closest.size(); ++i) {
    const auto& entry = result.closest[i];
    const bool real = std::any_of(swarm.nodes.begin(), swarm.nodes.end(), [&](const auto& n) {
      return n->node->id() == entry.id && n->endpoint == entry.endpoint;
    });
    BOOST_TEST(real);
    if (i > 0) BOOST_TEST(!dht::closer_to(target, entry.id, result.closest[i - 1].id));
    found += std::count(truth.begin(), truth.end(), entry.id);
  }
  BOOST_TEST_MESSAGE("lookup from node " << from << ": " << found << " of the true " << dht::kBucketSize
                                         << " closest, " << result.queries << " queries, "
                                         << std::chrono::duration_cast<std::chrono::milliseconds>(took).count()
                                         << " ms, from a table of " << table_size);
  if (table_size >= dht::kBucketSize) {
    BOOST_TEST(found >= kMinTrueClosestPerLookup);
  } else {
    ++tally.thin_origins;
  }
  ++tally.lookups;
  tally.true_found += found;
  tally.max_queries = std::max(tally.max_queries, result.queries);
  tally.max_time = std::max(tally.max_time, took);
  return result;
}

void check_tally(const LookupTally& tally) {
  const double share = static_cast<double>(tally.true_found) / static_cast<double>(tally.lookups * dht::kBucketSize);
  BOOST_TEST_MESSAGE(tally.lookups << " lookups: " << tally.true_found << " of the true closest found ("
                                   << share << "), at most " << tally.max_queries << " queries and "
                                   << std::chrono::duration_cast<std::chrono::milliseconds>(tally.max_time).count()
                                   << " ms; " << tally.thin_origins << " from a thin table");
  BOOST_TEST(share >= kMinTrueClosestOverall);
  BOOST_TEST(tally.thin_origins <= kMaxThinOrigins);
}

dht::NodeId random_id(std::mt19937_64& random) {
  dht::NodeId id;
  for (auto& b : id.bytes) b = static_cast<std::uint8_t>(random());
  return id;
}

// A raw source of queries on a host of its own, counting the replies it gets.
struct Flooder {
  Flooder(asio::io_context& io, corrent::test::SimHost& host)
      : service(io.get_executor(), host.datagram_opener()),
        registration(service.add_handler("flood", [this](const corrent::net::Datagram&) {
          ++replies;
          return true;
        })) {
    (void)service.open(host.endpoint(0)).value();
  }
  corrent::net::DatagramService service;
  corrent::net::DatagramService::Registration registration;
  std::size_t sent = 0;
  std::size_t replies = 0;
};

std::string ping_bytes(std::size_t n, const dht::NodeId& id) {
  return dht::encode_krpc(
      dht::Message{std::to_string(n), std::nullopt, std::nullopt, false, dht::Query{id, dht::PingQuery{}}});
}

// kFloodRate pings a second to `victim` for kFloodTime, a tick's share at a time.
Task<void> flood(Flooder* flooder, Endpoint victim, dht::NodeId id) {
  corrent::Timer timer(co_await asio::this_coro::executor);
  constexpr auto kPerTick = kFloodRate * kFloodTick / 1s;
  const auto start = Clock::now();
  // Ticks from `start`, not from each wake-up: the flood ends within kFloodTime.
  for (auto elapsed = 0ms; elapsed < kFloodTime; elapsed += kFloodTick) {
    timer.expires_at(start + elapsed);
    co_await timer.async_wait(corrent::use_nothrow);
    for (std::size_t i = 0; i < kPerTick; ++i) {
      const auto bytes = ping_bytes(flooder->sent++, id);
      const auto* data = reinterpret_cast<const std::uint8_t*>(bytes.data());
      (void)flooder->service.send(victim, std::span<const std::uint8_t>(data, bytes.size()));
    }
  }
}

// kProbes pings from an honest node to `victim`, a second apart; returns those answered.
Task<std::size_t> probe(dht::DhtNode* node, Endpoint victim) {
  corrent::Timer timer(co_await asio::this_coro::executor);
  std::size_t answered = 0;
  for (std::size_t i = 0; i < kProbes; ++i) {
    auto reply = co_await node->query(victim, dht::PingQuery{});
    if (reply) ++answered;
    timer.expires_after(1s);
    co_await timer.async_wait(corrent::use_nothrow);
  }
  co_return answered;
}

// Honest nodes that ping the victim during the flood: spread over the swarm, not the
// victim nor its host's other node.
std::vector<std::size_t> probers() {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; out.size() < kProbers; ++i) {
    const std::size_t n = (kVictim + 7 + i * 37) % kNodes;
    if (n / kNodesPerHost != kVictim / kNodesPerHost) out.push_back(n);
  }
  return out;
}

// The victim's answered() growth over a quiet kFloodTime: the swarm's own traffic to it.
// Between bootstrap and the first bucket refresh (15 minutes) nothing but a thin table's
// own-id lookup queries anyone, so the flood runs then and this is expected to be 0.
std::uint64_t background(Swarm& swarm) {
  const auto before = swarm.nodes[kVictim]->node->answered();
  (void)swarm.driver.run_until([] { return false; }, kFloodTime);
  return swarm.nodes[kVictim]->node->answered() - before;
}

// The flood and the honest probes side by side; checks the victim's counters after.
void flood_phase(Swarm& swarm, dht::NodeId flooder_id) {
  const auto quiet = background(swarm);
  Flooder flooder(swarm.io, swarm.net.add_host());
  auto& victim = *swarm.nodes[kVictim];
  const auto limited_before = victim.node->rate_limited();
  const auto answered_before = victim.node->answered();
  bool flood_done = false;
  std::size_t probers_done = 0;
  std::size_t probes_answered = 0;
  std::size_t errors = 0;
  asio::co_spawn(swarm.io, flood(&flooder, victim.endpoint, flooder_id), [&](std::exception_ptr e) {
    errors += e ? 1 : 0;
    flood_done = true;
  });
  for (const auto p : probers()) {
    asio::co_spawn(swarm.io, probe(swarm.nodes[p]->node.get(), victim.endpoint),
                   [&](std::exception_ptr e, std::size_t answered) {
                     errors += e ? 1 : 0;
                     probes_answered += answered;
                     ++probers_done;
                   });
  }
  BOOST_TEST_REQUIRE(swarm.driver.run_until([&] { return flood_done && probers_done == kProbers; },
                                            kFloodTime + kProbes * (1s + dht_sim_support::kSimQueryTimeout)));
  (void)swarm.driver.run_until([] { return false; }, 1s);  // the last replies land
  BOOST_TEST(errors == 0u);
  // One count window per kSourceCountWindow of flood (each starts at the first datagram
  // after the previous ended), kMaxDatagramsPerSourceWindow answered in each.
  constexpr std::size_t kWindows = (kFloodTime + corrent::net::kSourceCountWindow - 1ms) / corrent::net::kSourceCountWindow;
  constexpr std::size_t kAllowance = kWindows * dht::kMaxDatagramsPerSourceWindow;
  const auto limited = victim.node->rate_limited() - limited_before;
  const auto answered = victim.node->answered() - answered_before;
  const std::size_t honest = kProbers * kProbes;
  BOOST_TEST_MESSAGE("flood: " << flooder.sent << " sent, " << flooder.replies << " replies, victim dropped "
                               << limited << " and answered " << answered << " (" << quiet
                               << " in a quiet period as long); honest pings answered: " << probes_answered
                               << " of " << honest);
  BOOST_TEST(flooder.sent == kFloodRate * static_cast<std::size_t>(kFloodTime / 1s));
  BOOST_TEST(flooder.replies <= kAllowance);
  // At least 80% of the flood arrives (90% expected, thousands sent): all but the
  // allowance of it dropped unanswered.
  BOOST_TEST(limited >= flooder.sent * 8 / 10 - kAllowance);
  // What the victim answered: the flooder's allowance, the honest pings, and the swarm's
  // own traffic (measured over a quiet period as long, counted twice for slack).
  BOOST_TEST(answered <= kAllowance + honest + 2 * quiet);
  // Each honest ping fails only when its query or reply is lost (19%): at least 60%
  // answered (5 standard deviations under the mean for 100 pings).
  BOOST_TEST(probes_answered * 10 >= honest * 6);
  swarm.driver.run(flooder.service.stop(), 10s);
}

// Lookups from `count` random nodes for random targets (find_node).
void random_lookups(Swarm& swarm, std::mt19937_64& random, std::size_t count, LookupTally& tally) {
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t from = random() % kNodes;
    (void)checked_lookup(swarm, from, random_id(random), dht::Lookup::Kind::find_node, tally);
  }
}

// An announce by one node, then a get_peers lookup for it from another.
void announce_and_find(Swarm& swarm, std::mt19937_64& random, LookupTally& tally) {
  corrent::metainfo::InfoHash hash{};
  hash.bytes = random_id(random).bytes;
  const std::size_t announcer = random() % kNodes;
  const std::size_t seeker = (announcer + kNodes / 2) % kNodes;
  auto& a = *swarm.nodes[announcer];
  BOOST_TEST(swarm.driver.run(dht_sim_support::announce(a.node.get(), hash, 6881), 2min));
  const auto found = checked_lookup(swarm, seeker, dht::NodeId{hash.bytes}, dht::Lookup::Kind::get_peers, tally);
  BOOST_TEST((std::find(found.peers.begin(), found.peers.end(), a.endpoint.with_port(6881)) != found.peers.end()));
}

std::size_t thin_tables(const Swarm& swarm) {
  std::size_t thin = 0;
  for (std::size_t i = 0; i < swarm.nodes.size(); ++i) {
    const auto& node = *swarm.nodes[i]->node;
    if (node.table().size() >= dht::kBucketSize) continue;
    ++thin;
    BOOST_TEST_MESSAGE("thin table: node " << i << " holds " << node.table().size() << " nodes in "
                                           << node.table().bucket_count() << " buckets");
    for (std::size_t b = 0; b < node.table().bucket_count(); ++b) {
      for (const auto& e : node.table().live_nodes(b)) {
        BOOST_TEST_MESSAGE("  knows " << e.entry.endpoint.to_string() << ", " << e.failed << " failures");
      }
    }
  }
  return thin;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(dht_sim_scale)

BOOST_AUTO_TEST_CASE(five_hundred_nodes_converge_stay_bounded_and_limit_a_flood) {
  Swarm swarm;
  BOOST_TEST_REQUIRE(swarm.nodes.size() == kNodes);
  auto& driver = swarm.driver;
  // Joined: a table of its own and, but for the first seed (nobody to bootstrap from), a
  // finished bootstrap round.
  const bool joined = driver.run_until([&] {
    for (std::size_t i = 0; i < kNodes; ++i) {
      const auto& node = *swarm.nodes[i]->node;
      if (node.table().size() == 0 || (i > 0 && node.bootstraps() == 0)) return false;
    }
    return true;
  }, 3min);
  BOOST_TEST_REQUIRE(joined);
  BOOST_TEST_MESSAGE("bootstrap: " << std::chrono::duration_cast<std::chrono::seconds>(driver.now() - driver.kStart).count()
                                   << " s virtual, " << driver.handlers() << " handlers");
  BOOST_TEST(tables_past_bounds(swarm, "after bootstrap") == 0u);

  std::mt19937_64 random(2027);
  LookupTally joined_tally;
  random_lookups(swarm, random, 12, joined_tally);
  announce_and_find(swarm, random, joined_tally);
  check_tally(joined_tally);

  flood_phase(swarm, random_id(random));
  BOOST_TEST(tables_past_bounds(swarm, "after the flood") == 0u);

  // 16 minutes of maintenance: tokens rotate, peers expire, and every bucket goes idle
  // past kBucketRefreshInterval (15 min) and is refreshed; the bounds checked each minute.
  for (int minute = 0; minute < 16; ++minute) {
    (void)driver.run_until([] { return false; }, 1min);
    BOOST_TEST(tables_past_bounds(swarm, "maintenance") == 0u);
  }
  BOOST_TEST(thin_tables(swarm) == 0u);

  LookupTally tally;
  random_lookups(swarm, random, 12, tally);
  announce_and_find(swarm, random, tally);
  check_tally(tally);

  BOOST_TEST(swarm.net.counters().datagrams_lost > 0u);
  BOOST_TEST_MESSAGE("total: " << driver.handlers() << " handlers, " << driver.steps() << " steps, "
                               << swarm.net.counters().datagrams << " datagrams");
  driver.run(dht_sim_support::stop_all(&swarm.nodes), 2min);
}

BOOST_AUTO_TEST_SUITE_END()
