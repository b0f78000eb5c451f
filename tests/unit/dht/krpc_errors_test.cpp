// KRPC: one test per class of bad input (dht_errc.hpp), each on an otherwise valid
// message, with the bounds tested at the limit and one past it.
#include <boost/test/unit_test.hpp>

#include "dht_limits.hpp"
#include "krpc_test_support.hpp"

namespace {

using namespace corrent::dht;
using corrent::bencode::Value;
using dht_test::body;
using dht_test::expect_bytes_error;
using dht_test::expect_error;
using dht_test::kTarget;

void expect_ok(const Value& m) {
  const auto got = dht_test::decode(m);
  BOOST_TEST(got.has_value(), (got ? "" : got.error().message()));
}

Value announce() {
  auto m = dht_test::query("announce_peer");
  body(m)["info_hash"] = kTarget;
  body(m)["port"] = 6881;
  body(m)["token"] = "tk";
  return m;
}

Value put_mutable() {
  auto m = dht_test::query("put");
  body(m)["token"] = "tk";
  body(m)["v"] = "value";
  body(m)["k"] = std::string(kPublicKeySize, 'k');
  body(m)["sig"] = std::string(kSignatureSize, 's');
  body(m)["seq"] = 1;
  return m;
}

Value values(std::size_t count) {
  auto list = Value::list();
  for (std::size_t i = 0; i < count; ++i) list.push_back(std::string(kCompactPeerV4Size, 'p'));
  return list;
}

// A reply padded with an unknown key to exactly `size` bytes.
std::string reply_of_size(std::size_t size) {
  const std::string head = corrent::bencode::encode(dht_test::reply());
  const std::string open = head.substr(0, head.size() - 1) + "1:z";  // "z" sorts last
  for (std::size_t n = 0; n < size; ++n) {
    const std::string pad = std::to_string(n) + ":" + std::string(n, 'x');
    if (open.size() + pad.size() + 1 == size) return open + pad + "e";
  }
  return {};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(dht_krpc_errors)

BOOST_AUTO_TEST_CASE(packet_size_limit) {
  BOOST_TEST(decode_krpc(reply_of_size(kMaxPacketSize)).has_value());
  expect_bytes_error(reply_of_size(kMaxPacketSize + 1), errc::packet_too_large);
}

BOOST_AUTO_TEST_CASE(bad_bencode) {
  expect_bytes_error("d1:t2:aa", errc::bad_bencode);
  expect_bytes_error("", errc::bad_bencode);
  expect_bytes_error("d1:ad2:id20:abcdefghij0123456789e1:q4:ping1:t2:aa1:y1:qeXX", errc::bad_bencode);  // trailing
}

BOOST_AUTO_TEST_CASE(depth_limit) {
  const auto nested = [](std::size_t depth) { return std::string(depth, 'l') + std::string(depth, 'e'); };
  expect_bytes_error(nested(kMaxDepth), errc::not_dict);  // decodes, then refused for what it is
  expect_bytes_error(nested(kMaxDepth + 1), errc::too_deep);
}

BOOST_AUTO_TEST_CASE(token_limit) {
  const auto list = [](std::size_t items) {
    std::string s = "l";
    for (std::size_t i = 0; i + 1 < items; ++i) s += "0:";
    return s + "e";
  };
  expect_bytes_error(list(kMaxTokens), errc::not_dict);
  expect_bytes_error(list(kMaxTokens + 1), errc::too_many_tokens);
}

BOOST_AUTO_TEST_CASE(not_dict) {
  expect_bytes_error("i1e", errc::not_dict);
  expect_bytes_error("4:spam", errc::not_dict);
}

BOOST_AUTO_TEST_CASE(transaction_id) {
  auto m = dht_test::reply();
  m["t"] = std::string(kMaxTransactionIdSize, 't');
  expect_ok(m);
  m["t"] = std::string(kMaxTransactionIdSize + 1, 't');
  expect_error(m, errc::bad_transaction_id);
  m["t"] = "";
  expect_error(m, errc::bad_transaction_id);
  m["t"] = 7;
  expect_error(m, errc::bad_transaction_id);
  expect_bytes_error("d1:rd2:id20:abcdefghij0123456789e1:y1:re", errc::missing_transaction_id);
}

BOOST_AUTO_TEST_CASE(message_type) {
  expect_bytes_error("d1:rd2:id20:abcdefghij0123456789e1:t2:aae", errc::missing_type);
  auto m = dht_test::reply();
  m["y"] = "x";
  expect_error(m, errc::unknown_type);
  m["y"] = 1;
  expect_error(m, errc::wrong_type);
}

BOOST_AUTO_TEST_CASE(query_method) {
  auto m = dht_test::query("ping");
  m["q"] = 5;
  expect_error(m, errc::wrong_type);
  expect_bytes_error("d1:ad2:id20:abcdefghij0123456789e1:t2:aa1:y1:qe", errc::missing_method);
}

BOOST_AUTO_TEST_CASE(missing_body) {
  expect_bytes_error("d1:q4:ping1:t2:aa1:y1:qe", errc::missing_body);
  expect_bytes_error("d1:t2:aa1:y1:re", errc::missing_body);
  expect_bytes_error("d1:t2:aa1:y1:ee", errc::missing_body);
}

BOOST_AUTO_TEST_CASE(wrong_types) {
  auto m = dht_test::query("ping");
  m["a"] = Value::List{};
  expect_error(m, errc::wrong_type);
  auto r = dht_test::reply();
  body(r)["nodes"] = 5;
  expect_error(r, errc::wrong_type);
  auto f = dht_test::query("find_node");
  body(f)["target"] = kTarget;
  body(f)["want"] = "n4";
  expect_error(f, errc::wrong_type);
  body(f)["want"] = Value::List{4};
  expect_error(f, errc::wrong_type);
  m = dht_test::reply();
  m["v"] = 1;
  expect_error(m, errc::wrong_type);
  m = dht_test::reply();
  m["ro"] = "1";
  expect_error(m, errc::wrong_type);
  m = dht_test::reply();
  body(m)["values"] = "not a list";
  expect_error(m, errc::wrong_type);
}

BOOST_AUTO_TEST_CASE(node_id) {
  auto m = dht_test::query("ping");
  body(m)["id"] = std::string(19, 'i');
  expect_error(m, errc::bad_node_id);
  body(m)["id"] = std::string(21, 'i');
  expect_error(m, errc::bad_node_id);
  expect_bytes_error("d1:ad1:xi1ee1:q4:ping1:t2:aa1:y1:qe", errc::missing_node_id);
  expect_bytes_error("d1:rd1:xi1ee1:t2:aa1:y1:re", errc::missing_node_id);
}

BOOST_AUTO_TEST_CASE(missing_arguments) {
  expect_error(dht_test::query("find_node"), errc::missing_argument);
  expect_error(dht_test::query("get_peers"), errc::missing_argument);
  expect_error(dht_test::query("get"), errc::missing_argument);
  expect_error(dht_test::query("sample_infohashes"), errc::missing_argument);
  auto no_token = dht_test::query("announce_peer");
  body(no_token)["info_hash"] = kTarget;
  body(no_token)["port"] = 6881;
  expect_error(no_token, errc::missing_argument);
  auto no_port = dht_test::query("announce_peer");
  body(no_port)["info_hash"] = kTarget;
  body(no_port)["token"] = "tk";
  expect_error(no_port, errc::missing_argument);
  auto no_value = dht_test::query("put");
  body(no_value)["token"] = "tk";
  expect_error(no_value, errc::missing_argument);
}

BOOST_AUTO_TEST_CASE(bep44_put_needs_key_signature_and_seq_together) {
  expect_ok(put_mutable());
  for (const auto* dropped : {"sig", "seq"}) {
    auto m = dht_test::query("put");
    body(m)["token"] = "tk";
    body(m)["v"] = "value";
    body(m)["k"] = std::string(kPublicKeySize, 'k');
    if (std::string_view(dropped) != "sig") body(m)["sig"] = std::string(kSignatureSize, 's');
    if (std::string_view(dropped) != "seq") body(m)["seq"] = 1;
    expect_error(m, errc::missing_argument);
  }
  auto immutable_with_salt = dht_test::query("put");
  body(immutable_with_salt)["token"] = "tk";
  body(immutable_with_salt)["v"] = "value";
  body(immutable_with_salt)["salt"] = "s";
  expect_error(immutable_with_salt, errc::missing_argument);
}

BOOST_AUTO_TEST_CASE(target_and_info_hash_are_20_bytes) {
  auto m = dht_test::query("get_peers");
  body(m)["info_hash"] = std::string(21, 'h');
  expect_error(m, errc::bad_target);
  auto f = dht_test::query("find_node");
  body(f)["target"] = std::string(19, 'h');
  expect_error(f, errc::bad_target);
}

BOOST_AUTO_TEST_CASE(port_range) {
  auto m = announce();
  body(m)["port"] = 65535;
  expect_ok(m);
  body(m)["port"] = 65536;
  expect_error(m, errc::bad_port);
  body(m)["port"] = 0;
  expect_error(m, errc::bad_port);
  body(m)["implied_port"] = 1;
  expect_ok(m);
  body(m)["port"] = -1;
  expect_error(m, errc::bad_port);
}

BOOST_AUTO_TEST_CASE(token_size) {
  auto m = announce();
  body(m)["token"] = std::string(kMaxTokenSize, 'k');
  expect_ok(m);
  body(m)["token"] = std::string(kMaxTokenSize + 1, 'k');
  expect_error(m, errc::bad_token);
  body(m)["token"] = "";
  expect_error(m, errc::bad_token);
}

BOOST_AUTO_TEST_CASE(nodes_are_whole_entries_and_bounded) {
  auto r = dht_test::reply();
  body(r)["nodes"] = std::string(kCompactNodeV4Size * kMaxNodesPerReply, 'n');
  body(r)["nodes6"] = std::string(kCompactNodeV6Size * kMaxNodesPerReply, 'n');
  expect_ok(r);
  body(r)["nodes"] = std::string(kCompactNodeV4Size - 1, 'n');
  expect_error(r, errc::bad_nodes_length);
  body(r)["nodes"] = std::string(kCompactNodeV4Size * (kMaxNodesPerReply + 1), 'n');
  expect_error(r, errc::too_many_nodes);
  body(r)["nodes"] = "";
  body(r)["nodes6"] = std::string(kCompactNodeV4Size, 'n');  // a v4 entry in nodes6
  expect_error(r, errc::bad_nodes_length);
  body(r)["nodes6"] = std::string(kCompactNodeV6Size * (kMaxNodesPerReply + 1), 'n');
  expect_error(r, errc::too_many_nodes);
}

BOOST_AUTO_TEST_CASE(values_are_compact_peers_and_bounded) {
  auto r = dht_test::reply();
  body(r)["values"] = values(kMaxValuesPerReply);
  expect_ok(r);
  body(r)["values"] = values(kMaxValuesPerReply + 1);
  expect_error(r, errc::too_many_values);
  body(r)["values"] = Value::List{std::string(7, 'p')};
  expect_error(r, errc::bad_value_entry);
  body(r)["values"] = Value::List{6881};
  expect_error(r, errc::bad_value_entry);
  body(r)["values"] = Value::List{std::string(kCompactPeerV6Size, 'p')};
  expect_ok(r);
}

BOOST_AUTO_TEST_CASE(samples_are_whole_hashes_and_bounded) {
  auto r = dht_test::reply();
  body(r)["samples"] = std::string(kNodeIdSize * kMaxSamplesPerReply, 's');
  expect_ok(r);
  body(r)["samples"] = std::string(kNodeIdSize + 1, 's');
  expect_error(r, errc::bad_samples);
  body(r)["samples"] = std::string(kNodeIdSize * (kMaxSamplesPerReply + 1), 's');
  expect_error(r, errc::bad_samples);
}

BOOST_AUTO_TEST_CASE(numbers_out_of_range) {
  auto r = dht_test::reply();
  body(r)["interval"] = kMaxSampleInterval;
  body(r)["num"] = 0;
  body(r)["seq"] = 0;
  expect_ok(r);
  body(r)["interval"] = kMaxSampleInterval + 1;
  expect_error(r, errc::bad_number);
  body(r)["interval"] = 60;
  body(r)["num"] = -1;
  expect_error(r, errc::bad_number);
  body(r)["num"] = 1;
  body(r)["seq"] = -1;
  expect_error(r, errc::bad_number);
  auto p = put_mutable();
  body(p)["cas"] = -1;
  expect_error(p, errc::bad_number);
}

BOOST_AUTO_TEST_CASE(bep44_key_and_signature_sizes) {
  auto p = put_mutable();
  body(p)["k"] = std::string(kPublicKeySize - 1, 'k');
  expect_error(p, errc::bad_public_key);
  p = put_mutable();
  body(p)["sig"] = std::string(kSignatureSize + 1, 's');
  expect_error(p, errc::bad_signature);
  auto r = dht_test::reply();
  body(r)["k"] = std::string(kPublicKeySize + 1, 'k');
  expect_error(r, errc::bad_public_key);
}

BOOST_AUTO_TEST_CASE(bep44_value_size_limit) {
  // "996:" + 996 bytes is 1000 bytes bencoded: at the limit.
  auto p = put_mutable();
  body(p)["v"] = std::string(kMaxItemValueSize - 4, 'v');
  expect_ok(p);
  body(p)["v"] = std::string(kMaxItemValueSize - 3, 'v');
  expect_error(p, errc::value_too_large);
}

BOOST_AUTO_TEST_CASE(bep44_value_must_be_canonical) {
  // Keys out of order: valid bencode, but its hash would not survive re-encoding.
  const std::string head = "d1:ad2:id20:abcdefghij01234567895:token2:tk1:v";
  expect_bytes_error(head + "d1:bi1e1:ai2ee" + "e1:q3:put1:t2:aa1:y1:qe", errc::non_canonical_value);
  const auto ok = decode_krpc(head + "d1:ai2e1:bi1ee" + "e1:q3:put1:t2:aa1:y1:qe");
  BOOST_TEST(ok.has_value());
}

BOOST_AUTO_TEST_CASE(salt_size_limit) {
  auto p = put_mutable();
  body(p)["salt"] = std::string(kMaxSaltSize, 's');
  expect_ok(p);
  body(p)["salt"] = std::string(kMaxSaltSize + 1, 's');
  expect_error(p, errc::salt_too_large);
}

BOOST_AUTO_TEST_CASE(external_address_is_compact) {
  auto r = dht_test::reply();
  r["ip"] = std::string(kCompactPeerV4Size, 'i');
  expect_ok(r);
  r["ip"] = std::string(kCompactPeerV6Size, 'i');
  expect_ok(r);
  r["ip"] = std::string(kCompactPeerV4Size - 1, 'i');
  expect_error(r, errc::bad_address);
}

BOOST_AUTO_TEST_CASE(client_version_size) {
  auto r = dht_test::reply();
  r["v"] = std::string(kMaxVersionSize, 'v');
  expect_ok(r);
  r["v"] = std::string(kMaxVersionSize + 1, 'v');
  expect_error(r, errc::bad_version);
}

BOOST_AUTO_TEST_CASE(error_reply_shape) {
  expect_bytes_error("d1:eli201ee1:t2:aa1:y1:ee", errc::bad_error);
  expect_bytes_error("d1:el3:abc3:abce1:t2:aa1:y1:ee", errc::bad_error);
  expect_bytes_error("d1:e3:abc1:t2:aa1:y1:ee", errc::bad_error);
  expect_bytes_error("d1:eli201e3:abci1ee1:t2:aa1:y1:ee", errc::bad_error);
  auto m = Value::dict();
  m["t"] = "aa";
  m["y"] = "e";
  m["e"] = Value::List{201, std::string(kMaxErrorMessageSize, 'm')};
  expect_ok(m);
  m["e"] = Value::List{201, std::string(kMaxErrorMessageSize + 1, 'm')};
  expect_error(m, errc::bad_error);
}

BOOST_AUTO_TEST_CASE(errors_carry_the_offset_of_the_bad_item) {
  auto m = dht_test::query("ping");
  body(m)["id"] = std::string(19, 'i');
  const std::string bytes = corrent::bencode::encode(m);
  const auto got = decode_krpc(bytes);
  BOOST_TEST_REQUIRE(!got.has_value());
  BOOST_TEST(got.error().offset == bytes.find("19:"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(dht_krpc_error_replies)

BOOST_AUTO_TEST_CASE(a_refused_query_still_yields_its_transaction_id_for_a_203) {
  auto m = dht_test::query("find_node");
  body(m)["target"] = "short";
  const std::string bytes = corrent::bencode::encode(m);
  BOOST_TEST_REQUIRE(!decode_krpc(bytes).has_value());
  BOOST_TEST(query_transaction_id(bytes).value_or("none") == "aa");
}

BOOST_AUTO_TEST_CASE(replies_errors_and_garbage_yield_none) {
  auto r = dht_test::reply();
  body(r)["nodes"] = "x";
  BOOST_TEST(!query_transaction_id(corrent::bencode::encode(r)).has_value());
  BOOST_TEST(!query_transaction_id("d1:eli201e1:xe1:t2:aa1:y1:ee").has_value());
  BOOST_TEST(!query_transaction_id("d1:t2:aa1:y1:q").has_value());  // not bencode
  BOOST_TEST(!query_transaction_id("le").has_value());
  BOOST_TEST(!query_transaction_id("d1:ti5e1:y1:qe").has_value());  // t not a string
  BOOST_TEST(!query_transaction_id(reply_of_size(kMaxPacketSize + 1)).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
