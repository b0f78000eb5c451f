#include <boost/test/unit_test.hpp>

#include <unordered_set>

#include "corrent/net/asio_endpoint.hpp"
#include "corrent/net/endpoint.hpp"
#include "corrent/net/error.hpp"

namespace {

using corrent::net::Endpoint;
using corrent::net::errc;

Endpoint parsed(std::string_view text) {
  auto e = Endpoint::parse(text);
  BOOST_REQUIRE_MESSAGE(e, "cannot parse " << text);
  return *e;
}

std::error_code parse_error(std::string_view text) {
  auto e = Endpoint::parse(text);
  BOOST_REQUIRE_MESSAGE(!e, text << " should not parse");
  return e.error();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(net_endpoint)

BOOST_AUTO_TEST_CASE(parses_ipv4_and_bracketed_ipv6) {
  const auto v4 = parsed("1.2.3.4:6881");
  BOOST_TEST(v4.is_v4());
  BOOST_TEST(v4.port() == 6881);
  BOOST_TEST(v4.address_bytes().size() == 4u);
  BOOST_TEST(v4.address_bytes()[3] == 4);
  BOOST_TEST(v4.to_string() == "1.2.3.4:6881");

  const auto v6 = parsed("[::1]:6881");
  BOOST_TEST(v6.is_v6());
  BOOST_TEST(v6.address_bytes().size() == 16u);
  BOOST_TEST(v6.address_bytes()[15] == 1);
  BOOST_TEST(v6.to_string() == "[::1]:6881");
  BOOST_TEST(v6.address_string() == "::1");
  BOOST_TEST(parsed("[2001:db8::7]:0").to_string() == "[2001:db8::7]:0");
  BOOST_TEST(parsed("0.0.0.0:65535").port() == 65535);
}

BOOST_AUTO_TEST_CASE(rejects_each_kind_of_bad_text) {
  BOOST_TEST(parse_error("1.2.3.4") == std::error_code(errc::bad_endpoint));
  BOOST_TEST(parse_error("") == std::error_code(errc::bad_endpoint));
  BOOST_TEST(parse_error("1.2.3.4:") == std::error_code(errc::bad_port));
  BOOST_TEST(parse_error("1.2.3.4:65536") == std::error_code(errc::bad_port));
  BOOST_TEST(parse_error("1.2.3.4:-1") == std::error_code(errc::bad_port));
  BOOST_TEST(parse_error("1.2.3.4:+1") == std::error_code(errc::bad_port));
  BOOST_TEST(parse_error("1.2.3.4:80x") == std::error_code(errc::bad_port));
  BOOST_TEST(parse_error("1.2.3:80") == std::error_code(errc::bad_address));
  BOOST_TEST(parse_error("256.1.1.1:80") == std::error_code(errc::bad_address));
  BOOST_TEST(parse_error("example.org:80") == std::error_code(errc::bad_address));
  BOOST_TEST(parse_error("::1:80") == std::error_code(errc::bad_address));  // needs brackets
  BOOST_TEST(parse_error("[1.2.3.4]:80") == std::error_code(errc::bad_address));
  BOOST_TEST(parse_error("[]:80") == std::error_code(errc::bad_address));
  BOOST_TEST(parse_error(":80") == std::error_code(errc::bad_address));
}

BOOST_AUTO_TEST_CASE(orders_and_hashes_by_family_address_and_port) {
  const auto a = parsed("1.2.3.4:1");
  const auto b = parsed("1.2.3.4:2");
  const auto c = parsed("1.2.3.5:1");
  const auto d = parsed("[::1]:1");
  BOOST_TEST((a < b));
  BOOST_TEST((b < c));
  BOOST_TEST((c < d));  // every IPv4 endpoint before every IPv6 one
  BOOST_TEST((a == parsed("1.2.3.4:1")));
  BOOST_TEST((a != b));
  const std::unordered_set<Endpoint> set{a, b, c, d, parsed("1.2.3.4:1")};
  BOOST_TEST(set.size() == 4u);
}

BOOST_AUTO_TEST_CASE(converts_to_and_from_asio) {
  for (const auto* text : {"10.0.0.1:51413", "[fe80::1:2]:80"}) {
    const auto e = parsed(text);
    const auto tcp = corrent::net::to_tcp(e);
    BOOST_TEST(tcp.port() == e.port());
    BOOST_TEST((corrent::net::from_asio(tcp) == e));
    BOOST_TEST((corrent::net::from_asio(corrent::net::to_udp(e)) == e));
  }
  BOOST_TEST(corrent::net::to_tcp(parsed("127.0.0.1:80")).address().to_string() == "127.0.0.1");
}

BOOST_AUTO_TEST_CASE(loopback_hosts_are_recognised_with_or_without_brackets) {
  using corrent::net::is_loopback_host;
  BOOST_TEST(is_loopback_host("127.0.0.1"));
  BOOST_TEST(is_loopback_host("127.8.9.10"));
  BOOST_TEST(is_loopback_host("[::1]"));
  BOOST_TEST(is_loopback_host("::1"));
  BOOST_TEST(!is_loopback_host("0.0.0.0"));
  BOOST_TEST(!is_loopback_host("[::]"));
  BOOST_TEST(!is_loopback_host("192.168.1.5"));
  BOOST_TEST(!is_loopback_host("localhost"));  // names are not resolved
  BOOST_TEST(!is_loopback_host(""));
}

BOOST_AUTO_TEST_SUITE_END()
