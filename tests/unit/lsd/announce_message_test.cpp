// The BEP 14 announce codec: round trips, what other clients send, and one test per class
// of bad input (lsd::errc), each at its limit and one past it where there is one.
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "announce_message.hpp"
#include "lsd_errc.hpp"
#include "lsd_limits.hpp"
#include "lsd_test_support.hpp"

namespace lsd = corrent::lsd;
using lsd::test::bytes_of;
using lsd::test::hash_of;

namespace {

const std::string kHex40(40, 'a');

// An announce with `headers` between the start line and the end.
std::string announce_with(const std::string& headers) {
  return "BT-SEARCH * HTTP/1.1\r\n" + headers + "\r\n\r\n";
}

const std::string kGoodHeaders = "Host: 239.192.152.143:6771\r\nPort: 6881\r\nInfohash: " + kHex40 + "\r\n";

lsd::errc parse_error(const std::string& text) {
  const auto parsed = lsd::parse_announce(bytes_of(text));
  BOOST_REQUIRE_MESSAGE(!parsed, "accepted: " << text);
  return static_cast<lsd::errc>(parsed.error().code.value());
}

std::string infohash_lines(std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += "Infohash: " + kHex40 + "\r\n";
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(lsd_announce_message)

BOOST_AUTO_TEST_CASE(encode_then_parse_gives_the_fields_back) {
  const std::vector<corrent::InfoHashBytes> hashes{hash_of(0x01), hash_of(0xab), hash_of(0xff)};
  for (const auto group : {lsd::Group::v4, lsd::Group::v6}) {
    const auto text = lsd::encode_announce(group, 6771, 51413, hashes, "0123456789abcdef");
    BOOST_REQUIRE(text);
    const auto parsed = lsd::parse_announce(bytes_of(*text));
    BOOST_REQUIRE_MESSAGE(parsed, (parsed ? "" : parsed.error().message()));
    BOOST_TEST(parsed->host == (group == lsd::Group::v4 ? "239.192.152.143:6771" : "[ff15::efc0:988f]:6771"));
    BOOST_TEST(parsed->port == 51413);
    BOOST_TEST(parsed->cookie == "0123456789abcdef");
    BOOST_TEST((parsed->info_hashes == hashes));
  }
}

BOOST_AUTO_TEST_CASE(the_encoding_is_the_bep_s) {
  const auto text = lsd::encode_announce(lsd::Group::v4, 6771, 6881, std::vector{hash_of(0x12)}, "c0ffee");
  BOOST_REQUIRE(text);
  std::string hex;
  for (int i = 0; i < 20; ++i) hex += "12";
  BOOST_TEST(*text == "BT-SEARCH * HTTP/1.1\r\nHost: 239.192.152.143:6771\r\nPort: 6881\r\nInfohash: " + hex +
                          "\r\ncookie: c0ffee\r\n\r\n\r\n");
  const auto no_cookie = lsd::encode_announce(lsd::Group::v6, 7000, 1, std::vector{hash_of(0)}, "");
  BOOST_REQUIRE(no_cookie);
  BOOST_TEST(no_cookie->find("cookie") == std::string::npos);
  BOOST_TEST(no_cookie->find("Host: [ff15::efc0:988f]:7000\r\n") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(libtorrent_s_announce_parses) {
  // As python3-libtorrent 2.0 sends it (seen on the wire): lower-case "cookie", "%x".
  const std::string text =
      "BT-SEARCH * HTTP/1.1\r\nHost: 239.192.152.143:6771\r\nPort: 7000\r\n"
      "Infohash: C0C408A0D6418C2BE13D3A6BC0BAD2BEED9ACED8\r\ncookie: 1ff4a1dd\r\n\r\n\r\n";
  const auto parsed = lsd::parse_announce(bytes_of(text));
  BOOST_REQUIRE_MESSAGE(parsed, (parsed ? "" : parsed.error().message()));
  BOOST_TEST(parsed->port == 7000);
  BOOST_TEST(parsed->cookie == "1ff4a1dd");
  BOOST_REQUIRE_EQUAL(parsed->info_hashes.size(), 1u);
  BOOST_TEST(parsed->info_hashes[0][0] == 0xc0);
  BOOST_TEST(parsed->info_hashes[0][19] == 0xd8);
}

BOOST_AUTO_TEST_CASE(names_are_case_insensitive_and_unknown_headers_ignored) {
  const auto text = announce_with("HOST: x\r\nport:\t 12 \r\nX-Other: anything: at all\r\ninfohash: " + kHex40 +
                                  "\r\nCOOKIE: z\r\n");
  const auto parsed = lsd::parse_announce(bytes_of(text));
  BOOST_REQUIRE_MESSAGE(parsed, (parsed ? "" : parsed.error().message()));
  BOOST_TEST(parsed->host == "x");
  BOOST_TEST(parsed->port == 12);
  BOOST_TEST(parsed->cookie == "z");
}

BOOST_AUTO_TEST_CASE(the_extra_empty_lines_are_optional) {
  const std::string base = "BT-SEARCH * HTTP/1.1\r\n" + kGoodHeaders + "\r\n";
  BOOST_TEST(lsd::parse_announce(bytes_of(base)).has_value());
  BOOST_TEST(lsd::parse_announce(bytes_of(base + "\r\n\r\n\r\n")).has_value());
  BOOST_TEST(lsd::parse_announce(bytes_of(base + "\r\n")).value().cookie.empty());
}

BOOST_AUTO_TEST_CASE(size_at_the_limit_and_past_it) {
  std::string text = announce_with(kGoodHeaders + "X-Pad: \r\n");
  text.insert(text.find("X-Pad: ") + 7, lsd::kMaxAnnounceSize - text.size(), 'p');
  BOOST_REQUIRE_EQUAL(text.size(), lsd::kMaxAnnounceSize);
  BOOST_TEST(lsd::parse_announce(bytes_of(text)).has_value());
  text.insert(text.find("X-Pad: ") + 7, "p");
  BOOST_TEST(parse_error(text) == lsd::errc::too_large);
}

BOOST_AUTO_TEST_CASE(non_ascii_bytes_are_refused) {
  BOOST_TEST(parse_error(announce_with(kGoodHeaders + "X-Name: caf\xc3\xa9\r\n")) == lsd::errc::non_ascii);
  BOOST_TEST(parse_error(announce_with(kGoodHeaders + "X-Name: a\x01z\r\n")) == lsd::errc::non_ascii);
  BOOST_TEST(parse_error(announce_with(kGoodHeaders + std::string("X-Name: a\0z\r\n", 13))) == lsd::errc::non_ascii);
  BOOST_TEST(parse_error(announce_with(kGoodHeaders + "X-Name: a\x7fz\r\n")) == lsd::errc::non_ascii);
}

BOOST_AUTO_TEST_CASE(lines_must_end_in_cr_lf) {
  BOOST_TEST(parse_error("BT-SEARCH * HTTP/1.1\n" + kGoodHeaders + "\r\n") == lsd::errc::bad_line_ending);
  BOOST_TEST(parse_error(announce_with("Host: x\r\nPort: 1\nInfohash: " + kHex40 + "\r\n")) ==
             lsd::errc::bad_line_ending);
  BOOST_TEST(parse_error(announce_with("Host: x\rPort: 1\r\nInfohash: " + kHex40 + "\r\n")) ==
             lsd::errc::bad_line_ending);
}

BOOST_AUTO_TEST_CASE(headers_without_an_empty_line_are_truncated) {
  BOOST_TEST(parse_error("BT-SEARCH * HTTP/1.1\r\n" + kGoodHeaders) == lsd::errc::truncated);
  BOOST_TEST(parse_error("BT-SEARCH * HTTP/1.1\r\n" + kGoodHeaders + "\r") == lsd::errc::truncated);
  BOOST_TEST(parse_error("BT-SEARCH * HTTP/1.1") == lsd::errc::truncated);
  BOOST_TEST(parse_error("") == lsd::errc::truncated);
}

BOOST_AUTO_TEST_CASE(the_start_line_is_exact) {
  for (const std::string start : {"M-SEARCH * HTTP/1.1", "BT-SEARCH * HTTP/1.0", "bt-search * HTTP/1.1",
                                  "BT-SEARCH  * HTTP/1.1", "BT-SEARCH / HTTP/1.1", "BT-SEARCH * HTTP/1.1 ", ""}) {
    BOOST_TEST((parse_error(start + "\r\n" + kGoodHeaders + "\r\n") == lsd::errc::bad_start_line), start);
  }
}

BOOST_AUTO_TEST_CASE(header_lines_need_a_name_and_a_colon) {
  BOOST_TEST(parse_error(announce_with(kGoodHeaders + "no colon here\r\n")) == lsd::errc::bad_header);
  BOOST_TEST(parse_error(announce_with(kGoodHeaders + ": no name\r\n")) == lsd::errc::bad_header);
  BOOST_TEST(parse_error(announce_with(kGoodHeaders + "Bad Name: x\r\n")) == lsd::errc::bad_header);
  BOOST_TEST(parse_error(announce_with(kGoodHeaders + " folded: x\r\n")) == lsd::errc::bad_header);
}

BOOST_AUTO_TEST_CASE(header_count_at_the_limit_and_past_it) {
  std::string extra;
  for (std::size_t i = 3; i < lsd::kMaxHeaders; ++i) extra += "X-" + std::to_string(i) + ": v\r\n";
  BOOST_TEST(lsd::parse_announce(bytes_of(announce_with(kGoodHeaders + extra))).has_value());
  BOOST_TEST(parse_error(announce_with(kGoodHeaders + extra + "X-last: v\r\n")) == lsd::errc::too_many_headers);
}

BOOST_AUTO_TEST_CASE(host_port_and_cookie_only_once) {
  BOOST_TEST(parse_error(announce_with(kGoodHeaders + "Port: 6882\r\n")) == lsd::errc::duplicate_header);
  BOOST_TEST(parse_error(announce_with(kGoodHeaders + "host: y\r\n")) == lsd::errc::duplicate_header);
  BOOST_TEST(parse_error(announce_with(kGoodHeaders + "cookie: a\r\ncookie: a\r\n")) == lsd::errc::duplicate_header);
}

BOOST_AUTO_TEST_CASE(host_is_required) {
  BOOST_TEST(parse_error(announce_with("Port: 6881\r\nInfohash: " + kHex40 + "\r\n")) == lsd::errc::missing_host);
  BOOST_TEST(parse_error(announce_with("Host:  \r\nPort: 6881\r\nInfohash: " + kHex40 + "\r\n")) ==
             lsd::errc::missing_host);
}

BOOST_AUTO_TEST_CASE(port_is_required_and_in_range) {
  BOOST_TEST(parse_error(announce_with("Host: x\r\nInfohash: " + kHex40 + "\r\n")) == lsd::errc::missing_port);
  for (const std::string port : {"0", "65536", "99999", "-1", "+1", "12a", "", "0x10", "1 2", "000001"}) {
    BOOST_TEST((parse_error(announce_with("Host: x\r\nPort: " + port + "\r\nInfohash: " + kHex40 + "\r\n")) ==
                lsd::errc::bad_port),
               port);
  }
  for (const std::string port : {"1", "65535", "06881"}) {
    BOOST_TEST(lsd::parse_announce(bytes_of(announce_with("Host: x\r\nPort: " + port + "\r\nInfohash: " + kHex40 +
                                                          "\r\n")))
                   .has_value(),
               port);
  }
}

BOOST_AUTO_TEST_CASE(infohashes_are_40_hex_digits) {
  BOOST_TEST(parse_error(announce_with("Host: x\r\nPort: 1\r\n")) == lsd::errc::missing_infohash);
  for (const std::string& bad : {std::string(39, 'a'), std::string(41, 'a'), std::string(64, 'a'),
                                std::string(39, 'a') + "g", std::string(""), std::string(20, 'a') + " " +
                                std::string(19, 'a')}) {
    BOOST_TEST((parse_error(announce_with("Host: x\r\nPort: 1\r\nInfohash: " + bad + "\r\n")) ==
                lsd::errc::bad_infohash),
               bad);
  }
}

BOOST_AUTO_TEST_CASE(infohash_count_at_the_limit_and_past_it) {
  const auto at = lsd::parse_announce(bytes_of(announce_with("Host: x\r\nPort: 1\r\n" +
                                                             infohash_lines(lsd::kMaxInfohashesPerAnnounce))));
  BOOST_REQUIRE_MESSAGE(at, (at ? "" : at.error().message()));
  BOOST_TEST(at->info_hashes.size() == lsd::kMaxInfohashesPerAnnounce);
  const auto past = announce_with("Host: x\r\nPort: 1\r\n" + infohash_lines(lsd::kMaxInfohashesPerAnnounce + 1));
  BOOST_REQUIRE_LE(past.size(), lsd::kMaxAnnounceSize);  // the count refuses it, not the size
  BOOST_TEST(parse_error(past) == lsd::errc::too_many_infohashes);
}

BOOST_AUTO_TEST_CASE(cookies_are_short_and_without_blanks) {
  BOOST_TEST(lsd::parse_announce(bytes_of(announce_with(kGoodHeaders + "cookie: " +
                                                        std::string(lsd::kMaxCookieSize, 'c') + "\r\n")))
                 .has_value());
  BOOST_TEST(parse_error(announce_with(kGoodHeaders + "cookie: " + std::string(lsd::kMaxCookieSize + 1, 'c') +
                                       "\r\n")) == lsd::errc::bad_cookie);
  BOOST_TEST(parse_error(announce_with(kGoodHeaders + "cookie: \r\n")) == lsd::errc::bad_cookie);
  BOOST_TEST(parse_error(announce_with(kGoodHeaders + "cookie: a b\r\n")) == lsd::errc::bad_cookie);
}

BOOST_AUTO_TEST_CASE(nothing_but_empty_lines_after_the_headers) {
  const std::string base = "BT-SEARCH * HTTP/1.1\r\n" + kGoodHeaders + "\r\n";
  BOOST_TEST(parse_error(base + "x") == lsd::errc::trailing_data);
  BOOST_TEST(parse_error(base + "\r\nBT-SEARCH * HTTP/1.1\r\n") == lsd::errc::trailing_data);
  BOOST_TEST(parse_error(base + "\r") == lsd::errc::trailing_data);
}

BOOST_AUTO_TEST_CASE(errors_say_where) {
  const std::string text = announce_with("Host: x\r\nPort: 99999\r\nInfohash: " + kHex40 + "\r\n");
  const auto parsed = lsd::parse_announce(bytes_of(text));
  BOOST_REQUIRE(!parsed);
  BOOST_TEST(parsed.error().offset == text.find("Port:") + 5);
  BOOST_TEST(parsed.error().message().find("Port") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(encode_refuses_what_parse_would) {
  const std::vector<corrent::InfoHashBytes> none;
  const std::vector<corrent::InfoHashBytes> too_many(lsd::kMaxInfohashesPerAnnounce + 1, hash_of(1));
  const std::vector<corrent::InfoHashBytes> one{hash_of(1)};
  auto code = [](const auto& r) { return static_cast<lsd::errc>(r.error().value()); };
  BOOST_TEST(code(lsd::encode_announce(lsd::Group::v4, 6771, 1, none, "")) == lsd::errc::missing_infohash);
  BOOST_TEST(code(lsd::encode_announce(lsd::Group::v4, 6771, 1, too_many, "")) == lsd::errc::too_many_infohashes);
  BOOST_TEST(code(lsd::encode_announce(lsd::Group::v4, 6771, 0, one, "")) == lsd::errc::bad_port);
  BOOST_TEST(code(lsd::encode_announce(lsd::Group::v4, 6771, 1, one, "a b")) == lsd::errc::bad_cookie);
  BOOST_TEST(code(lsd::encode_announce(lsd::Group::v4, 6771, 1, one, "caf\xc3\xa9")) == lsd::errc::bad_cookie);
  // The most we send fits BEP 14's 1400 bytes.
  const std::vector<corrent::InfoHashBytes> most(lsd::kMaxInfohashesPerAnnounce, hash_of(9));
  const auto biggest = lsd::encode_announce(lsd::Group::v6, 65535, 65535, most, std::string(lsd::kCookieSize, 'f'));
  BOOST_REQUIRE(biggest);
  BOOST_TEST(biggest->size() <= lsd::kMaxAnnounceSize);
  BOOST_TEST(lsd::parse_announce(bytes_of(*biggest)).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
