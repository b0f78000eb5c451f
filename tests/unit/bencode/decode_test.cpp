#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "corrent/bencode/decode.hpp"

namespace bc = corrent::bencode;
using bc::errc;

namespace {

// The error code and offset decoding `in` gives (decode must fail).
corrent::ParseError error_of(std::string_view in, const bc::DecodeOptions& opt = {}) {
  auto r = bc::decode(in, opt);
  BOOST_REQUIRE_MESSAGE(!r, "decoded, but should not have: " << in);
  return r.error();
}

void expect_error(std::string_view in, errc code, std::size_t offset) {
  const auto e = error_of(in);
  BOOST_TEST(e.code == std::error_code(code), in << ": got " << e.code.message());
  BOOST_TEST(e.offset == offset, in);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(bencode_decode)

BOOST_AUTO_TEST_CASE(decodes_every_type) {
  const std::string in = "d3:agei-42e4:listl1:xi7ee4:name5:alicee";
  auto doc = bc::decode(in);
  BOOST_REQUIRE(doc);
  auto root = doc->root();
  BOOST_TEST(root.is_dict());
  BOOST_TEST(root.size() == 3u);
  BOOST_TEST(*root.find_int("age") == -42);
  BOOST_TEST(*root.find_string("name") == "alice");
  auto list = root.find_list("list");
  BOOST_REQUIRE(list);
  std::vector<std::string> seen;
  for (auto item : list->items()) seen.push_back(std::string(item.raw()));
  BOOST_TEST((seen == std::vector<std::string>{"1:x", "i7e"}));
  BOOST_TEST(!root.find("missing"));
  BOOST_TEST(!root.find_int("name"));  // wrong type is absent, not an error
  BOOST_TEST(list->raw() == "l1:xi7ee");
  BOOST_TEST(doc->consumed() == in.size());
}

BOOST_AUTO_TEST_CASE(strings_are_views_of_the_input) {
  const std::string in = "5:a\0b:c";
  auto doc = bc::decode(std::string_view(in.data(), 7));
  BOOST_REQUIRE(doc);
  auto s = *doc->root().as_string();
  BOOST_TEST(s.size() == 5u);
  BOOST_TEST(s.data() == in.data() + 2);  // zero-copy
}

BOOST_AUTO_TEST_CASE(integer_extremes) {
  BOOST_TEST(*bc::decode("i9223372036854775807e")->root().as_int() == INT64_MAX);
  BOOST_TEST(*bc::decode("i-9223372036854775808e")->root().as_int() == INT64_MIN);
  BOOST_TEST(*bc::decode("i0e")->root().as_int() == 0);
  expect_error("i9223372036854775808e", errc::integer_overflow, 0);
  expect_error("i-9223372036854775809e", errc::integer_overflow, 0);
  expect_error("i99999999999999999999999e", errc::integer_overflow, 0);
}

BOOST_AUTO_TEST_CASE(malformed_integers) {
  expect_error("ie", errc::invalid_integer, 1);
  expect_error("i-e", errc::invalid_integer, 2);
  expect_error("i-0e", errc::invalid_integer, 0);
  expect_error("i01e", errc::invalid_integer, 1);
  expect_error("i-01e", errc::invalid_integer, 2);
  expect_error("i1x2e", errc::invalid_integer, 2);
  expect_error("i+1e", errc::invalid_integer, 1);
  expect_error("i12", errc::unexpected_end, 3);
}

BOOST_AUTO_TEST_CASE(malformed_strings) {
  expect_error("01:a", errc::invalid_string_length, 0);
  expect_error("5:ab", errc::string_too_long, 0);
  expect_error("-1:a", errc::invalid_character, 0);
  expect_error("1", errc::unexpected_end, 1);
  expect_error("1x", errc::expected_colon, 1);
  expect_error("3", errc::string_too_long, 0);
  expect_error("99999999999999999999999999:x", errc::string_too_long, 0);
  expect_error("4294967297:x", errc::string_too_long, 0);  // 2^32 + 1 must not wrap
  BOOST_TEST(bc::decode("0:")->root().as_string()->empty());
}

BOOST_AUTO_TEST_CASE(malformed_containers) {
  expect_error("l", errc::unexpected_end, 1);
  expect_error("d", errc::unexpected_end, 1);
  expect_error("li1e", errc::unexpected_end, 4);
  expect_error("di1e1:ae", errc::key_not_string, 1);
  expect_error("dlee", errc::key_not_string, 1);
  expect_error("d1:ae", errc::missing_value, 4);
  expect_error("e", errc::invalid_character, 0);
  expect_error("x", errc::invalid_character, 0);
  expect_error("", errc::empty_input, 0);
}

BOOST_AUTO_TEST_CASE(truncated_at_every_offset_is_an_error) {
  const std::string in = "d8:announce9:udp://x:14:infod6:lengthi12e4:name3:abc6:pieces20:"
                         "aaaaaaaaaaaaaaaaaaaaee";
  BOOST_REQUIRE(bc::decode(in));
  for (std::size_t n = 0; n < in.size(); ++n) {
    auto r = bc::decode(std::string_view(in).substr(0, n));
    BOOST_TEST(!r, "prefix of length " << n << " decoded");
  }
}

BOOST_AUTO_TEST_CASE(trailing_data) {
  expect_error("i1ei2e", errc::trailing_data, 3);
  bc::DecodeOptions opt;
  opt.allow_trailing_data = true;
  auto doc = bc::decode("d1:ai1eeRAW", opt);
  BOOST_REQUIRE(doc);
  BOOST_TEST(doc->consumed() == 8u);
}

BOOST_AUTO_TEST_CASE(duplicate_keys_are_errors) {
  expect_error("d1:ai1e1:ai2ee", errc::duplicate_key, 7);
  // Apart, once the dict is out of order.
  expect_error("d1:ai1e1:bi2e1:ai3ee", errc::duplicate_key, 13);
  // The same key in different dicts is fine.
  BOOST_TEST(bool(bc::decode("d1:ad1:ai1ee1:bd1:ai1eee")));
}

BOOST_AUTO_TEST_CASE(unsorted_keys_are_reported) {
  auto doc = bc::decode("d1:bi1e1:ai2ee");
  BOOST_REQUIRE(doc);
  BOOST_TEST(doc->first_unsorted_key().value() == 7u);
  BOOST_TEST(!bc::decode("d1:ai1e1:bi2ee")->first_unsorted_key());
  bc::DecodeOptions strict;
  strict.require_sorted_keys = true;
  const auto e = error_of("d1:bi1e1:ai2ee", strict);
  BOOST_TEST(e.code == std::error_code(errc::unsorted_keys));
}

BOOST_AUTO_TEST_CASE(depth_limit_at_and_past) {
  bc::DecodeOptions opt;
  opt.limits.max_depth = 100;
  const std::string at = std::string(100, 'l') + std::string(100, 'e');
  BOOST_TEST(bool(bc::decode(at, opt)));
  const std::string past = std::string(101, 'l') + std::string(101, 'e');
  const auto e = error_of(past, opt);
  BOOST_TEST(e.code == std::error_code(errc::depth_exceeded));
  BOOST_TEST(e.offset == 100u);
}

BOOST_AUTO_TEST_CASE(depth_bomb_fails_fast_without_recursion) {
  const std::string bomb(1'000'000, 'l');
  const auto e = error_of(bomb);
  BOOST_TEST(e.code == std::error_code(errc::depth_exceeded));
}

BOOST_AUTO_TEST_CASE(token_limit_at_and_past) {
  bc::DecodeOptions opt;
  opt.limits.max_tokens = 11;  // the list plus ten integers
  std::string in = "l";
  for (int i = 0; i < 10; ++i) in += "i0e";
  in += "e";
  BOOST_TEST(bool(bc::decode(in, opt)));
  in.insert(1, "i0e");
  const auto e = error_of(in, opt);
  BOOST_TEST(e.code == std::error_code(errc::token_limit_exceeded));
}

BOOST_AUTO_TEST_CASE(dict_iteration_and_raw_bytes) {
  const std::string in = "d4:infod1:xi1ee1:yle1:zd1:ai1eee";
  auto doc = bc::decode(in);
  BOOST_REQUIRE(doc);
  std::vector<std::string> keys;
  for (auto [k, v] : doc->root().entries()) keys.emplace_back(k);
  BOOST_TEST((keys == std::vector<std::string>{"info", "y", "z"}));
  BOOST_TEST(doc->root().find_dict("info")->raw() == "d1:xi1ee");
  BOOST_TEST(doc->root().find_list("y")->size() == 0u);
  BOOST_TEST(doc->root().find_dict("z")->find_int("a").value() == 1);
}

BOOST_AUTO_TEST_SUITE_END()
