// The SOCKS5 codec (RFC 1928, RFC 1929) byte for byte, each class of bad reply, the UDP
// request header, and proxy URLs (socks5_connect_test.cpp runs the handshakes).
#include <boost/test/unit_test.hpp>

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "corrent/net/socks5.hpp"
#include "support/require_error.hpp"

using corrent::test::error_of;

namespace {

namespace net = corrent::net;
using net::socks5_errc;
using Bytes = std::vector<std::byte>;

Bytes bytes(std::initializer_list<int> values) {
  Bytes out;
  for (const int v : values) out.push_back(static_cast<std::byte>(v));
  return out;
}
Bytes operator+(Bytes a, std::string_view text) {
  for (const char c : text) a.push_back(static_cast<std::byte>(c));
  return a;
}
Bytes operator+(Bytes a, const Bytes& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

net::Socks5Reply reply_of(const Bytes& received) {
  auto step = net::parse_socks5_reply(received);
  BOOST_REQUIRE_MESSAGE(step, (step ? "" : step.error().message()));
  BOOST_REQUIRE(std::holds_alternative<net::Socks5Reply>(*step));
  return std::get<net::Socks5Reply>(*step);
}
std::size_t need_of(const Bytes& received) {
  auto step = net::parse_socks5_reply(received);
  BOOST_REQUIRE_MESSAGE(step, (step ? "" : step.error().message()));
  BOOST_REQUIRE(std::holds_alternative<net::Socks5NeedMore>(*step));
  return std::get<net::Socks5NeedMore>(*step).bytes;
}

const auto kLoopbackV6 = net::Endpoint::v6({0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 1080);

}  // namespace

BOOST_AUTO_TEST_SUITE(net_socks5_codec)

BOOST_AUTO_TEST_CASE(greeting_offers_user_password_only_with_credentials) {
  BOOST_TEST((net::encode_socks5_greeting(false) == bytes({5, 1, 0})));
  BOOST_TEST((net::encode_socks5_greeting(true) == bytes({5, 2, 0, 2})));
}

BOOST_AUTO_TEST_CASE(auth_request_rfc1929_and_limits) {
  const auto encoded = net::encode_socks5_auth("user", "pass");
  BOOST_REQUIRE(encoded);
  BOOST_TEST((*encoded == (bytes({1, 4}) + "user" + bytes({4}) + "pass")));
  const std::string at_limit(net::kSocks5MaxCredentialLength, 'u');
  const auto longest = net::encode_socks5_auth(at_limit, at_limit);
  BOOST_REQUIRE(longest);
  BOOST_TEST(longest->size() == 3 + 2 * net::kSocks5MaxCredentialLength);
  BOOST_TEST(std::to_integer<int>((*longest)[1]) == 255);
  const std::string over(net::kSocks5MaxCredentialLength + 1, 'u');
  BOOST_TEST((error_of(net::encode_socks5_auth(over, "p")) == socks5_errc::credentials_too_long));
  BOOST_TEST((error_of(net::encode_socks5_auth("u", over)) == socks5_errc::credentials_too_long));
  BOOST_TEST((error_of(net::encode_socks5_auth("", "p")) == socks5_errc::credentials_too_long));
  BOOST_TEST((error_of(net::encode_socks5_auth("u", "")) == socks5_errc::credentials_too_long));
}

BOOST_AUTO_TEST_CASE(requests_for_each_address_type) {
  using net::Socks5Command;
  const auto v4 = net::encode_socks5_request(Socks5Command::connect, net::Endpoint::v4({1, 2, 3, 4}, 80));
  BOOST_REQUIRE(v4);
  BOOST_TEST((*v4 == bytes({5, 1, 0, 1, 1, 2, 3, 4, 0, 80})));
  const auto v6 = net::encode_socks5_request(Socks5Command::connect, kLoopbackV6);
  BOOST_REQUIRE(v6);
  BOOST_TEST((*v6 == bytes({5, 1, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0x04, 0x38})));
  const auto name = net::encode_socks5_request(Socks5Command::connect, net::Socks5HostName{"example.com", 443});
  BOOST_REQUIRE(name);
  BOOST_TEST((*name == (bytes({5, 1, 0, 3, 11}) + "example.com" + bytes({0x01, 0xBB}))));
  const auto udp = net::encode_socks5_request(Socks5Command::udp_associate, net::Endpoint());
  BOOST_REQUIRE(udp);
  BOOST_TEST((*udp == bytes({5, 3, 0, 1, 0, 0, 0, 0, 0, 0})));
}

BOOST_AUTO_TEST_CASE(name_limits) {
  const std::string at_limit(net::kSocks5MaxNameLength, 'a');
  const auto longest = net::encode_socks5_request(net::Socks5Command::connect, net::Socks5HostName{at_limit, 1});
  BOOST_REQUIRE(longest);
  BOOST_TEST(longest->size() == 5 + net::kSocks5MaxNameLength + 2);
  const std::string over(net::kSocks5MaxNameLength + 1, 'a');
  BOOST_TEST((error_of(net::encode_socks5_request(net::Socks5Command::connect, net::Socks5HostName{over, 1})) ==
             socks5_errc::name_too_long));
  BOOST_TEST((error_of(net::encode_socks5_request(net::Socks5Command::connect, net::Socks5HostName{"", 1})) ==
             socks5_errc::name_too_long));
  BOOST_TEST((error_of(net::encode_socks5_udp_header(net::Socks5HostName{over, 1})) == socks5_errc::name_too_long));
}

BOOST_AUTO_TEST_CASE(method_selection) {
  BOOST_TEST((*net::decode_socks5_method(bytes({5, 0}), false) == net::Socks5Method::no_auth));
  BOOST_TEST((*net::decode_socks5_method(bytes({5, 0}), true) == net::Socks5Method::no_auth));
  BOOST_TEST((*net::decode_socks5_method(bytes({5, 2}), true) == net::Socks5Method::user_password));
  BOOST_TEST((error_of(net::decode_socks5_method(bytes({5, 2}), false)) == socks5_errc::malformed_reply));
  BOOST_TEST((error_of(net::decode_socks5_method(bytes({5, 1}), true)) == socks5_errc::malformed_reply));
  BOOST_TEST((error_of(net::decode_socks5_method(bytes({5, 0xFF}), true)) == socks5_errc::no_acceptable_method));
  BOOST_TEST((error_of(net::decode_socks5_method(bytes({4, 0}), false)) == socks5_errc::bad_version));
  BOOST_TEST((error_of(net::decode_socks5_method(bytes({5}), false)) == socks5_errc::malformed_reply));
}

BOOST_AUTO_TEST_CASE(auth_reply) {
  BOOST_TEST(net::decode_socks5_auth_reply(bytes({1, 0})).has_value());
  BOOST_TEST((error_of(net::decode_socks5_auth_reply(bytes({1, 1}))) == socks5_errc::auth_failed));
  BOOST_TEST((error_of(net::decode_socks5_auth_reply(bytes({1, 0xFF}))) == socks5_errc::auth_failed));
  BOOST_TEST((error_of(net::decode_socks5_auth_reply(bytes({5, 0}))) == socks5_errc::bad_version));
  BOOST_TEST((error_of(net::decode_socks5_auth_reply(bytes({1}))) == socks5_errc::malformed_reply));
}

// The parser asks for the head, then exactly what ATYP implies, and stops at the reply.
BOOST_AUTO_TEST_CASE(reply_is_read_in_exact_steps) {
  BOOST_TEST(need_of({}) == 4u);
  BOOST_TEST((need_of(bytes({5, 0})) == 2u));
  BOOST_TEST((need_of(bytes({5, 0, 0, 1})) == 6u));
  const auto v4 = reply_of(bytes({5, 0, 0, 1, 127, 0, 0, 1, 0x1F, 0x90}) + "tunnelled");
  BOOST_TEST(v4.size == 10u);
  BOOST_TEST((v4.bound == net::Socks5Target(net::Endpoint::v4({127, 0, 0, 1}, 8080))));

  BOOST_TEST((need_of(bytes({5, 0, 0, 4})) == 18u));
  const auto v6 = reply_of(bytes({5, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0x04, 0x38}));
  BOOST_TEST(v6.size == 22u);
  BOOST_TEST((v6.bound == net::Socks5Target(kLoopbackV6)));

  BOOST_TEST((need_of(bytes({5, 0, 0, 3})) == 1u));
  BOOST_TEST((need_of(bytes({5, 0, 0, 3, 4})) == 6u));
  const auto name = reply_of(bytes({5, 0, 0, 3, 4}) + "abcd" + bytes({0, 80}));
  BOOST_TEST(name.size == 11u);
  BOOST_TEST((name.bound == net::Socks5Target(net::Socks5HostName{"abcd", 80})));
}

// Every prefix of a reply is "need more", and the count never reaches past the reply.
BOOST_AUTO_TEST_CASE(truncated_reply_needs_more) {
  const Bytes full = bytes({5, 0, 0, 3, 3}) + "xyz" + bytes({0x1A, 0xE1});
  for (std::size_t n = 0; n < full.size(); ++n) {
    const Bytes prefix(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(n));
    const std::size_t need = need_of(prefix);
    BOOST_TEST(need > 0u);
    BOOST_TEST(n + need <= full.size());
  }
  BOOST_TEST(reply_of(full).size == full.size());
}

BOOST_AUTO_TEST_CASE(reply_with_wrong_version) {
  const auto r = net::parse_socks5_reply(bytes({4, 0, 0, 1, 1, 2, 3, 4, 0, 80}));
  BOOST_REQUIRE(!r);
  BOOST_TEST((r.error().code == socks5_errc::bad_version));
  BOOST_TEST((r.error().offset == 0u));
  // An HTTP proxy's answer fails at the first byte, without waiting for more.
  BOOST_TEST((error_of(net::parse_socks5_reply(bytes({'H'}))).code == socks5_errc::bad_version));
}

BOOST_AUTO_TEST_CASE(each_rep_code_has_its_error) {
  const std::vector<socks5_errc> expected{
      socks5_errc::general_failure,     socks5_errc::not_allowed,       socks5_errc::network_unreachable,
      socks5_errc::host_unreachable,    socks5_errc::connection_refused, socks5_errc::ttl_expired,
      socks5_errc::command_not_supported, socks5_errc::address_type_not_supported};
  for (int rep = 1; rep <= 8; ++rep) {
    const auto r = net::parse_socks5_reply(bytes({5, rep, 0, 1, 0, 0, 0, 0, 0, 0}));
    BOOST_REQUIRE(!r);
    BOOST_TEST_CONTEXT("REP " << rep) { BOOST_TEST((r.error().code == expected[static_cast<std::size_t>(rep - 1)])); }
    BOOST_TEST((r.error().offset == 1u));
  }
  BOOST_TEST((error_of(net::parse_socks5_reply(bytes({5, 9, 0, 1}))).code == socks5_errc::malformed_reply));
  BOOST_TEST((error_of(net::parse_socks5_reply(bytes({5, 0xFF}))).code == socks5_errc::malformed_reply));
  // The error is known from the head: no need to wait for the address.
  BOOST_TEST((error_of(net::parse_socks5_reply(bytes({5, 5}))).code == socks5_errc::connection_refused));
}

BOOST_AUTO_TEST_CASE(reply_with_unknown_atyp_or_empty_name) {
  for (const int atyp : {0, 2, 5, 0xFF}) {
    const auto r = net::parse_socks5_reply(bytes({5, 0, 0, atyp, 1, 2, 3, 4, 0, 80}));
    BOOST_REQUIRE(!r);
    BOOST_TEST((r.error().code == socks5_errc::malformed_reply));
    BOOST_TEST((r.error().offset == 3u));
  }
  const auto empty = net::parse_socks5_reply(bytes({5, 0, 0, 3, 0, 0, 80}));
  BOOST_REQUIRE(!empty);
  BOOST_TEST((empty.error().code == socks5_errc::malformed_reply));
  BOOST_TEST((empty.error().offset == 4u));
}

BOOST_AUTO_TEST_CASE(udp_header_round_trip) {
  const std::vector<net::Socks5Target> targets{net::Endpoint::v4({10, 0, 0, 7}, 6881), kLoopbackV6,
                                               net::Socks5HostName{"router.example", 6881}};
  for (const auto& target : targets) {
    auto datagram = net::encode_socks5_udp_header(target);
    BOOST_REQUIRE(datagram);
    const std::size_t header = datagram->size();
    *datagram = *datagram + "payload";
    const auto parsed = net::parse_socks5_udp_header(*datagram);
    BOOST_REQUIRE(parsed);
    BOOST_TEST((parsed->target == target));
    BOOST_TEST(parsed->size == header);
  }
  const auto v4 = net::encode_socks5_udp_header(net::Endpoint::v4({1, 2, 3, 4}, 80));
  BOOST_REQUIRE(v4);
  BOOST_TEST((*v4 == bytes({0, 0, 0, 1, 1, 2, 3, 4, 0, 80})));
}

BOOST_AUTO_TEST_CASE(udp_header_bad_input) {
  const auto fragment = net::parse_socks5_udp_header(bytes({0, 0, 1, 1, 1, 2, 3, 4, 0, 80}));
  BOOST_REQUIRE(!fragment);
  BOOST_TEST((fragment.error().code == socks5_errc::fragmented_datagram));
  BOOST_TEST((fragment.error().offset == 2u));
  BOOST_TEST((error_of(net::parse_socks5_udp_header(bytes({0, 0, 0x80, 1, 1, 2, 3, 4, 0, 80}))).code ==
             socks5_errc::fragmented_datagram));
  // Truncated anywhere: in the head, in the address, in the port, in a name.
  for (const auto& truncated : {bytes({0, 0, 0}), bytes({0, 0, 0, 1, 1, 2}), bytes({0, 0, 0, 1, 1, 2, 3, 4, 0}),
                                bytes({0, 0, 0, 3}), bytes({0, 0, 0, 3, 5, 'a', 'b', 0, 80})}) {
    BOOST_TEST((error_of(net::parse_socks5_udp_header(truncated)).code == socks5_errc::malformed_reply));
  }
  BOOST_TEST((error_of(net::parse_socks5_udp_header(bytes({0, 0, 0, 2, 1, 2, 3, 4, 0, 80}))).code ==
             socks5_errc::malformed_reply));
  BOOST_TEST((error_of(net::parse_socks5_udp_header(bytes({0, 0, 0, 3, 0, 0, 80}))).code ==
             socks5_errc::malformed_reply));
}

BOOST_AUTO_TEST_CASE(errors_have_their_own_category) {
  const std::error_code e = socks5_errc::connection_refused;
  BOOST_TEST(std::string(e.category().name()) == "corrent.socks5");
  BOOST_TEST(e.message() == "SOCKS5: connection refused");
  BOOST_TEST((e != std::errc::connection_refused));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(net_socks5_url)

BOOST_AUTO_TEST_CASE(good_urls) {
  auto p = net::parse_proxy_url("socks5://127.0.0.1:1080");
  BOOST_REQUIRE(p);
  BOOST_TEST(p->host == "127.0.0.1");
  BOOST_TEST(p->port == 1080);
  BOOST_TEST(!p->has_credentials());
  BOOST_TEST((p->literal_endpoint() == net::Endpoint::v4({127, 0, 0, 1}, 1080)));

  p = net::parse_proxy_url("SOCKS5H://Proxy.Example:9050/");
  BOOST_REQUIRE(p);
  BOOST_TEST(p->host == "proxy.example");
  BOOST_TEST(p->port == 9050);
  BOOST_TEST(!p->literal_endpoint().has_value());

  p = net::parse_proxy_url("socks5://user:secret@[::1]:1081");
  BOOST_REQUIRE(p);
  BOOST_TEST(p->host == "::1");
  BOOST_TEST(p->port == 1081);
  BOOST_TEST(p->user == "user");
  BOOST_TEST(p->password == "secret");
  BOOST_TEST((p->literal_endpoint() == kLoopbackV6.with_port(1081)));

  p = net::parse_proxy_url("socks5://us%40er:p%3As%25s@localhost");
  BOOST_REQUIRE(p);
  BOOST_TEST(p->user == "us@er");
  BOOST_TEST(p->password == "p:s%s");
  BOOST_TEST(p->host == "localhost");
  BOOST_TEST(p->port == net::kSocks5DefaultPort);

  p = net::parse_proxy_url("socks5://u:p@ss@h:1");  // the last '@' ends the userinfo
  BOOST_REQUIRE(p);
  BOOST_TEST(p->password == "p@ss");
  BOOST_TEST(p->host == "h");
}

BOOST_AUTO_TEST_CASE(bad_urls) {
  for (const char* text :
       {"http://127.0.0.1:1080", "socks4://h:1080", "socks://h:1080", "127.0.0.1:1080", "socks5://",
        "socks5://:1080", "socks5://h:0", "socks5://h:65536", "socks5://h:x", "socks5://h:", "socks5://h:1/path",
        "socks5://h:1?q", "socks5://user@h:1", "socks5://:p@h:1", "socks5://u:@h:1", "socks5://u:%zz@h:1",
        "socks5://u:%4@h:1", "socks5://[::1:1080", "socks5://[::1]x", "socks5://[nothost]:1", "socks5://h h:1",
        "socks5://h;x:1"}) {
    const auto r = net::parse_proxy_url(text);
    BOOST_TEST(!r.has_value(), text);
    if (!r) BOOST_TEST_CONTEXT(text) { BOOST_TEST((r.error() == socks5_errc::bad_proxy_url)); }
  }
}

BOOST_AUTO_TEST_CASE(credential_limits) {
  const std::string at_limit(net::kSocks5MaxCredentialLength, 'a');
  const auto ok = net::parse_proxy_url("socks5://" + at_limit + ":" + at_limit + "@h:1");
  BOOST_REQUIRE(ok);
  BOOST_TEST(ok->user.size() == net::kSocks5MaxCredentialLength);
  const std::string over(net::kSocks5MaxCredentialLength + 1, 'a');
  BOOST_TEST((error_of(net::parse_proxy_url("socks5://" + over + ":p@h:1")) == socks5_errc::credentials_too_long));
  BOOST_TEST((error_of(net::parse_proxy_url("socks5://u:" + over + "@h:1")) == socks5_errc::credentials_too_long));
  const std::string long_host(net::kSocks5MaxNameLength + 1, 'h');
  BOOST_TEST((error_of(net::parse_proxy_url("socks5://" + long_host + ":1")) == socks5_errc::bad_proxy_url));
}

BOOST_AUTO_TEST_SUITE_END()
