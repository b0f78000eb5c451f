// KRPC: BEP 5's example messages decode and encode to the same bytes, and every message
// kind (BEP 5, 32, 42, 43, 44, 51) round-trips through the codec.
#include <boost/test/unit_test.hpp>

#include <variant>

#include "dht_limits.hpp"
#include "krpc_test_support.hpp"

namespace {

using namespace corrent::dht;
using corrent::net::Endpoint;
using dht_test::kId;
using dht_test::kTarget;

NodeId node(char fill) {
  NodeId id;
  id.bytes.fill(static_cast<std::uint8_t>(fill));
  return id;
}

corrent::metainfo::InfoHash info_hash(char fill) {
  corrent::metainfo::InfoHash ih;
  ih.bytes.fill(static_cast<std::uint8_t>(fill));
  return ih;
}

Endpoint v4(std::uint8_t last, std::uint16_t port) { return Endpoint::v4({1, 2, 3, last}, port); }
Endpoint v6(std::uint8_t last, std::uint16_t port) {
  return Endpoint::v6({0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, last}, port);
}

// encode -> decode gives `m` back, and encoding that gives the same bytes.
void round_trip(const Message& m) {
  const std::string bytes = encode_krpc(m);
  const auto back = decode_krpc(bytes);
  BOOST_TEST_REQUIRE(back.has_value(), (back ? "" : back.error().message()));
  BOOST_TEST((*back == m));
  BOOST_TEST(encode_krpc(*back) == bytes);
}

Message query(QueryArguments arguments) {
  return Message{"tx", std::nullopt, std::nullopt, false, Query{node('q'), std::move(arguments)}};
}

// BEP 5's examples (written with sorted keys, as canonical bencode is).
void canonical(std::string_view bytes) {
  const auto m = decode_krpc(bytes);
  BOOST_TEST_REQUIRE(m.has_value(), (m ? "" : m.error().message()));
  BOOST_TEST(encode_krpc(*m) == bytes);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(dht_krpc_round_trip)

BOOST_AUTO_TEST_CASE(bep5_examples_decode_to_what_they_say) {
  const auto ping = decode_krpc("d1:ad2:id20:abcdefghij0123456789e1:q4:ping1:t2:aa1:y1:qe");
  BOOST_TEST_REQUIRE(ping.has_value());
  BOOST_TEST(ping->transaction_id == "aa");
  const auto& q = std::get<Query>(ping->body);
  BOOST_TEST(q.id.view() == kId);
  BOOST_TEST(std::holds_alternative<PingQuery>(q.arguments));

  const auto peers =
      decode_krpc("d1:rd2:id20:abcdefghij01234567895:token8:aoeusnth6:valuesl6:axje.u6:idhtnmee1:t2:aa1:y1:re");
  BOOST_TEST_REQUIRE(peers.has_value());
  const auto& r = std::get<Response>(peers->body);
  BOOST_TEST(*r.token == "aoeusnth");
  BOOST_TEST_REQUIRE(r.values.size() == 2u);
  BOOST_TEST(r.values[0].to_string() == "97.120.106.101:11893");  // "axje.u"

  const auto error = decode_krpc("d1:eli201e23:A Generic Error Ocurrede1:t2:aa1:y1:ee");
  BOOST_TEST_REQUIRE(error.has_value());
  BOOST_TEST(std::get<ErrorReply>(error->body).code == kErrorGeneric);
  BOOST_TEST(std::get<ErrorReply>(error->body).message == "A Generic Error Ocurred");
}

BOOST_AUTO_TEST_CASE(bep5_examples_encode_back_byte_for_byte) {
  canonical("d1:ad2:id20:abcdefghij0123456789e1:q4:ping1:t2:aa1:y1:qe");
  canonical("d1:rd2:id20:mnopqrstuvwxyz123456e1:t2:aa1:y1:re");
  canonical("d1:ad2:id20:abcdefghij01234567896:target20:mnopqrstuvwxyz123456e1:q9:find_node1:t2:aa1:y1:qe");
  canonical("d1:ad2:id20:abcdefghij01234567899:info_hash20:mnopqrstuvwxyz123456e1:q9:get_peers1:t2:aa1:y1:qe");
  canonical("d1:ad2:id20:abcdefghij012345678912:implied_porti1e9:info_hash20:mnopqrstuvwxyz1234564:porti6881e"
            "5:token8:aoeusnthe1:q13:announce_peer1:t2:aa1:y1:qe");
  canonical("d1:eli201e23:A Generic Error Ocurrede1:t2:aa1:y1:ee");
}

BOOST_AUTO_TEST_CASE(every_query_round_trips) {
  round_trip(query(PingQuery{}));
  round_trip(query(FindNodeQuery{node('t'), {}}));
  round_trip(query(FindNodeQuery{node('t'), Want{true, true}}));
  round_trip(query(GetPeersQuery{info_hash('i'), Want{false, true}}));
  round_trip(query(AnnouncePeerQuery{info_hash('i'), 6881, false, "tok"}));
  round_trip(query(AnnouncePeerQuery{info_hash('i'), 0, true, "tok"}));
  round_trip(query(GetQuery{node('t'), std::nullopt, {}}));
  round_trip(query(GetQuery{node('t'), 7, Want{true, false}}));
  round_trip(query(SampleInfohashesQuery{node('t'), Want{true, true}}));
  round_trip(query(UnknownQuery{"vote"}));
}

BOOST_AUTO_TEST_CASE(bep44_puts_round_trip) {
  PutQuery immutable;
  immutable.token = "tok";
  immutable.value = corrent::bencode::Value("Hello World!");
  round_trip(query(immutable));

  PutQuery mutable_item;
  mutable_item.token = "tok";
  auto v = corrent::bencode::Value::dict();
  v["list"] = corrent::bencode::Value::List{1, "two"};
  mutable_item.value = v;
  mutable_item.key = PublicKey{};
  mutable_item.key->fill(0x77);
  mutable_item.signature = Signature{};
  mutable_item.signature->fill(0x88);
  mutable_item.seq = 4;
  mutable_item.cas = 3;
  mutable_item.salt = "foobar";
  round_trip(query(mutable_item));
}

BOOST_AUTO_TEST_CASE(replies_round_trip_with_every_field) {
  Response r;
  r.id = node('r');
  r.nodes = {{node('a'), v4(1, 6881)}, {node('b'), v4(2, 1)}, {node('c'), v6(3, 65535)}};
  r.values = {v4(9, 51413), v6(8, 6882)};
  r.token = "write-token";
  r.value = corrent::bencode::Value(std::int64_t{12});
  r.key = PublicKey{};
  r.signature = Signature{};
  r.seq = 1;
  r.samples = std::vector<NodeId>{node('s'), node('u')};
  r.interval = 21'600;
  r.num = 123456;
  round_trip(Message{"t1", "LT\x01\x02", v4(7, 40000), true, r});

  Response bare;  // only the id: the ping reply
  bare.id = node('r');
  round_trip(Message{"t1", std::nullopt, std::nullopt, false, bare});
}

BOOST_AUTO_TEST_CASE(nodes_are_split_by_family_on_the_wire) {
  Response r;
  r.id = node('r');
  r.nodes = {{node('a'), v4(1, 6881)}, {node('c'), v6(3, 6882)}};
  const std::string bytes = encode_krpc(Message{"t1", std::nullopt, std::nullopt, false, r});
  BOOST_TEST(bytes.find("5:nodes26:") != std::string::npos);
  BOOST_TEST(bytes.find("6:nodes638:") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(errors_and_envelope_fields_round_trip) {
  round_trip(Message{"zz", std::nullopt, std::nullopt, false, ErrorReply{kErrorMethodUnknown, "Method Unknown"}});
  round_trip(Message{"zz", "UT\x01\x00", v6(1, 6881), false, ErrorReply{kErrorProtocol, ""}});
  auto ro = query(PingQuery{});
  ro.read_only = true;  // BEP 43
  round_trip(ro);
  const std::string bytes = encode_krpc(ro);
  BOOST_TEST(bytes.find("2:roi1e") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_unknown_method_decodes_with_its_name_and_ignores_its_arguments) {
  auto m = dht_test::query("vote");
  dht_test::body(m)["target"] = "not twenty bytes";
  dht_test::body(m)["votes"] = 5;
  const auto got = dht_test::decode(m);
  BOOST_TEST_REQUIRE(got.has_value());
  const auto& q = std::get<Query>(got->body);
  BOOST_TEST(std::get<UnknownQuery>(q.arguments).method == "vote");
  BOOST_TEST(method_name(q.arguments) == "vote");
}

BOOST_AUTO_TEST_CASE(unknown_keys_are_ignored_and_want_reads_only_n4_n6) {
  auto m = dht_test::query("find_node");
  dht_test::body(m)["target"] = kTarget;
  dht_test::body(m)["want"] = corrent::bencode::Value::List{"n6", "n8"};
  dht_test::body(m)["zzz"] = corrent::bencode::Value::List{1, 2};
  m["extra"] = 1;
  const auto got = dht_test::decode(m);
  BOOST_TEST_REQUIRE(got.has_value());
  const auto& q = std::get<FindNodeQuery>(std::get<Query>(got->body).arguments);
  BOOST_TEST(q.target.view() == kTarget);
  BOOST_TEST(q.want.v6);
  BOOST_TEST(!q.want.v4);
}

BOOST_AUTO_TEST_CASE(a_non_zero_implied_port_means_the_source_port) {
  auto m = dht_test::query("announce_peer");
  dht_test::body(m)["info_hash"] = kTarget;
  dht_test::body(m)["port"] = 0;
  dht_test::body(m)["implied_port"] = 1;
  dht_test::body(m)["token"] = "tk";
  const auto got = dht_test::decode(m);
  BOOST_TEST_REQUIRE(got.has_value());
  const auto& a = std::get<AnnouncePeerQuery>(std::get<Query>(got->body).arguments);
  BOOST_TEST(a.implied_port);
  BOOST_TEST(a.port == 0);
}

BOOST_AUTO_TEST_SUITE_END()
