// The query handler: each method, bad tokens, unknown methods, BEP 43 "ro", BEP 42
// enforcement, BEP 32 "want", the amplification cap, and the per-source rate limit; BEP 44
// get and put with each error code and the amplification cap on items.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cstring>
#include <random>

#include "corrent/bencode/encode.hpp"
#include "corrent/core/encoding.hpp"
#include "krpc.hpp"
#include "item_test_support.hpp"
#include "query_handler.hpp"
#include "rate_limit.hpp"
#include "secure_id.hpp"

namespace {

using namespace corrent::dht;
using namespace std::chrono_literals;
using corrent::metainfo::InfoHash;
using corrent::net::Endpoint;

const TimePoint t0 = TimePoint{} + 24h;

NodeId random_id(std::mt19937_64& rng) {
  NodeId id;
  for (auto& b : id.bytes) b = static_cast<std::uint8_t>(rng());
  return id;
}

Endpoint v4(std::uint32_t n, std::uint16_t port = 6881) {
  return Endpoint::v4({100, static_cast<std::uint8_t>(n >> 16), static_cast<std::uint8_t>(n >> 8),
                       static_cast<std::uint8_t>(n)},
                      port);
}

Endpoint v6(std::uint32_t n, std::uint16_t port = 6881) {
  Endpoint::V6Bytes a{0x20, 0x01, 0x0d, 0xb8};
  a[13] = static_cast<std::uint8_t>(n >> 16);
  a[14] = static_cast<std::uint8_t>(n >> 8);
  a[15] = static_cast<std::uint8_t>(n);
  return Endpoint::v6(a, port);
}

InfoHash info_hash(std::uint8_t n) {
  InfoHash h;
  h.bytes.fill(n);
  return h;
}

// A put of `item` (value given as a Value), as a querier builds it.
PutQuery mutable_put(const std::string& token, const corrent::bencode::Value& value, const MutableItem& item,
                     std::optional<std::int64_t> cas = std::nullopt) {
  PutQuery p;
  p.token = token;
  p.value = value;
  p.key = item.key;
  p.signature = item.signature;
  p.seq = item.seq;
  p.cas = cas;
  if (!item.salt.empty()) p.salt = item.salt;
  return p;
}

PutQuery immutable_put(const std::string& token, const corrent::bencode::Value& value) {
  PutQuery p;
  p.token = token;
  p.value = value;
  return p;
}

// `value` signed by `keys` with `seq`, as MutableItem (value encoded).
MutableItem signed_item(const KeyPair& keys, std::int64_t seq, const corrent::bencode::Value& value,
                        std::string salt = "") {
  MutableItem item{keys.public_key, std::move(salt), seq, corrent::bencode::encode(value), {}};
  item.signature = sign_item(keys, item.salt, item.seq, item.value);
  return item;
}

// A node with a table per family, each holding 60 confirmed nodes.
struct Fixture {
  std::mt19937_64 rng{13};
  RoutingTable table4{RoutingTable::Settings{random_id(rng), false}, t0};
  RoutingTable table6{RoutingTable::Settings{random_id(rng), true}, t0};
  PeerStore store;
  ItemStore items;
  TokenIssuer tokens{TokenSecret{1, 2, 3}, t0};
  QueryHandler handler{QueryHandler::Settings{}, QueryHandler::Tables{&table4, &table6}, store, items, tokens};
  NodeId requester = random_id(rng);
  Endpoint source = v4(0xfffff0, 5000);

  Fixture() {
    for (std::uint32_t i = 1; i <= 60; ++i) {
      table4.heard_from(NodeEntry{random_id(rng), v4(i)}, Contact::replied, t0);
      table6.heard_from(NodeEntry{random_id(rng), v6(i)}, Contact::replied, t0);
    }
  }

  Message query(QueryArguments arguments, bool read_only = false) const {
    Message m;
    m.transaction_id = "tx";
    m.read_only = read_only;
    m.body = Query{requester, std::move(arguments)};
    return m;
  }

  // The reply, decoded again from its bytes (so what goes on the wire is what is checked).
  Message ask(const Message& m, const Endpoint& from, bool expect_error = false) {
    auto reply = handler.handle(m, from, encode_krpc(m).size(), t0, 77);
    BOOST_TEST_REQUIRE(reply.has_value());
    auto decoded = decode_krpc(reply->bytes);
    BOOST_TEST_REQUIRE(decoded.has_value());
    BOOST_TEST(decoded->transaction_id == "tx");
    BOOST_TEST((decoded->external_ip == from));
    BOOST_TEST_REQUIRE(std::holds_alternative<ErrorReply>(decoded->body) == expect_error);
    return *decoded;
  }
  Response ask_response(const Message& m, const Endpoint& from) {
    return std::get<Response>(ask(m, from).body);
  }
  ErrorReply ask_error(const Message& m, const Endpoint& from) {
    return std::get<ErrorReply>(ask(m, from, true).body);
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(dht_query_handler, Fixture)

BOOST_AUTO_TEST_CASE(ping_answers_with_our_id_and_learns_the_requester) {
  const auto r = ask_response(query(PingQuery{}), source);
  BOOST_TEST((r.id == table4.self()));
  const RoutingNode* node = table4.find(requester);
  BOOST_TEST_REQUIRE(node != nullptr);
  BOOST_TEST(!node->confirmed);  // Contact::queried
  // An IPv6 source gets the IPv6 table's id and is learnt there.
  const auto r6 = ask_response(query(PingQuery{}), v6(0xabcd));
  BOOST_TEST((r6.id == table6.self()));
}

BOOST_AUTO_TEST_CASE(a_read_only_node_is_answered_but_not_learnt) {
  (void)ask_response(query(PingQuery{}, true), source);
  BOOST_TEST(table4.find(requester) == nullptr);
}

BOOST_AUTO_TEST_CASE(bep42_enforcement_is_a_setting) {
  QueryHandler strict{QueryHandler::Settings{.enforce_bep42 = true}, QueryHandler::Tables{&table4, &table6}, store,
                      items, tokens};
  const Endpoint from = Endpoint::v4({124, 31, 75, 21}, 1);  // BEP 42's first vector address
  auto m = query(PingQuery{});
  BOOST_TEST(strict.handle(m, from, 60, t0, 0).has_value());  // answered anyway
  BOOST_TEST(table4.find(requester) == nullptr);
  const NodeId good = secure_node_id(from, requester);
  std::get<Query>(m.body).id = good;
  (void)strict.handle(m, from, 60, t0, 0);
  BOOST_TEST(table4.find(good) != nullptr);
  // Off (the default): the non-conforming id is learnt.
  std::get<Query>(m.body).id = requester;
  (void)handler.handle(m, from, 60, t0, 0);
  BOOST_TEST(table4.find(requester) != nullptr);
}

BOOST_AUTO_TEST_CASE(find_node_gives_the_k_closest_of_the_requesters_family) {
  const NodeId target = random_id(rng);
  const auto r = ask_response(query(FindNodeQuery{target, {}}), source);
  BOOST_TEST((r.nodes == table4.closest(target, kBucketSize)));
  const auto r6 = ask_response(query(FindNodeQuery{target, {}}), v6(0xabcd));
  BOOST_TEST((r6.nodes == table6.closest(target, kBucketSize)));
}

BOOST_AUTO_TEST_CASE(find_node_honours_want) {
  const NodeId target = random_id(rng);
  // A verified source (it answered us from this address) gets both families whole.
  table4.heard_from(NodeEntry{requester, source}, Contact::replied, t0);
  auto r = ask_response(query(FindNodeQuery{target, Want{true, true}}), source);
  auto expected = table4.closest(target, kBucketSize);
  for (const auto& n : table6.closest(target, kBucketSize)) expected.push_back(n);
  BOOST_TEST((r.nodes == expected));
  r = ask_response(query(FindNodeQuery{target, Want{false, true}}), source);
  BOOST_TEST((r.nodes == table6.closest(target, kBucketSize)));
  // Without a table of a wanted family, that family is left out.
  QueryHandler v4_only{QueryHandler::Settings{}, QueryHandler::Tables{&table4, nullptr}, store, items,
                       tokens};
  const auto m = query(FindNodeQuery{target, Want{true, true}});
  const auto reply = v4_only.handle(m, source, encode_krpc(m).size(), t0, 0);
  BOOST_TEST_REQUIRE(reply.has_value());
  BOOST_TEST((std::get<Response>(reply->message.body).nodes == table4.closest(target, kBucketSize)));
  // An IPv6 source of a node running IPv4 only is not answered.
  BOOST_TEST(!v4_only.handle(m, v6(1), 60, t0, 0).has_value());
}

BOOST_AUTO_TEST_CASE(get_peers_gives_a_token_and_nodes_or_values) {
  const auto ih = info_hash(5);
  auto r = ask_response(query(GetPeersQuery{ih, {}}), source);
  BOOST_TEST_REQUIRE(r.token.has_value());
  BOOST_TEST(tokens.accepts(*r.token, source));
  BOOST_TEST(r.values.empty());
  BOOST_TEST((r.nodes == table4.closest(NodeId::from_info_hash(ih), kBucketSize)));
  store.announce(ih, v4(7, 7000), t0);
  store.announce(ih, v6(7, 7000), t0);
  r = ask_response(query(GetPeersQuery{ih, {}}), source);
  BOOST_TEST((r.values == std::vector<Endpoint>{v4(7, 7000)}));
  BOOST_TEST(r.nodes.empty());
  r = ask_response(query(GetPeersQuery{ih, {}}), v6(99));
  BOOST_TEST((r.values == std::vector<Endpoint>{v6(7, 7000)}));
}

BOOST_AUTO_TEST_CASE(announce_peer_with_a_good_token_stores_the_peer) {
  const auto ih = info_hash(6);
  const auto token = tokens.issue(source);
  (void)ask_response(query(AnnouncePeerQuery{ih, 7777, false, token}), source);
  BOOST_TEST((store.peers(ih, false, 10, 0, t0) == std::vector<Endpoint>{source.with_port(7777)}));
  // implied_port: the UDP source port; the token came from the same address, another port.
  (void)ask_response(query(AnnouncePeerQuery{ih, 0, true, token}), source.with_port(5001));
  BOOST_TEST(store.peer_count() == 2u);
  BOOST_TEST((store.peers(ih, false, 10, 0, t0).back() == source.with_port(5001)));
}

BOOST_AUTO_TEST_CASE(announce_peer_with_a_bad_token_is_error_203) {
  const auto ih = info_hash(6);
  auto e = ask_error(query(AnnouncePeerQuery{ih, 7777, false, "12345678"}), source);
  BOOST_TEST(e.code == kErrorProtocol);
  // A good token, but issued to another address.
  e = ask_error(query(AnnouncePeerQuery{ih, 7777, false, tokens.issue(v4(1))}), source);
  BOOST_TEST(e.code == kErrorProtocol);
  BOOST_TEST(store.peer_count() == 0u);
}

BOOST_AUTO_TEST_CASE(sample_infohashes_bep51) {
  for (std::uint8_t i = 0; i < 30; ++i) store.announce(info_hash(i), v4(i), t0);
  const NodeId target = random_id(rng);
  table4.heard_from(NodeEntry{requester, source}, Contact::replied, t0);  // verified: whole reply
  const auto r = ask_response(query(SampleInfohashesQuery{target, {}}), source);
  BOOST_TEST_REQUIRE(r.samples.has_value());
  BOOST_TEST(r.samples->size() == kSamplesPerReply);
  BOOST_TEST((r.interval == kSampleInterval));
  BOOST_TEST((r.num == 30));
  BOOST_TEST((r.nodes == table4.closest(target, kBucketSize)));
}

BOOST_AUTO_TEST_CASE(unknown_methods_are_error_204) {
  BOOST_TEST(ask_error(query(UnknownQuery{"vote"}), source).code == kErrorMethodUnknown);
}

BOOST_AUTO_TEST_CASE(a_refused_query_gets_error_203_within_its_budget) {
  // announce_peer without a port: decode_krpc refuses it, the "t" is still readable.
  const std::string packet =
      "d1:ad2:id20:abcdefghij01234567899:info_hash20:mnopqrstuvwxyz1234565:token8:aoeusnthe"
      "1:q13:announce_peer1:t2:aa1:y1:qe";
  BOOST_TEST_REQUIRE(!decode_krpc(packet).has_value());
  const auto t = query_transaction_id(packet);
  BOOST_TEST_REQUIRE(t.has_value());
  const auto reply = handler.refuse(*t, source);
  BOOST_TEST(reply.bytes.size() <= kAmplificationFactor * packet.size());
  const auto decoded = decode_krpc(reply.bytes);
  BOOST_TEST_REQUIRE(decoded.has_value());
  BOOST_TEST(decoded->transaction_id == "aa");
  BOOST_TEST((decoded->external_ip == source));
  BOOST_TEST(std::get<ErrorReply>(decoded->body).code == kErrorProtocol);
}

BOOST_AUTO_TEST_CASE(replies_and_errors_are_not_answered) {
  Message m;
  m.transaction_id = "tx";
  m.body = Response{};
  BOOST_TEST(!handler.handle(m, source, 60, t0, 0).has_value());
  m.body = ErrorReply{201, "x"};
  BOOST_TEST(!handler.handle(m, source, 60, t0, 0).has_value());
}

BOOST_AUTO_TEST_CASE(an_unverified_source_gets_at_most_the_amplification_factor) {
  const auto ih = info_hash(8);
  for (std::uint32_t i = 0; i < 300; ++i) store.announce(ih, v4(i, 7000), t0);
  const auto m = query(GetPeersQuery{ih, {}});
  const auto size = encode_krpc(m).size();
  auto reply = handler.handle(m, source, size, t0, 1);
  BOOST_TEST_REQUIRE(reply.has_value());
  BOOST_TEST(reply->bytes.size() <= kAmplificationFactor * size);
  BOOST_TEST(reply->bytes.size() > (kAmplificationFactor - 1) * size);  // trimmed, not emptied
  const auto& r = std::get<Response>(reply->message.body);
  BOOST_TEST(!r.values.empty());
  BOOST_TEST(r.values.size() < kMaxValuesPerReply);
  BOOST_TEST(r.token.has_value());
  BOOST_TEST(reply->bytes == encode_krpc(reply->message));
  // The same query from a node that has answered us at this address: all 100 values.
  table4.heard_from(NodeEntry{requester, source}, Contact::replied, t0);
  reply = handler.handle(m, source, size, t0, 1);
  BOOST_TEST(std::get<Response>(reply->message.body).values.size() == kMaxValuesPerReply);
  BOOST_TEST(reply->bytes.size() <= kMaxPacketSize);
  // ... but not from another port of its address (the address is what was proven, and
  // the routing table knows it at one port only).
  reply = handler.handle(m, source.with_port(1), size, t0, 1);
  BOOST_TEST(reply->bytes.size() <= kAmplificationFactor * size);
}

BOOST_AUTO_TEST_CASE(an_unverified_two_family_find_node_is_trimmed_ipv6_first) {
  const NodeId target = random_id(rng);
  const auto m = query(FindNodeQuery{target, Want{true, true}});
  const auto size = encode_krpc(m).size();
  const auto reply = handler.handle(m, source, size, t0, 1);
  BOOST_TEST_REQUIRE(reply.has_value());
  BOOST_TEST(reply->bytes.size() <= kAmplificationFactor * size);
  const auto& nodes = std::get<Response>(reply->message.body).nodes;
  const auto v4_nodes = table4.closest(target, kBucketSize);
  BOOST_TEST_REQUIRE(nodes.size() >= kBucketSize);
  BOOST_TEST((std::vector<NodeEntry>(nodes.begin(), nodes.begin() + kBucketSize) == v4_nodes));
  BOOST_TEST(nodes.size() < 2 * kBucketSize);
}

BOOST_AUTO_TEST_CASE(an_ordinary_find_node_fits_the_budget_whole) {
  // For either family, from a source we never heard a reply from.
  const auto m = query(FindNodeQuery{random_id(rng), {}});
  for (const auto& from : {source, v6(0xabcd)}) {
    const auto reply = handler.handle(m, from, encode_krpc(m).size(), t0, 1);
    BOOST_TEST_REQUIRE(reply.has_value());
    BOOST_TEST(std::get<Response>(reply->message.body).nodes.size() == kBucketSize);
    BOOST_TEST(reply->bytes.size() <= kAmplificationFactor * encode_krpc(m).size());
  }
}

BOOST_AUTO_TEST_CASE(ipv6_values_are_trimmed_to_one_packet_even_when_verified) {
  const auto ih = info_hash(9);
  const Endpoint from6 = v6(0xabcdef);
  for (std::uint32_t i = 0; i < 200; ++i) store.announce(ih, v6(i, 7000), t0);
  table6.heard_from(NodeEntry{requester, from6}, Contact::replied, t0);
  const auto m = query(GetPeersQuery{ih, {}});
  const auto reply = handler.handle(m, from6, encode_krpc(m).size(), t0, 1);
  BOOST_TEST_REQUIRE(reply.has_value());
  BOOST_TEST(reply->bytes.size() <= kMaxPacketSize);
  BOOST_TEST(std::get<Response>(reply->message.body).values.size() > 60u);  // 1500 / 21 is 71
}

BOOST_AUTO_TEST_CASE(the_per_source_rate_limit) {
  BOOST_TEST(kMaxDatagramsPerSourceWindow == 50u);  // 5/s over the 10 s window
  BOOST_TEST(!over_source_rate_limit(1));
  BOOST_TEST(!over_source_rate_limit(kMaxDatagramsPerSourceWindow));
  BOOST_TEST(over_source_rate_limit(kMaxDatagramsPerSourceWindow + 1));
  BOOST_TEST(over_source_rate_limit(3, 2));
}

// --- BEP 44 ----------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(bep44_get_of_nothing_gives_a_token_and_the_closest_nodes) {
  const NodeId target = random_id(rng);
  const auto r = ask_response(query(GetQuery{target, std::nullopt, {}}), source);
  BOOST_TEST_REQUIRE(r.token.has_value());
  BOOST_TEST(tokens.accepts(*r.token, source));
  BOOST_TEST((r.nodes == table4.closest(target, kBucketSize)));
  BOOST_TEST((!r.value && !r.key && !r.signature && !r.seq));
  // BEP 32 "want", as for find_node (a verified source: both families whole).
  table4.heard_from(NodeEntry{requester, source}, Contact::replied, t0);
  const auto both = ask_response(query(GetQuery{target, std::nullopt, Want{true, true}}), source);
  auto expected = table4.closest(target, kBucketSize);
  for (const auto& n : table6.closest(target, kBucketSize)) expected.push_back(n);
  BOOST_TEST((both.nodes == expected));
}

BOOST_AUTO_TEST_CASE(bep44_immutable_put_then_get) {
  const corrent::bencode::Value value("Hello World!");
  const NodeId target = immutable_target(corrent::bencode::encode(value));
  BOOST_TEST(target.hex() == "e5f96f6f38320f0f33959cb4d3d656452117aadb");  // BEP 44's vector
  const auto token = ask_response(query(GetQuery{target, std::nullopt, {}}), source).token;
  BOOST_TEST_REQUIRE(token.has_value());
  const auto ok = ask_response(query(immutable_put(*token, value)), source);
  BOOST_TEST((ok.id == table4.self()));  // our id, nothing else
  BOOST_TEST((!ok.token && ok.nodes.empty() && !ok.value && !ok.seq));
  BOOST_TEST(items.immutable_count() == 1u);
  const auto r = ask_response(query(GetQuery{target, std::nullopt, {}}), source);
  BOOST_TEST_REQUIRE(r.value.has_value());
  BOOST_TEST((*r.value == value));
  BOOST_TEST((!r.key && !r.signature && !r.seq));
  // A get with "seq" asks for a mutable item: the immutable one is not returned.
  const auto with_seq = ask_response(query(GetQuery{target, 0, {}}), source);
  BOOST_TEST((!with_seq.value && !with_seq.seq));
}

BOOST_AUTO_TEST_CASE(bep44_the_bep_vector_item_is_stored_and_returned) {
  const auto item = item_test::bep44_item();
  BOOST_TEST(item.target().hex() == "4a533d47ec9c7d95b1ad75f576cffc641853b750");
  (void)ask_response(query(mutable_put(tokens.issue(source), "Hello World!", item)), source);
  BOOST_TEST(items.mutable_count() == 1u);
  // The source is not verified: the item still fits its budget.
  const auto m = query(GetQuery{item.target(), std::nullopt, {}});
  const auto reply = handler.handle(m, source, encode_krpc(m).size(), t0, 0);
  BOOST_TEST_REQUIRE(reply.has_value());
  BOOST_TEST(reply->bytes.size() <= kAmplificationFactor * encode_krpc(m).size());
  const auto r = ask_response(m, source);
  BOOST_TEST_REQUIRE((r.value && r.key && r.signature && r.seq));
  BOOST_TEST((*r.key == item.key));
  BOOST_TEST((*r.signature == item.signature));
  BOOST_TEST(*r.seq == 1);
  BOOST_TEST((*r.value == corrent::bencode::Value("Hello World!")));
  BOOST_TEST(verify_item(*r.key, *r.signature, "", *r.seq, corrent::bencode::encode(*r.value)));
}

BOOST_AUTO_TEST_CASE(bep44_a_mutable_item_signed_with_a_key_pair_round_trips) {
  KeySeed seed{};
  seed.fill(42);
  const auto keys = KeyPair::from_seed(seed);
  auto value = corrent::bencode::Value::dict();
  value["name"] = "corrent";
  value["n"] = 7;
  const auto item = signed_item(keys, 5, value, "salt");
  const auto token = ask_response(query(GetQuery{item.target(), std::nullopt, {}}), source).token;
  BOOST_TEST_REQUIRE(token.has_value());
  (void)ask_response(query(mutable_put(*token, value, item)), source);
  auto r = ask_response(query(GetQuery{item.target(), std::nullopt, {}}), source);
  BOOST_TEST_REQUIRE((r.value && r.key && r.signature && r.seq));
  BOOST_TEST((*r.value == value));
  BOOST_TEST((*r.key == keys.public_key));
  BOOST_TEST(*r.seq == 5);
  BOOST_TEST(verify_item(*r.key, *r.signature, "salt", *r.seq, corrent::bencode::encode(*r.value)));
  // "seq" in the get: the item only when ours is newer (BEP 44), else "seq" alone.
  r = ask_response(query(GetQuery{item.target(), 4, {}}), source);
  BOOST_TEST((r.value && r.key && r.signature && r.seq == 5));
  for (const std::int64_t seq : {5, 6}) {
    r = ask_response(query(GetQuery{item.target(), seq, {}}), source);
    BOOST_TEST((r.seq == 5));
    BOOST_TEST((!r.value && !r.key && !r.signature));
    BOOST_TEST(r.token.has_value());
  }
}

BOOST_AUTO_TEST_CASE(bep44_put_with_a_bad_token_is_203_and_stores_nothing) {
  const auto item = signed_item(KeyPair::from_seed(KeySeed{}), 1, "x");
  BOOST_TEST(ask_error(query(immutable_put("12345678", "x")), source).code == kErrorProtocol);
  // A good token, but issued to another address.
  BOOST_TEST(ask_error(query(mutable_put(tokens.issue(v4(1)), "x", item)), source).code == kErrorProtocol);
  BOOST_TEST(items.immutable_count() == 0u);
  BOOST_TEST(items.mutable_count() == 0u);
}

BOOST_AUTO_TEST_CASE(bep44_put_refusals_206_301_302_205_207) {
  const auto keys = KeyPair::from_seed(KeySeed{1});
  const auto token = tokens.issue(source);
  auto forged = signed_item(keys, 1, "one");
  forged.signature[0] ^= 1;
  BOOST_TEST(ask_error(query(mutable_put(token, "one", forged)), source).code == kErrorInvalidSignature);
  BOOST_TEST(items.mutable_count() == 0u);
  (void)ask_response(query(mutable_put(token, "two", signed_item(keys, 2, "two"))), source);
  BOOST_TEST(ask_error(query(mutable_put(token, "one", signed_item(keys, 1, "one"))), source).code ==
             kErrorSequenceTooOld);
  BOOST_TEST(ask_error(query(mutable_put(token, "TWO", signed_item(keys, 2, "TWO"))), source).code ==
             kErrorSequenceTooOld);
  (void)ask_response(query(mutable_put(token, "two", signed_item(keys, 2, "two"))), source);  // refresh
  BOOST_TEST(ask_error(query(mutable_put(token, "three", signed_item(keys, 3, "three"), 1)), source).code ==
             kErrorCasMismatch);
  (void)ask_response(query(mutable_put(token, "three", signed_item(keys, 3, "three"), 2)), source);
  BOOST_TEST(items.mutable_item(mutable_target(keys.public_key, ""), t0)->seq == 3);
  // Past the size limits, in a PutQuery built by hand (on the wire decode_krpc refuses
  // them first: next test).
  const corrent::bencode::Value big(std::string(kMaxItemValueSize, 'v'));  // 1005 bytes encoded
  BOOST_TEST(ask_error(query(immutable_put(token, big)), source).code == kErrorValueTooBig);
  const auto salted = signed_item(keys, 4, "s", std::string(kMaxSaltSize + 1, 's'));
  BOOST_TEST(ask_error(query(mutable_put(token, "s", salted)), source).code == kErrorSaltTooBig);
  BOOST_TEST(items.immutable_count() == 0u);
  BOOST_TEST(items.mutable_count() == 1u);
}

BOOST_AUTO_TEST_CASE(bep44_a_put_the_decoder_refuses_for_size_gets_205_or_207) {
  const auto keys = KeyPair::from_seed(KeySeed{2});
  const corrent::bencode::Value big(std::string(kMaxItemValueSize, 'v'));
  const auto salted = signed_item(keys, 1, "s", std::string(kMaxSaltSize + 1, 's'));
  struct Case {
    PutQuery put;
    std::int64_t code;
  };
  for (const auto& [put, code] : {Case{immutable_put("token", big), kErrorValueTooBig},
                                  Case{mutable_put("token", "s", salted), kErrorSaltTooBig}}) {
    const auto packet = encode_krpc(query(put));
    const auto decoded = decode_krpc(packet);
    BOOST_TEST_REQUIRE(!decoded.has_value());
    const auto t = query_transaction_id(packet);
    BOOST_TEST_REQUIRE(t.has_value());
    const auto reply = decode_krpc(handler.refuse(*t, source, decoded.error().code).bytes);
    BOOST_TEST_REQUIRE(reply.has_value());
    BOOST_TEST(std::get<ErrorReply>(reply->body).code == code);
  }
}

BOOST_AUTO_TEST_CASE(bep44_an_expired_item_is_not_returned) {
  (void)ask_response(query(immutable_put(tokens.issue(source), "old")), source);
  const auto m = query(GetQuery{immutable_target("3:old"), std::nullopt, {}});
  auto reply = handler.handle(m, source, encode_krpc(m).size(), t0 + kItemLifetime - 1s, 0);
  BOOST_TEST_REQUIRE(reply.has_value());
  BOOST_TEST(std::get<Response>(reply->message.body).value.has_value());
  reply = handler.handle(m, source, encode_krpc(m).size(), t0 + kItemLifetime, 0);
  BOOST_TEST_REQUIRE(reply.has_value());
  BOOST_TEST(!std::get<Response>(reply->message.body).value.has_value());
}

BOOST_AUTO_TEST_CASE(bep44_an_item_over_an_unverified_budget_is_left_out) {
  const auto keys = KeyPair::from_seed(KeySeed{3});
  const corrent::bencode::Value value(std::string(900, 'v'));
  const auto item = signed_item(keys, 1, value);
  (void)ask_response(query(mutable_put(tokens.issue(source), value, item)), source);
  const auto m = query(GetQuery{item.target(), std::nullopt, {}});
  const auto size = encode_krpc(m).size();
  auto reply = handler.handle(m, source, size, t0, 0);
  BOOST_TEST_REQUIRE(reply.has_value());
  BOOST_TEST(reply->bytes.size() <= kAmplificationFactor * size);
  auto decoded = decode_krpc(reply->bytes);
  BOOST_TEST_REQUIRE(decoded.has_value());
  auto r = std::get<Response>(decoded->body);
  BOOST_TEST((!r.value && !r.key && !r.signature && !r.seq));
  BOOST_TEST(r.token.has_value());
  BOOST_TEST((r.nodes == table4.closest(item.target(), kBucketSize)));  // not trimmed for nothing
  // A verified source gets it, within one packet.
  table4.heard_from(NodeEntry{requester, source}, Contact::replied, t0);
  reply = handler.handle(m, source, size, t0, 0);
  BOOST_TEST_REQUIRE(reply.has_value());
  BOOST_TEST(reply->bytes.size() <= kMaxPacketSize);
  decoded = decode_krpc(reply->bytes);
  BOOST_TEST_REQUIRE(decoded.has_value());
  r = std::get<Response>(decoded->body);
  BOOST_TEST_REQUIRE(r.value.has_value());
  BOOST_TEST((*r.value == value));
  BOOST_TEST(verify_item(*r.key, *r.signature, "", *r.seq, corrent::bencode::encode(*r.value)));
}

BOOST_AUTO_TEST_CASE(bep44_items_that_fit_reach_an_unverified_source) {
  // The figures of query_handler.hpp: for a plain 86-byte get, a 345-byte immutable value
  // or a 225-byte mutable one still fits 5x the query (the nodes make room).
  const auto keys = KeyPair::from_seed(KeySeed{4});
  const corrent::bencode::Value immutable_value(std::string(341, 'i'));
  const corrent::bencode::Value mutable_value(std::string(221, 'm'));
  const auto item = signed_item(keys, 1, mutable_value);
  (void)ask_response(query(immutable_put(tokens.issue(source), immutable_value)), source);
  (void)ask_response(query(mutable_put(tokens.issue(source), mutable_value, item)), source);
  for (const auto& [target, value] : {std::pair{immutable_target(corrent::bencode::encode(immutable_value)),
                                                immutable_value},
                                      std::pair{item.target(), mutable_value}}) {
    const auto m = query(GetQuery{target, std::nullopt, {}});
    const auto size = encode_krpc(m).size();
    BOOST_TEST(size == 86u);
    const auto reply = handler.handle(m, source, size, t0, 0);
    BOOST_TEST_REQUIRE(reply.has_value());
    BOOST_TEST(reply->bytes.size() <= kAmplificationFactor * size);
    const auto decoded = decode_krpc(reply->bytes);
    BOOST_TEST_REQUIRE(decoded.has_value());
    const auto& r = std::get<Response>(decoded->body);
    BOOST_TEST_REQUIRE(r.value.has_value());
    BOOST_TEST((*r.value == value));
  }
}

BOOST_AUTO_TEST_SUITE_END()
