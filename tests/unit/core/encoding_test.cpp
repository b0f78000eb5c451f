#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "corrent/core/encoding.hpp"
#include "support/temp_dir.hpp"

namespace {

using namespace std::string_literals;

std::span<const std::uint8_t> as_u8(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

/// Checks that `decode` (from_hex or base32_decode) refuses every one of `inputs`.
template <class Decode>
void expect_rejected(Decode decode, std::initializer_list<std::string> inputs) {
  for (const std::string& bad : inputs) {
    BOOST_TEST_CONTEXT("input (hex) " << corrent::to_hex(bad)) {
      BOOST_TEST(!decode(bad).has_value());
    }
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(core_encoding)

BOOST_AUTO_TEST_CASE(hex_is_lower_case_two_digits_per_byte) {
  const std::vector<std::uint8_t> bytes{0x00, 0x0f, 0xab, 0xff};
  BOOST_TEST(corrent::to_hex(bytes) == "000fabff");
  BOOST_TEST(corrent::to_hex("\x00\x0f\xab\xff"s) == "000fabff");
  BOOST_TEST(corrent::to_hex(std::string_view{}) == "");
  BOOST_TEST(corrent::to_hex("foobar") == "666f6f626172");  // RFC 4648 section 10
}

BOOST_AUTO_TEST_CASE(hex_round_trips_every_byte_value) {
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  const std::string hex = corrent::to_hex(all);
  BOOST_TEST(hex.size() == 512U);
  BOOST_TEST(corrent::from_hex(hex).value() == all);
}

BOOST_AUTO_TEST_CASE(from_hex_accepts_either_case) {
  BOOST_TEST(corrent::from_hex("666F6F626172").value() == "foobar");
  BOOST_TEST(corrent::from_hex("666f6F626172").value() == "foobar");
  BOOST_TEST(corrent::from_hex("").value() == "");
  BOOST_TEST(corrent::from_hex("00ff").value() == "\x00\xff"s);
}

BOOST_AUTO_TEST_CASE(from_hex_rejects_odd_length) {
  expect_rejected(corrent::from_hex, {"a", "abc", "abcde"});
}

BOOST_AUTO_TEST_CASE(from_hex_rejects_non_hex_characters) {
  // Neighbours of the digit ranges, separators, and bytes outside ASCII.
  expect_rejected(corrent::from_hex, {"0g", "g0", "0G", " 0", "0x", "+1", "\x00\x00"s,
                                      "\xff\xff", "/0", ":0", "@0", "`0"});
}

BOOST_AUTO_TEST_CASE(base32_matches_rfc_4648_vectors) {
  const std::pair<std::string_view, std::string_view> vectors[] = {
      {"", ""},           {"f", "MY"},         {"fo", "MZXQ"},         {"foo", "MZXW6"},
      {"foob", "MZXW6YQ"}, {"fooba", "MZXW6YTB"}, {"foobar", "MZXW6YTBOI"},
  };
  for (const auto& [plain, encoded] : vectors) {
    BOOST_TEST(corrent::base32_encode(as_u8(plain)) == encoded);
    BOOST_TEST(corrent::base32_decode(encoded).value() == plain);
  }
}

BOOST_AUTO_TEST_CASE(base32_decode_accepts_padding_and_lower_case) {
  BOOST_TEST(corrent::base32_decode("MY======").value() == "f");
  BOOST_TEST(corrent::base32_decode("MZXQ====").value() == "fo");
  BOOST_TEST(corrent::base32_decode("MZXW6===").value() == "foo");
  BOOST_TEST(corrent::base32_decode("MZXW6YQ=").value() == "foob");
  BOOST_TEST(corrent::base32_decode("MZXW6YTBOI======").value() == "foobar");
  BOOST_TEST(corrent::base32_decode("mzxw6ytboi").value() == "foobar");
  BOOST_TEST(corrent::base32_decode("mZxW6yTbOi======").value() == "foobar");
}

BOOST_AUTO_TEST_CASE(base32_round_trips_every_length) {
  for (std::size_t size = 0; size <= 41; ++size) {
    const std::string data = corrent::test::pattern_bytes(size, static_cast<std::uint32_t>(size));
    const std::string encoded = corrent::base32_encode(as_u8(data));
    BOOST_TEST(encoded.size() == (size * 8 + 4) / 5);
    BOOST_TEST(corrent::base32_decode(encoded).value() == data);
  }
}

BOOST_AUTO_TEST_CASE(base32_of_an_info_hash_is_32_characters) {
  const std::string hash(20, '\x5a');
  BOOST_TEST(corrent::base32_encode(as_u8(hash)).size() == 32U);
}

BOOST_AUTO_TEST_CASE(base32_decode_rejects_characters_outside_the_alphabet) {
  // 0, 1, 8 and 9 are not in the alphabet; '=' only as trailing padding.
  expect_rejected(corrent::base32_decode, {"M0", "M1", "M8", "M9", "M@", "M[", "M ", "M-",
                                           "M\xff", "M\x00"s, "=MY", "M=Y====="});
}

BOOST_AUTO_TEST_CASE(base32_decode_rejects_impossible_lengths) {
  expect_rejected(corrent::base32_decode, {"M", "MZX", "MZXW6Y", "MZXW6YTBO", "MZXW6YTBOIM"});
}

BOOST_AUTO_TEST_CASE(base32_decode_rejects_non_zero_trailing_bits) {
  // "MY" is 'f' with two zero bits left over; "MZ" sets one of them.
  BOOST_TEST(corrent::base32_decode("MY").has_value());
  BOOST_TEST(!corrent::base32_decode("MZ").has_value());
  BOOST_TEST(!corrent::base32_decode("MZXR").has_value());      // "fo" + a stray bit
  BOOST_TEST(!corrent::base32_decode("MZXW6YR").has_value());   // "foob" + a stray bit
  BOOST_TEST(!corrent::base32_decode("MZ======").has_value());
}

BOOST_AUTO_TEST_CASE(base32_decode_rejects_incomplete_or_excess_padding) {
  expect_rejected(corrent::base32_decode, {"MY=", "MY=====", "MY=======", "MZXW6YQ==",
                                           "MZXW6YTB========", "========", "="});
}

BOOST_AUTO_TEST_SUITE_END()
