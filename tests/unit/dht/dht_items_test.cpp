// BEP 44 items and BEP 51 samples between running DHT nodes, on the simulated network
// (tests/support/sim_network.hpp) in virtual time: 20 nodes, 20 ms apart, no loss (each
// test asserts what every put and get did). Puts go through a get lookup and the serving
// side (QueryHandler, ItemStore); gets check what they are given (lookup.hpp).
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <asio/io_context.hpp>

#include "dht_node.hpp"
#include "item_test_support.hpp"
#include "dht_sim_support.hpp"
#include "item.hpp"
#include "support/sim_driver.hpp"
#include "support/sim_network.hpp"

using namespace std::chrono_literals;
using corrent::net::Endpoint;
namespace dht = corrent::dht;

using dht_sim_support::SimNode;

namespace {

/// Virtual time one get, put or sample may take: a lookup's limit and the puts after it.
constexpr auto kLimit = dht::kLookupTimeLimit + 4 * dht_sim_support::kSimQueryTimeout;

// 20 bootstrapped nodes on a lossless simulated network.
struct Swarm {
  Swarm() {
    dht_sim_support::IdSource next_id(44);
    nodes.push_back(std::make_unique<SimNode>(io, net.add_host(), std::vector<Endpoint>{}, next_id()));
    const auto seed = nodes.front()->endpoint;
    while (nodes.size() < 20) nodes.push_back(std::make_unique<SimNode>(io, net.add_host(), std::vector{seed}, next_id()));
    for (auto& n : nodes) n->node->start();
    const bool joined = driver.run_until([&] {
      return std::all_of(nodes.begin() + 1, nodes.end(), [](const auto& n) { return n->node->bootstraps() > 0; });
    }, 2min);
    BOOST_TEST_REQUIRE(joined);
    // The early joiners knew few nodes: one more lookup for their own id each.
    for (auto& n : nodes) (void)driver.run(n->node->lookup(n->node->id(), dht::Lookup::Kind::find_node), kLimit);
  }
  dht::DhtNode& node(std::size_t i) { return *nodes[i]->node; }
  template <class T>
  T run(corrent::Task<T> task) {
    return driver.run(std::move(task), kLimit);
  }
  std::size_t immutable_holders(const dht::NodeId& target) const {
    return static_cast<std::size_t>(std::count_if(nodes.begin(), nodes.end(), [&](const auto& n) {
      return n->node->items().immutable_item(target, dht::dht_now()) != nullptr;
    }));
  }
  void stop() { driver.run(dht_sim_support::stop_all(&nodes), 1min); }

  asio::io_context io;
  corrent::test::SimDriver driver{io, 10ms};
  corrent::test::SimNetwork net{io.get_executor(), {.latency = 20ms, .loss = 0.0}, 11};
  std::vector<std::unique_ptr<SimNode>> nodes;
};

using item_test::keys_from;

dht::MutableItem signed_item(const dht::KeyPair& keys, const std::string& salt, std::int64_t seq, std::string value) {
  dht::MutableItem item{keys.public_key, salt, seq, std::move(value), {}};
  item.signature = dht::sign_item(keys, salt, seq, item.value);
  return item;
}

bool all_equal(const std::vector<std::int64_t>& codes, std::int64_t code) {
  return std::all_of(codes.begin(), codes.end(), [&](std::int64_t c) { return c == code; });
}

}  // namespace

BOOST_AUTO_TEST_SUITE(dht_items)

BOOST_AUTO_TEST_CASE(an_immutable_item_put_by_one_node_is_got_by_another) {
  Swarm swarm;
  const std::string value = "12:Hello World!";
  const auto target = dht::immutable_target(value);
  const auto put = swarm.run(swarm.node(3).put_immutable(value));
  BOOST_TEST((put.target == target));
  BOOST_TEST(put.errors.empty());
  BOOST_TEST(put.stored >= dht::kBucketSize / 2);
  BOOST_TEST(put.stored == put.asked);
  BOOST_TEST(put.queries > put.asked);  // the lookup's queries too
  BOOST_TEST(swarm.immutable_holders(target) == put.stored);

  const auto got = swarm.run(swarm.node(15).get_immutable(target));
  BOOST_TEST_REQUIRE(got.immutable_value.has_value());
  BOOST_TEST(*got.immutable_value == value);
  BOOST_TEST(!got.mutable_item.has_value());
  BOOST_TEST(got.ignored == 0u);
  BOOST_TEST(got.queries > 0u);

  // Nobody stored this one: the lookup ends with no value, having asked its way to the
  // closest nodes.
  const auto missing = swarm.run(swarm.node(15).get_immutable(dht::immutable_target("3:abc")));
  BOOST_TEST(!missing.immutable_value.has_value());
  BOOST_TEST(missing.closest.size() == dht::kBucketSize);

  // Refused here, no query sent: not bencode, or over kMaxItemValueSize.
  const auto garbage = swarm.run(swarm.node(3).put_immutable("not bencode"));
  BOOST_TEST((garbage.errors == std::vector<std::int64_t>{dht::kErrorProtocol}));
  BOOST_TEST(garbage.queries == 0u);
  const auto big = swarm.run(swarm.node(3).put_immutable("997:" + std::string(997, 'x')));
  BOOST_TEST((big.errors == std::vector<std::int64_t>{dht::kErrorValueTooBig}));
  BOOST_TEST(big.asked == 0u);
  const auto at_limit = swarm.run(swarm.node(3).put_immutable("996:" + std::string(996, 'x')));
  BOOST_TEST(at_limit.errors.empty());
  BOOST_TEST(at_limit.stored > 0u);
  swarm.stop();
}

BOOST_AUTO_TEST_CASE(a_salted_mutable_item_is_updated_by_seq_and_cas_and_refused_when_stale) {
  Swarm swarm;
  const auto keys = keys_from(3);
  const std::string salt = "foobar";
  auto& putter = swarm.node(2);

  const auto first = swarm.run(putter.put_mutable(signed_item(keys, salt, 1, "2:v1"), std::nullopt));
  BOOST_TEST((first.target == dht::mutable_target(keys.public_key, salt)));
  BOOST_TEST(first.errors.empty());
  BOOST_TEST(first.stored >= dht::kBucketSize / 2);
  auto got = swarm.run(swarm.node(11).get_mutable(keys.public_key, salt));
  BOOST_TEST_REQUIRE(got.mutable_item.has_value());
  BOOST_TEST(got.mutable_item->seq == 1);
  BOOST_TEST(got.mutable_item->value == "2:v1");
  BOOST_TEST(got.mutable_item->verified());
  // Without the salt it is another target, where nothing is stored.
  const auto unsalted = swarm.run(swarm.node(11).get_mutable(keys.public_key, ""));
  BOOST_TEST(!unsalted.mutable_item.has_value());

  // seq 2 with cas = the stored seq: accepted, and what a get returns now.
  const auto second = swarm.run(putter.put_mutable(signed_item(keys, salt, 2, "2:v2"), std::int64_t{1}));
  BOOST_TEST(second.errors.empty());
  BOOST_TEST(second.stored == first.stored);
  got = swarm.run(swarm.node(11).get_mutable(keys.public_key, salt));
  BOOST_TEST_REQUIRE(got.mutable_item.has_value());
  BOOST_TEST(got.mutable_item->seq == 2);
  BOOST_TEST(got.mutable_item->value == "2:v2");

  // cas naming an old seq: 301 from every holder; an older seq: 302.
  const auto stale_cas = swarm.run(putter.put_mutable(signed_item(keys, salt, 3, "2:v3"), std::int64_t{1}));
  BOOST_TEST(stale_cas.stored == 0u);
  BOOST_TEST(stale_cas.errors.size() == stale_cas.asked);
  BOOST_TEST(!stale_cas.errors.empty());
  BOOST_TEST(all_equal(stale_cas.errors, dht::kErrorCasMismatch));
  const auto older = swarm.run(putter.put_mutable(signed_item(keys, salt, 1, "2:v1"), std::nullopt));
  BOOST_TEST(older.stored == 0u);
  BOOST_TEST(!older.errors.empty());
  BOOST_TEST(all_equal(older.errors, dht::kErrorSequenceTooOld));
  got = swarm.run(swarm.node(11).get_mutable(keys.public_key, salt));
  BOOST_TEST_REQUIRE(got.mutable_item.has_value());
  BOOST_TEST(got.mutable_item->seq == 2);

  // Refused here, no query sent: value or salt past the BEP 44 bounds, a bad signature.
  const auto big = swarm.run(putter.put_mutable(signed_item(keys, salt, 4, "997:" + std::string(997, 'x')), std::nullopt));
  BOOST_TEST((big.errors == std::vector<std::int64_t>{dht::kErrorValueTooBig}));
  BOOST_TEST(big.queries == 0u);
  const auto long_salt = swarm.run(
      putter.put_mutable(signed_item(keys, std::string(dht::kMaxSaltSize + 1, 's'), 4, "2:v4"), std::nullopt));
  BOOST_TEST((long_salt.errors == std::vector<std::int64_t>{dht::kErrorSaltTooBig}));
  BOOST_TEST(long_salt.queries == 0u);
  auto forged = signed_item(keys, salt, 4, "2:v4");
  forged.value = "2:v5";
  const auto bad_signature = swarm.run(putter.put_mutable(forged, std::nullopt));
  BOOST_TEST((bad_signature.errors == std::vector<std::int64_t>{dht::kErrorInvalidSignature}));
  BOOST_TEST(bad_signature.queries == 0u);
  swarm.stop();
}

BOOST_AUTO_TEST_CASE(sample_infohashes_finds_the_announced_info_hashes) {
  Swarm swarm;
  std::vector<corrent::metainfo::InfoHash> hashes;
  for (std::uint8_t i = 1; i <= 4; ++i) {
    corrent::metainfo::InfoHash hash{};
    hash.bytes.fill(static_cast<std::uint8_t>(0x30 * i));
    hash.bytes[19] = i;
    hashes.push_back(hash);
    BOOST_TEST(swarm.run(dht_sim_support::announce(&swarm.node(i), hash, static_cast<std::uint16_t>(6880 + i))));
  }
  // Towards each info-hash: the nodes that stored it are the ones the lookup ends at.
  for (const auto& hash : hashes) {
    const auto found = swarm.run(swarm.node(17).sample_infohashes(dht::NodeId{hash.bytes}));
    BOOST_TEST(found.nodes > 0u);
    BOOST_TEST(found.queries >= found.nodes);
    BOOST_TEST(std::count(found.samples.begin(), found.samples.end(), dht::NodeId{hash.bytes}) == 1);
    const std::set<dht::NodeId> unique(found.samples.begin(), found.samples.end());
    BOOST_TEST(unique.size() == found.samples.size());
    for (const auto& sample : found.samples) {
      BOOST_TEST(std::count_if(hashes.begin(), hashes.end(),
                               [&](const auto& h) { return dht::NodeId{h.bytes} == sample; }) == 1);
    }
  }
  swarm.stop();
}

BOOST_AUTO_TEST_SUITE_END()
