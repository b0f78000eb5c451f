// net::parse_url and resolve_reference: the forms trackers and redirects use, and the
// inputs we refuse.
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "corrent/net/error.hpp"
#include "corrent/net/url.hpp"
#include "support/require_error.hpp"

using corrent::test::error_of;

namespace {

using corrent::net::parse_url;
using corrent::net::Url;
namespace errc = corrent::net;

Url parsed(const std::string& text) {
  auto u = parse_url(text);
  BOOST_REQUIRE_MESSAGE(u, "cannot parse " << text);
  return *u;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(net_url)

BOOST_AUTO_TEST_CASE(parts_and_defaults) {
  const auto u = parsed("HTTP://Tracker.Example.COM/announce?passkey=AbC#frag");
  BOOST_TEST(u.scheme == "http");
  BOOST_TEST(u.host == "tracker.example.com");
  BOOST_TEST(u.port == 80);
  BOOST_TEST(!u.explicit_port);
  BOOST_TEST(u.target == "/announce?passkey=AbC");
  BOOST_TEST(u.path() == "/announce");
  BOOST_TEST(u.query() == "passkey=AbC");
  BOOST_TEST(u.authority() == "tracker.example.com");
  BOOST_TEST(u.to_string() == "http://tracker.example.com/announce?passkey=AbC");
  BOOST_TEST(parsed("https://t.example").port == 443);
  BOOST_TEST(parsed("https://t.example").target == "/");
  BOOST_TEST(parsed("http://t.example?x=1").target == "/?x=1");
  const auto udp = parsed("udp://tracker.opentrackr.org:1337/announce");
  BOOST_TEST(udp.port == 1337);
  BOOST_TEST(udp.authority() == "tracker.opentrackr.org:1337");
  BOOST_TEST(parsed("udp://t.example/announce").port == 0);  // no default for udp
}

BOOST_AUTO_TEST_CASE(ipv6_literals) {
  const auto u = parsed("http://[::1]:8080/a");
  BOOST_TEST(u.host == "::1");
  BOOST_TEST(u.host_is_v6());
  BOOST_TEST(u.port == 8080);
  BOOST_TEST(u.authority() == "[::1]:8080");
  BOOST_TEST(parsed("http://[2001:db8::1]/").authority() == "[2001:db8::1]");
  BOOST_TEST(parsed("http://127.0.0.1:80/").authority() == "127.0.0.1");  // default port omitted
}

BOOST_AUTO_TEST_CASE(refused_forms) {
  const std::vector<std::string> bad_urls{"", "t.example/announce", "http:/t.example", "://t.example", "1http://x/",
                                "http://", "http:///path", "http://user:pw@t.example/", "http://t example/",
                                "http://t.example/a b", "http://t.example/\r\nX: y", "http://[::1/",
                                "http://[zz::1]/", "http://[::1]x/", "http://t.ex\xc3\xa9/",
                                std::string("http://t.example/\0", 18)};
  for (const std::string& bad : bad_urls) {
    BOOST_TEST_CONTEXT(bad) { BOOST_TEST((error_of(parse_url(bad)) == errc::errc::bad_url)); }
  }
  for (const std::string bad : {"http://t.example:/", "http://t.example:0/", "http://t.example:65536/",
                                "http://t.example:-1/", "http://t.example:8a/"}) {
    BOOST_TEST_CONTEXT(bad) { BOOST_TEST((error_of(parse_url(bad)) == errc::errc::bad_port)); }
  }
  BOOST_TEST(parse_url("http://t.example/" + std::string(corrent::net::kMaxUrlLength - 17, 'a')).has_value());
  BOOST_TEST(!parse_url("http://t.example/" + std::string(corrent::net::kMaxUrlLength - 16, 'a')).has_value());
}

BOOST_AUTO_TEST_CASE(references_for_redirects) {
  const auto base = parsed("http://t.example:8080/dir/announce?x=1");
  const auto resolve = [&](const std::string& location) {
    auto u = corrent::net::resolve_reference(base, location);
    BOOST_REQUIRE_MESSAGE(u, "cannot resolve " << location);
    return u->to_string();
  };
  BOOST_TEST(resolve("https://other.example/a") == "https://other.example/a");
  BOOST_TEST(resolve("//other.example/a") == "http://other.example/a");
  BOOST_TEST(resolve("/root?y=2") == "http://t.example:8080/root?y=2");
  BOOST_TEST(resolve("next?z") == "http://t.example:8080/dir/next?z");
  BOOST_TEST(resolve("?q") == "http://t.example:8080/dir/announce?q");
  BOOST_TEST(!corrent::net::resolve_reference(base, "").has_value());
  BOOST_TEST(!corrent::net::resolve_reference(base, "/a b").has_value());
  BOOST_TEST(!corrent::net::resolve_reference(base, "http://user@x/").has_value());
}

BOOST_AUTO_TEST_SUITE_END()
