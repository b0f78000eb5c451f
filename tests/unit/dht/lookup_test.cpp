// The iterative lookup, alone (alpha, duplicates, garbage, bounds) and on a simulated
// network of 1000 nodes, each answering from its own routing table: it reaches the true
// k closest, still converges with 10% of replies lost, and survives a node flooding it
// with fake close nodes. BEP 44 get (each check on the items returned) and BEP 51
// sample_infohashes (samples unique and bounded) with hand-made replies.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>
#include <deque>
#include <map>
#include <random>
#include <set>

#include "corrent/bencode/encode.hpp"
#include "item.hpp"
#include "lookup.hpp"
#include "routing_table.hpp"

namespace {

using namespace corrent::dht;
using namespace std::chrono_literals;
using corrent::net::Endpoint;

const TimePoint t0 = TimePoint{} + 24h;

NodeId random_id(std::mt19937_64& rng) {
  NodeId id;
  for (auto& b : id.bytes) b = static_cast<std::uint8_t>(rng());
  return id;
}

Endpoint address(std::uint32_t n, std::uint8_t first = 100) {
  return Endpoint::v4({first, static_cast<std::uint8_t>(n >> 16), static_cast<std::uint8_t>(n >> 8),
                       static_cast<std::uint8_t>(n)},
                      6881);
}

// `target` with its last bytes changed by `n`: nearer to it than any random id.
NodeId near(const NodeId& target, std::uint32_t n) {
  NodeId id = target;
  id.bytes[17] ^= static_cast<std::uint8_t>(n >> 16);
  id.bytes[18] ^= static_cast<std::uint8_t>(n >> 8);
  id.bytes[19] ^= static_cast<std::uint8_t>(n);
  return id;
}

Response reply_from(const NodeId& id, std::vector<NodeEntry> nodes = {}) {
  Response r;
  r.id = id;
  r.nodes = std::move(nodes);
  return r;
}

// 1000 nodes, each with a routing table fed every other node (so it knows its own
// neighbourhood well and far regions by a few nodes per bucket, as in the real DHT).
struct Network {
  std::mt19937_64 rng{2026};
  std::vector<NodeEntry> nodes;
  std::map<Endpoint, std::size_t> by_endpoint;
  std::vector<RoutingTable> tables;

  explicit Network(std::size_t size) {
    for (std::uint32_t i = 0; i < size; ++i) nodes.push_back(NodeEntry{random_id(rng), address(i + 1)});
    for (std::size_t i = 0; i < size; ++i) {
      by_endpoint[nodes[i].endpoint] = i;
      tables.emplace_back(RoutingTable::Settings{nodes[i].id, false}, t0);
    }
    std::vector<std::size_t> order(size);
    for (std::size_t i = 0; i < size; ++i) order[i] = i;
    for (auto& table : tables) {
      std::shuffle(order.begin(), order.end(), rng);
      for (auto j : order) table.heard_from(nodes[j], Contact::replied, t0);
    }
  }

  std::vector<NodeEntry> true_closest(const NodeId& target, std::size_t count) const {
    auto sorted = nodes;
    std::sort(sorted.begin(), sorted.end(),
              [&](const NodeEntry& a, const NodeEntry& b) { return closer_to(target, a.id, b.id); });
    sorted.resize(count);
    return sorted;
  }
};

// Runs `lookup` over `net`: replies come back in the order queries were sent, 100 ms
// apart; a lost reply or an unknown address costs a timeout. `answer` may override a
// node's reply (nullopt: the node answers from its table).
struct Run {
  std::size_t max_candidates_seen = 0;
  TimePoint finished;
};

template <class Answer>
Run drive(Lookup& lookup, const Network& net, double loss, std::mt19937_64& rng, Answer answer) {
  std::bernoulli_distribution lost(loss);
  std::deque<NodeEntry> pending;
  TimePoint now = t0;
  Run run;
  for (auto& n : lookup.next(now)) pending.push_back(n);
  while (!pending.empty() && !lookup.done(now)) {
    const NodeEntry to = pending.front();
    pending.pop_front();
    std::optional<Response> reply = answer(to);
    const auto known = net.by_endpoint.find(to.endpoint);
    if (!reply && known != net.by_endpoint.end()) {
      const auto& node = net.nodes[known->second];
      reply = reply_from(node.id, net.tables[known->second].closest(lookup.target(), kBucketSize));
    }
    if (!reply || lost(rng)) {
      now += 2s;
      lookup.on_failure(to.endpoint);
    } else {
      now += 100ms;
      lookup.on_reply(to.endpoint, *reply);
    }
    run.max_candidates_seen = std::max(run.max_candidates_seen, lookup.candidate_count());
    BOOST_TEST_REQUIRE(lookup.in_flight() <= kAlpha);
    for (auto& n : lookup.next(now)) pending.push_back(n);
  }
  BOOST_TEST(lookup.done(now));
  run.finished = now;
  return run;
}

auto honest = [](const NodeEntry&) { return std::optional<Response>{}; };

Lookup start(const Network& net, const NodeId& target, std::size_t from = 0) {
  const auto seeds = net.tables[from].closest(target, kBucketSize);
  return Lookup(Lookup::Settings{target, net.nodes[from].id}, seeds, t0);
}

std::size_t overlap(const std::vector<NodeEntry>& a, const std::vector<NodeEntry>& b) {
  std::size_t n = 0;
  for (const auto& x : a) n += std::count(b.begin(), b.end(), x);
  return n;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(dht_lookup)

BOOST_AUTO_TEST_CASE(at_most_alpha_queries_in_flight_nearest_first) {
  std::mt19937_64 rng(1);
  const NodeId target = random_id(rng);
  std::vector<NodeEntry> seeds;
  for (std::uint32_t i = 1; i <= 8; ++i) seeds.push_back({near(target, i << 8), address(i)});
  Lookup lookup({target, random_id(rng)}, seeds, t0);
  auto first = lookup.next(t0);
  BOOST_TEST_REQUIRE(first.size() == kAlpha);
  BOOST_TEST((first[0] == seeds[0]));  // nearest first
  BOOST_TEST(lookup.next(t0).empty());  // alpha in flight
  lookup.on_reply(first[0].endpoint, reply_from(first[0].id));
  BOOST_TEST(lookup.next(t0).size() == 1u);
  lookup.on_failure(first[1].endpoint);
  BOOST_TEST(lookup.next(t0).size() == 1u);
  BOOST_TEST(lookup.queries_sent() == kAlpha + 2);
}

BOOST_AUTO_TEST_CASE(duplicates_our_id_and_garbage_are_ignored) {
  std::mt19937_64 rng(2);
  const NodeId target = random_id(rng);
  const NodeId self = random_id(rng);
  const NodeEntry a{near(target, 0x100), address(1)};
  Lookup lookup({target, self}, std::vector<NodeEntry>{a, a}, t0);
  BOOST_TEST(lookup.candidate_count() == 1u);
  BOOST_TEST_REQUIRE(lookup.next(t0).size() == 1u);
  const Endpoint other_family =
      Endpoint::v6({0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 6881);
  const std::vector<NodeEntry> garbage{
      a,                                                     // known already
      {self, address(2)},                                    // our own id
      {near(target, 0x200), a.endpoint.with_port(9)},        // a's address again
      {near(target, 0x300), address(3).with_port(0)},        // port 0
      {near(target, 0x400), Endpoint::v4({0, 0, 0, 0}, 1)},  // unspecified address
      {near(target, 0x500), other_family},                   // IPv6 in an IPv4 lookup
      {near(target, 0x600), address(6)},                     // the only good one
  };
  lookup.on_reply(a.endpoint, reply_from(a.id, garbage));
  BOOST_TEST(lookup.candidate_count() == 2u);
  // A reply from an address we did not query, or a second reply, changes nothing.
  lookup.on_reply(address(9), reply_from(random_id(rng), {NodeEntry{near(target, 0x700), address(7)}}));
  lookup.on_reply(a.endpoint, reply_from(a.id, {NodeEntry{near(target, 0x800), address(8)}}));
  BOOST_TEST(lookup.candidate_count() == 2u);
}

BOOST_AUTO_TEST_CASE(a_node_answering_with_another_id_counts_as_failed) {
  std::mt19937_64 rng(3);
  const NodeId target = random_id(rng);
  const NodeEntry a{near(target, 0x100), address(1)};
  Lookup lookup({target, random_id(rng)}, std::vector<NodeEntry>{a}, t0);
  (void)lookup.next(t0);
  lookup.on_reply(a.endpoint, reply_from(random_id(rng), {NodeEntry{near(target, 0x200), address(2)}}));
  BOOST_TEST(lookup.candidate_count() == 1u);  // its nodes were not taken
  BOOST_TEST(lookup.closest().empty());
  BOOST_TEST(lookup.done(t0));
}

BOOST_AUTO_TEST_CASE(the_time_limit_and_the_query_bound_end_a_lookup) {
  std::mt19937_64 rng(4);
  const NodeId target = random_id(rng);
  const NodeEntry a{near(target, 0x100), address(1)};
  Lookup slow({target, random_id(rng)}, std::vector<NodeEntry>{a}, t0);
  (void)slow.next(t0);
  BOOST_TEST(!slow.done(t0 + kLookupTimeLimit - 1s));
  BOOST_TEST(slow.done(t0 + kLookupTimeLimit));
  BOOST_TEST(slow.next(t0 + kLookupTimeLimit).empty());

  // Every answer brings a new node nearer than the last: only max_queries stops it.
  Lookup::Settings s{target, random_id(rng)};
  s.max_queries = 10;
  Lookup endless(s, std::vector<NodeEntry>{a}, t0);
  std::uint32_t n = 0x8000;
  for (int round = 0; round < 100; ++round) {
    const auto batch = endless.next(t0);
    if (batch.empty()) break;
    for (const auto& q : batch) {
      --n;
      endless.on_reply(q.endpoint, reply_from(q.id, {NodeEntry{near(target, n), address(n)}}));
    }
  }
  BOOST_TEST(endless.queries_sent() == 10u);
  BOOST_TEST(endless.done(t0));
}

BOOST_AUTO_TEST_CASE(the_candidate_list_is_bounded) {
  std::mt19937_64 rng(5);
  const NodeId target = random_id(rng);
  Lookup::Settings s{target, random_id(rng)};
  s.max_candidates = 20;
  const NodeEntry a{near(target, 0xffff), address(1)};
  Lookup lookup(s, std::vector<NodeEntry>{a}, t0);
  (void)lookup.next(t0);
  std::vector<NodeEntry> flood;
  for (std::uint32_t i = 1; i <= kMaxNodesPerReply; ++i) flood.push_back({near(target, i << 4), address(100 + i)});
  lookup.on_reply(a.endpoint, reply_from(a.id, flood));
  BOOST_TEST(lookup.candidate_count() == 17u);
  for (auto& q : lookup.next(t0)) {
    std::vector<NodeEntry> more;
    for (std::uint32_t i = 1; i <= kMaxNodesPerReply; ++i) {
      more.push_back({random_id(rng), address(1000 + 16 * i + q.endpoint.address_bytes()[3])});
    }
    lookup.on_reply(q.endpoint, reply_from(q.id, more));
  }
  BOOST_TEST(lookup.candidate_count() <= 20u);
}

BOOST_AUTO_TEST_CASE(collected_peers_at_and_past_the_bound) {
  std::mt19937_64 rng(6);
  const NodeId target = random_id(rng);
  // Every answer brings 99 new peers, one peer all of them share, and a node nearer than
  // any so far (so the lookup goes on): 1 + 99 n distinct peers after n answers.
  std::uint32_t peer = 0;
  std::uint32_t nearer = 0x8000;
  Lookup lookup({target, random_id(rng), Lookup::Kind::get_peers},
                std::vector<NodeEntry>{{near(target, nearer), address(nearer)}}, t0);
  std::size_t answers = 0;
  for (int round = 0; round < 40; ++round) {
    const auto batch = lookup.next(t0);
    if (batch.empty()) break;
    for (const auto& q : batch) {
      auto r = reply_from(q.id, {NodeEntry{near(target, nearer - 1), address(nearer - 1)}});
      --nearer;
      r.values.push_back(address(0, 60));
      while (r.values.size() < kMaxValuesPerReply) r.values.push_back(address(++peer, 60));
      lookup.on_reply(q.endpoint, r);
      ++answers;
      const std::size_t offered = 1 + (kMaxValuesPerReply - 1) * answers;
      BOOST_TEST(lookup.peers().size() == std::min(offered, kMaxLookupPeers));
    }
  }
  BOOST_TEST(answers > kMaxLookupPeers / (kMaxValuesPerReply - 1));  // went past the bound
  BOOST_TEST(lookup.peers().size() == kMaxLookupPeers);
}

BOOST_AUTO_TEST_CASE(reaches_the_true_k_closest_on_1000_nodes) {
  const Network net(1000);
  std::mt19937_64 rng(7);
  std::size_t most_queries = 0;
  for (int i = 0; i < 30; ++i) {
    const NodeId target = random_id(rng);
    auto lookup = start(net, target, static_cast<std::size_t>(i));
    const auto run = drive(lookup, net, 0.0, rng, honest);
    auto truth = net.true_closest(target, kBucketSize + 1);
    // The querying node itself is never a result.
    std::erase(truth, net.nodes[static_cast<std::size_t>(i)]);
    truth.resize(kBucketSize);
    BOOST_TEST((lookup.closest() == truth));
    BOOST_TEST(lookup.queries_sent() <= kMaxLookupQueries);
    BOOST_TEST(run.max_candidates_seen <= kMaxLookupCandidates + kAlpha);
    most_queries = std::max(most_queries, lookup.queries_sent());
  }
  BOOST_TEST_MESSAGE("most queries in one lookup: " << most_queries);
}

BOOST_AUTO_TEST_CASE(converges_with_ten_percent_of_replies_lost) {
  const Network net(1000);
  std::mt19937_64 rng(8);
  std::size_t found = 0;
  std::size_t far = 0;
  constexpr int kLookups = 40;
  for (int i = 0; i < kLookups; ++i) {
    const NodeId target = random_id(rng);
    auto lookup = start(net, target, 500);
    const auto run = drive(lookup, net, 0.1, rng, honest);
    const auto truth = net.true_closest(target, 2 * kBucketSize);
    const auto result = lookup.closest();
    BOOST_TEST(result.size() == kBucketSize);
    // A node whose reply was lost counts as dead, and so do the nodes only it would have
    // told us about: the true k closest are found but for those (about 10% each).
    found += overlap(result, std::vector<NodeEntry>(truth.begin(), truth.begin() + kBucketSize));
    far += result.size() - overlap(result, truth);
    BOOST_TEST(lookup.queries_sent() <= kMaxLookupQueries);
    BOOST_TEST((run.finished - t0 < kLookupTimeLimit));
  }
  BOOST_TEST_MESSAGE("true k closest found: " << found << " of " << kLookups * kBucketSize
                                              << "; results beyond the true 2k closest: " << far);
  BOOST_TEST(found >= kLookups * kBucketSize * 85 / 100);
  BOOST_TEST(far <= kLookups * kBucketSize / 20);
}

BOOST_AUTO_TEST_CASE(a_node_flooding_fake_close_nodes_does_not_break_it) {
  const Network net(1000);
  std::mt19937_64 rng(9);
  for (int i = 0; i < 10; ++i) {
    const NodeId target = random_id(rng);
    // The flooder: a node nearer to the target than any honest one (as an attacker would
    // place itself), seeded into the lookup, answering every query with 16 fake nodes
    // nearer still, at addresses where nobody answers (or, for half of them, at its own
    // address, with other ports: ignored).
    const NodeEntry flooder{near(target, 0x7fff), address(5000, 150)};
    auto seeds = net.tables[0].closest(target, kBucketSize);
    seeds.push_back(flooder);
    Lookup lookup({target, net.nodes[0].id}, seeds, t0);
    std::uint32_t fake = 0;
    auto flood = [&](const NodeEntry& to) -> std::optional<Response> {
      if (!(to == flooder)) return std::nullopt;
      std::vector<NodeEntry> fakes;
      for (std::uint32_t j = 0; j < kMaxNodesPerReply; ++j, ++fake) {
        const auto where = j % 2 ? flooder.endpoint.with_port(static_cast<std::uint16_t>(1000 + fake))
                                 : address(fake, 200);
        fakes.push_back({near(target, fake + 1), where});
      }
      return reply_from(flooder.id, fakes);
    };
    const auto run = drive(lookup, net, 0.0, rng, flood);
    // The flooder answered with its own id: it is the nearest result, then the honest ones.
    auto truth = net.true_closest(target, kBucketSize + 1);
    std::erase(truth, net.nodes[0]);
    truth.insert(truth.begin(), flooder);
    truth.resize(kBucketSize);
    BOOST_TEST((lookup.closest() == truth));
    BOOST_TEST(fake > 0u);  // it was asked
    BOOST_TEST(lookup.queries_sent() <= kMaxLookupQueries);
    BOOST_TEST(run.max_candidates_seen <= kMaxLookupCandidates + kAlpha);
  }
}

BOOST_AUTO_TEST_CASE(an_endless_chain_of_sybils_is_cut_by_the_bounds) {
  const Network net(1000);
  std::mt19937_64 rng(10);
  const NodeId target = random_id(rng);
  // Every address under 200/8 answers, each time with 16 new sybils nearer still.
  std::uint32_t next = 0x10000;
  auto sybils = [&](const NodeEntry& to) -> std::optional<Response> {
    if (to.endpoint.address_bytes()[0] != 200) return std::nullopt;
    std::vector<NodeEntry> more;
    for (std::size_t j = 0; j < kMaxNodesPerReply; ++j, --next) {
      more.push_back({near(target, next), address(next, 200)});
    }
    return reply_from(to.id, more);
  };
  auto seeds = net.tables[0].closest(target, kBucketSize);
  seeds.push_back({near(target, 0x10001), address(0x10001, 200)});
  Lookup lookup({target, net.nodes[0].id}, seeds, t0);
  const auto run = drive(lookup, net, 0.0, rng, sybils);
  BOOST_TEST(lookup.queries_sent() <= kMaxLookupQueries);
  BOOST_TEST(run.max_candidates_seen <= kMaxLookupCandidates + kAlpha);
}

BOOST_AUTO_TEST_CASE(get_peers_collects_values_and_the_tokens_of_the_k_closest) {
  const Network net(1000);
  std::mt19937_64 rng(11);
  const NodeId target = random_id(rng);
  const auto truth = net.true_closest(target, kBucketSize);
  // The 20 nodes nearest the info-hash each know one peer, and every node gives a token
  // naming itself.
  const auto holders = net.true_closest(target, 20);
  auto tokens = [&](const NodeEntry& to) -> std::optional<Response> {
    const auto known = net.by_endpoint.find(to.endpoint);
    if (known == net.by_endpoint.end()) return std::nullopt;
    auto r = reply_from(to.id, net.tables[known->second].closest(target, kBucketSize));
    r.token = "t" + std::to_string(known->second);
    if (std::count(holders.begin(), holders.end(), to)) r.values.push_back(address(known->second, 50).with_port(7000));
    return r;
  };
  Lookup lookup({target, random_id(rng), Lookup::Kind::get_peers}, net.tables[3].closest(target, kBucketSize), t0);
  (void)drive(lookup, net, 0.0, rng, tokens);
  BOOST_TEST(lookup.peers().size() >= kBucketSize);
  const auto targets = lookup.announce_targets();
  BOOST_TEST_REQUIRE(targets.size() == kBucketSize);
  for (std::size_t i = 0; i < kBucketSize; ++i) {
    BOOST_TEST((targets[i].node == truth[i]));
    BOOST_TEST(*targets[i].token == "t" + std::to_string(net.by_endpoint.at(truth[i].endpoint)));
  }
}

// Eight seeds near `target`, at addresses 1..8: a lookup that hears no nodes asks just them.
std::vector<NodeEntry> eight_near(const NodeId& target) {
  std::vector<NodeEntry> seeds;
  for (std::uint32_t i = 1; i <= 8; ++i) seeds.push_back({near(target, i << 8), address(i)});
  return seeds;
}

BOOST_AUTO_TEST_CASE(an_immutable_get_keeps_only_a_value_hashing_to_the_target_and_ends_there) {
  std::mt19937_64 rng(12);
  const std::string encoded = "12:Hello World!";
  const NodeId target = immutable_target(encoded);
  for (const bool stop_at_value : {true, false}) {
    Lookup::Settings s{target, random_id(rng), Lookup::Kind::get};
    s.stop_at_value = stop_at_value;
    Lookup lookup(s, eight_near(target), t0);
    const auto first = lookup.next(t0);
    BOOST_TEST_REQUIRE(first.size() == kAlpha);
    // A forged value (not the target's preimage): counted, not kept; the lookup goes on.
    auto forged = reply_from(first[0].id);
    forged.value = corrent::bencode::Value("Hello World?");
    forged.token = "a";
    lookup.on_reply(first[0].endpoint, forged);
    BOOST_TEST(!lookup.immutable_value().has_value());
    BOOST_TEST(lookup.items_ignored() == 1u);
    BOOST_TEST(!lookup.done(t0));
    auto genuine = reply_from(first[1].id);
    genuine.value = corrent::bencode::Value("Hello World!");
    genuine.token = "b";
    lookup.on_reply(first[1].endpoint, genuine);
    BOOST_TEST_REQUIRE(lookup.immutable_value().has_value());
    BOOST_TEST(*lookup.immutable_value() == encoded);
    // A get ends at the value (5 seeds never asked); the lookup before a put goes on.
    BOOST_TEST(lookup.done(t0) == stop_at_value);
    BOOST_TEST(lookup.next(t0).empty() == stop_at_value);
    // Both responders' tokens are kept for a put, the forger's too (a put to it is harmless).
    const auto targets = lookup.announce_targets();
    BOOST_TEST_REQUIRE(targets.size() == 2u);
    BOOST_TEST(*targets[0].token == "a");
    BOOST_TEST(*targets[1].token == "b");
  }
}

BOOST_AUTO_TEST_CASE(a_mutable_get_keeps_the_highest_seq_of_the_right_key_validly_signed) {
  std::mt19937_64 rng(13);
  KeySeed seed{};
  seed.fill(7);
  const auto keys = KeyPair::from_seed(seed);
  seed.fill(8);
  const auto other = KeyPair::from_seed(seed);
  const std::string salt = "foobar";
  const NodeId target = mutable_target(keys.public_key, salt);
  // A reply with "v" = text, "k" = key, "seq", signed by `signer` over `signed_salt`.
  auto item = [](const NodeEntry& from, const KeyPair& signer, const PublicKey& key, std::int64_t seq,
                 const std::string& text, const std::string& signed_salt) {
    auto r = reply_from(from.id);
    r.value = corrent::bencode::Value(text);
    r.key = key;
    r.seq = seq;
    r.signature = sign_item(signer, signed_salt, seq, corrent::bencode::encode(*r.value));
    return r;
  };
  Lookup::Settings s{target, random_id(rng), Lookup::Kind::get};
  s.item_key = keys.public_key;
  s.salt = salt;
  Lookup lookup(s, eight_near(target), t0);
  std::deque<NodeEntry> asked;
  auto answer = [&](const Response& r) {
    for (auto& n : lookup.next(t0)) asked.push_back(n);
    BOOST_TEST_REQUIRE(!asked.empty());
    auto to = asked.front();
    asked.pop_front();
    auto reply = r;
    reply.id = to.id;
    lookup.on_reply(to.endpoint, reply);
  };
  const NodeEntry any{};
  answer(item(any, keys, keys.public_key, 5, "five", salt));
  BOOST_TEST_REQUIRE(lookup.mutable_item().has_value());
  BOOST_TEST(lookup.mutable_item()->seq == 5);
  answer(item(any, other, other.public_key, 9, "wrong key", salt));        // another key
  answer(item(any, other, keys.public_key, 9, "bad signature", salt));     // signed by another
  answer(item(any, keys, keys.public_key, 9, "other salt", "barfoo"));     // signed over another salt
  auto unsigned_value = reply_from(any.id);
  unsigned_value.value = corrent::bencode::Value("no key, no seq");
  answer(unsigned_value);
  BOOST_TEST(lookup.items_ignored() == 4u);
  BOOST_TEST(lookup.mutable_item()->seq == 5);
  answer(item(any, keys, keys.public_key, 3, "three", salt));  // older: not taken
  answer(item(any, keys, keys.public_key, 7, "seven", salt));
  BOOST_TEST_REQUIRE(lookup.mutable_item().has_value());
  const auto& best = *lookup.mutable_item();
  BOOST_TEST(best.seq == 7);
  BOOST_TEST(best.value == "5:seven");
  BOOST_TEST(best.salt == salt);
  BOOST_TEST((best.key == keys.public_key));
  BOOST_TEST(best.verified());
  BOOST_TEST(lookup.items_ignored() == 4u);
  BOOST_TEST(!lookup.done(t0));  // a mutable get asks on: a newer seq may be nearer

  // The same genuine item, for a lookup told another salt (so another target): ignored.
  Lookup::Settings unsalted = s;
  unsalted.salt = "";
  Lookup wrong_salt(unsalted, eight_near(target), t0);
  const auto to = wrong_salt.next(t0).front();
  auto genuine = item(to, keys, keys.public_key, 7, "seven", salt);
  wrong_salt.on_reply(to.endpoint, genuine);
  BOOST_TEST(!wrong_salt.mutable_item().has_value());
  BOOST_TEST(wrong_salt.items_ignored() == 1u);
}

BOOST_AUTO_TEST_CASE(sample_infohashes_collects_unique_samples_up_to_the_bound) {
  std::mt19937_64 rng(14);
  const NodeId target = random_id(rng);
  // Every answer brings kMaxSamplesPerReply samples, the first 10 shared by all, and a
  // node nearer than any so far (so the lookup goes on).
  std::vector<NodeId> shared;
  for (int i = 0; i < 10; ++i) shared.push_back(random_id(rng));
  std::uint32_t nearer = 0x8000;
  Lookup lookup({target, random_id(rng), Lookup::Kind::sample_infohashes},
                std::vector<NodeEntry>{{near(target, nearer), address(nearer)}}, t0);
  std::size_t answers = 0;
  for (int round = 0; round < 40; ++round) {
    const auto batch = lookup.next(t0);
    if (batch.empty()) break;
    for (const auto& q : batch) {
      auto r = reply_from(q.id, {NodeEntry{near(target, nearer - 1), address(nearer - 1)}});
      --nearer;
      r.samples = shared;
      while (r.samples->size() < kMaxSamplesPerReply) r.samples->push_back(random_id(rng));
      r.num = static_cast<std::int64_t>(1000 + answers);
      if (answers % 2 == 0) r.interval = 60;  // absent from every other reply
      lookup.on_reply(q.endpoint, r);
      ++answers;
      const std::size_t offered = shared.size() + (kMaxSamplesPerReply - shared.size()) * answers;
      BOOST_TEST(lookup.samples().size() == std::min(offered, kMaxLookupSamples));
    }
  }
  BOOST_TEST(answers * (kMaxSamplesPerReply - shared.size()) > kMaxLookupSamples);  // went past the bound
  BOOST_TEST(lookup.samples().size() == kMaxLookupSamples);
  const std::set<NodeId> unique(lookup.samples().begin(), lookup.samples().end());
  BOOST_TEST(unique.size() == lookup.samples().size());
  const auto& sources = lookup.sample_sources();
  BOOST_TEST_REQUIRE(sources.size() == answers);
  for (std::size_t i = 0; i < sources.size(); ++i) {
    BOOST_TEST(sources[i].num == static_cast<std::int64_t>(1000 + i));
    BOOST_TEST(sources[i].interval == (i % 2 == 0 ? 60 : 0));
    BOOST_TEST(sources[i].samples == kMaxSamplesPerReply);
  }

  // A find_node lookup takes no samples.
  Lookup plain({target, random_id(rng)}, eight_near(target), t0);
  const auto to = plain.next(t0).front();
  auto r = reply_from(to.id);
  r.samples = shared;
  plain.on_reply(to.endpoint, r);
  BOOST_TEST(plain.samples().empty());
  BOOST_TEST(plain.sample_sources().empty());
}

BOOST_AUTO_TEST_SUITE_END()
