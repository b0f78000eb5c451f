#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "corrent/bencode/errc.hpp"
#include "corrent/bencode/value.hpp"
#include "corrent/wire/extension_handshake.hpp"
#include "wire_test_util.hpp"

namespace {

using namespace corrent::wire;
using corrent::bencode::Value;

corrent::ParseResult<ExtensionHandshake> decode(std::string_view text) {
  const auto b = wire_test::bytes_of(text);
  return decode_extension_handshake(b);
}

std::error_code decode_error(std::string_view text) {
  const auto r = decode(text);
  return r ? std::error_code{} : r.error().code;
}

/// A dict {"m": {...}} with `n` entries named e000, e001, ...
std::string m_with(std::size_t n) {
  std::string s = "d1:md";
  for (std::size_t i = 0; i < n; ++i) {
    char name[8];
    std::snprintf(name, sizeof name, "e%03zu", i);
    s += "4:" + std::string(name) + "i" + std::to_string(i % 256) + "e";
  }
  return s + "ee";
}

/// A dict {"x": <depth - 1 nested lists>}: `depth` containers in all.
std::string nested(std::size_t depth) {
  return "d1:x" + std::string(depth - 1, 'l') + std::string(depth - 1, 'e') + "e";
}

/// A dict {"x": "aaa..."} of exactly `size` bytes (size >= 20).
std::string padded(std::size_t size) {
  for (std::size_t n = size; n > 0; --n) {
    std::string s = "d1:x" + std::to_string(n) + ":" + std::string(n, 'a') + "e";
    if (s.size() == size) return s;
  }
  return {};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(wire_extension_handshake)

BOOST_AUTO_TEST_CASE(encode_then_decode) {
  ExtensionHandshake h;
  h.m = {{"ut_metadata", 2}, {"ut_pex", 1}, {"lt_donthave", 0}};
  h.listen_port = 6881;
  h.client = "corrent 0.1.0";
  h.reqq = kAdvertisedReqq;
  h.yourip = std::string("\x7f\x00\x00\x01", 4);
  h.upload_only = true;
  Value extra = Value::dict();
  extra["metadata_size"] = 31337;
  extra["x_custom"] = "hello";
  extra["v"] = "overridden";  // the struct's own field wins
  const std::string text = encode_extension_handshake(h, extra);
  BOOST_TEST(text.find("1:v13:corrent 0.1.0") != std::string::npos);
  BOOST_TEST(text.find("overridden") == std::string::npos);

  const auto back = decode(text);
  BOOST_REQUIRE(back.has_value());
  BOOST_TEST(back->m.size() == 3u);  // sorted by name on the wire
  BOOST_TEST((back->id_of("ut_metadata") == std::optional<std::uint8_t>(2)));
  BOOST_TEST((back->id_of("ut_pex") == std::optional<std::uint8_t>(1)));
  BOOST_TEST(!back->id_of("lt_donthave").has_value());  // 0: disabled
  BOOST_TEST(!back->id_of("absent").has_value());
  BOOST_TEST((back->listen_port == std::optional<std::uint16_t>(6881)));
  BOOST_TEST(back->client == "corrent 0.1.0");
  BOOST_TEST((back->reqq == std::optional<std::uint32_t>(kAdvertisedReqq)));
  BOOST_TEST((back->yourip == h.yourip));
  BOOST_TEST((back->metadata_size == std::optional<std::int64_t>(31337)));
  BOOST_TEST(back->upload_only);
  const Value* custom = back->dict.find("x_custom");
  BOOST_REQUIRE(custom != nullptr);
  BOOST_TEST(custom->as_string() == "hello");
}

BOOST_AUTO_TEST_CASE(minimal_and_empty) {
  const auto empty = decode("de");
  BOOST_REQUIRE(empty.has_value());
  BOOST_TEST(empty->m.empty());
  BOOST_TEST(!empty->reqq.has_value());
  BOOST_TEST(encode_extension_handshake(ExtensionHandshake{}) == "d1:mdee");
}

BOOST_AUTO_TEST_CASE(not_a_dict_or_not_bencode) {
  BOOST_TEST(decode_error("li1ee") == std::error_code(errc::extension_handshake_not_dict));
  BOOST_TEST(decode_error("4:spam") == std::error_code(errc::extension_handshake_not_dict));
  BOOST_TEST(decode_error("i5e") == std::error_code(errc::extension_handshake_not_dict));
  BOOST_TEST(decode_error("") == std::error_code(corrent::bencode::errc::empty_input));
  BOOST_TEST(decode_error("d1:m") == std::error_code(corrent::bencode::errc::unexpected_end));
  BOOST_TEST(decode_error("dexx") == std::error_code(corrent::bencode::errc::trailing_data));
}

BOOST_AUTO_TEST_CASE(bad_fields_are_ignored_one_by_one) {
  const auto h = decode(
      "d1:md1:ai1e1:bi256e1:ci-1e1:d3:str1:ei255e0:i3ee"
      "1:pi0e4:reqqi-5e1:vi7e6:yourip3:abc13:metadata_sizei-1ee");
  BOOST_REQUIRE(h.has_value());
  // Only a=1 and e=255 survive: 256, -1 and a string are not ids, "" is not a name.
  BOOST_REQUIRE(h->m.size() == 2u);
  BOOST_TEST((h->id_of("a") == std::optional<std::uint8_t>(1)));
  BOOST_TEST((h->id_of("e") == std::optional<std::uint8_t>(255)));
  BOOST_TEST(!h->listen_port.has_value());
  BOOST_TEST(!h->reqq.has_value());
  BOOST_TEST(h->client.empty());
  BOOST_TEST(!h->yourip.has_value());
  BOOST_TEST(!h->metadata_size.has_value());
  // "m" of the wrong type: no extensions.
  const auto wrong_m = decode("d1:mli1eee");
  BOOST_REQUIRE(wrong_m.has_value());
  BOOST_TEST(wrong_m->m.empty());
  // Port 65535 is the largest; 65536 is not a port.
  BOOST_TEST((decode("d1:pi65535ee")->listen_port == std::optional<std::uint16_t>(65535)));
  BOOST_TEST(!decode("d1:pi65536ee")->listen_port.has_value());
}

BOOST_AUTO_TEST_CASE(m_is_sorted_whatever_the_sender_did) {
  // Keys out of order decode (clients send them) but m comes out in byte order, so a
  // handshake compares equal to its own re-encoding (found by the fuzzer).
  const auto h = decode("d1:md6:ut_pexi1e11:ut_metadatai2e6:ab_cdei3eee");
  BOOST_REQUIRE(h.has_value());
  BOOST_REQUIRE(h->m.size() == 3u);
  BOOST_TEST(h->m[0].first == "ab_cde");
  BOOST_TEST(h->m[1].first == "ut_metadata");
  BOOST_TEST(h->m[2].first == "ut_pex");
  const auto again = decode(encode_extension_handshake(*h));
  BOOST_REQUIRE(again.has_value());
  BOOST_TEST((again->m == h->m));
}

BOOST_AUTO_TEST_CASE(extension_names_at_and_past_the_limit) {
  const std::string at(kMaxExtensionNameLength, 'n'), past(kMaxExtensionNameLength + 1, 'n');
  const auto h = decode("d1:md" + std::to_string(at.size()) + ":" + at + "i1e" +
                        std::to_string(past.size()) + ":" + past + "i2eee");
  BOOST_REQUIRE(h.has_value());
  BOOST_TEST((h->id_of(at) == std::optional<std::uint8_t>(1)));
  BOOST_TEST(!h->id_of(past).has_value());
}

BOOST_AUTO_TEST_CASE(client_name_cut_at_the_limit) {
  const std::string at(kMaxClientNameLength, 'v'), past(kMaxClientNameLength + 1, 'v');
  BOOST_TEST(decode("d1:v" + std::to_string(at.size()) + ":" + at + "e")->client == at);
  BOOST_TEST(decode("d1:v" + std::to_string(past.size()) + ":" + past + "e")->client == at);
}

BOOST_AUTO_TEST_CASE(huge_m_rejected_one_past_the_limit) {
  const auto at = decode(m_with(kMaxExtensionNames));
  BOOST_REQUIRE(at.has_value());
  BOOST_TEST(at->m.size() == kMaxExtensionNames);
  BOOST_TEST(decode_error(m_with(kMaxExtensionNames + 1)) == std::error_code(errc::too_many_extensions));
}

BOOST_AUTO_TEST_CASE(nesting_bomb_rejected_one_past_the_depth) {
  BOOST_TEST(decode_error(nested(kExtensionHandshakeMaxDepth)) == std::error_code{});
  BOOST_TEST(decode_error(nested(kExtensionHandshakeMaxDepth + 1)) ==
             std::error_code(corrent::bencode::errc::depth_exceeded));
  BOOST_TEST(decode_error(nested(10000)) == std::error_code(corrent::bencode::errc::depth_exceeded));
}

BOOST_AUTO_TEST_CASE(token_limit_at_and_past) {
  // The dict, its key "x", a list, and n integers: n + 3 tokens.
  const auto with_ints = [](std::size_t n) {
    std::string s = "d1:xl";
    for (std::size_t i = 0; i < n; ++i) s += "i0e";
    return s + "ee";
  };
  BOOST_TEST(decode_error(with_ints(kExtensionHandshakeMaxTokens - 3)) == std::error_code{});
  BOOST_TEST(decode_error(with_ints(kExtensionHandshakeMaxTokens - 2)) ==
             std::error_code(corrent::bencode::errc::token_limit_exceeded));
}

BOOST_AUTO_TEST_CASE(size_at_and_past_the_limit) {
  const std::string at = padded(kMaxExtensionHandshakeSize);
  const std::string past = padded(kMaxExtensionHandshakeSize + 1);
  BOOST_REQUIRE(at.size() == kMaxExtensionHandshakeSize);
  BOOST_REQUIRE(past.size() == kMaxExtensionHandshakeSize + 1);
  BOOST_TEST(decode_error(at) == std::error_code{});
  BOOST_TEST(decode_error(past) == std::error_code(errc::extension_handshake_too_large));
}

BOOST_AUTO_TEST_SUITE_END()
