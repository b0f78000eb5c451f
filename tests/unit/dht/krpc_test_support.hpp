#pragma once
// Builders shared by the KRPC tests: messages as bencode::Value dicts, so each test changes
// one key of a valid message and shows which check refuses it.

#include <boost/test/unit_test.hpp>

#include <string>
#include <string_view>

#include "corrent/bencode/encode.hpp"
#include "corrent/bencode/value.hpp"
#include "dht_errc.hpp"
#include "krpc.hpp"

namespace dht_test {

using corrent::bencode::Value;

inline const std::string kId = "abcdefghij0123456789";      // BEP 5's example ids
inline const std::string kTarget = "mnopqrstuvwxyz123456";

/// A query dict with "t", "y", "q" and arguments holding only "id".
inline Value query(std::string_view method) {
  auto a = Value::dict();
  a["id"] = kId;
  auto m = Value::dict();
  m["t"] = "aa";
  m["y"] = "q";
  m["q"] = method;
  m["a"] = std::move(a);
  return m;
}

/// A reply dict with "t", "y" and "r" holding only "id".
inline Value reply() {
  auto r = Value::dict();
  r["id"] = kId;
  auto m = Value::dict();
  m["t"] = "aa";
  m["y"] = "r";
  m["r"] = std::move(r);
  return m;
}

/// The body dict ("a" or "r") of a message built above, to add or change keys.
inline Value& body(Value& m) { return m.find("a") ? m["a"] : m["r"]; }

inline corrent::ParseResult<corrent::dht::Message> decode(const Value& m) {
  return corrent::dht::decode_krpc(corrent::bencode::encode(m));
}

/// Checks that `packet` is refused with `expected`.
inline void expect_bytes_error(std::string_view packet, corrent::dht::errc expected) {
  const auto got = corrent::dht::decode_krpc(packet);
  BOOST_TEST_REQUIRE(!got.has_value());
  BOOST_TEST(got.error().code == std::error_code(expected), got.error().message());
}

inline void expect_error(const Value& m, corrent::dht::errc expected) {
  expect_bytes_error(corrent::bencode::encode(m), expected);
}

}  // namespace dht_test
