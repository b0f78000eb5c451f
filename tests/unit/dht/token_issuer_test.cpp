// Write tokens: accepted now and after one rotation, refused after two, bound to the
// requester's address and not its port.
#include <boost/test/unit_test.hpp>

#include <chrono>

#include "token_issuer.hpp"

namespace {

using namespace corrent::dht;
using namespace std::chrono_literals;
using corrent::net::Endpoint;

const TimePoint t0 = TimePoint{} + 24h;

TokenSecret secret(std::uint8_t fill) {
  TokenSecret s;
  s.fill(fill);
  return s;
}

const Endpoint alice = Endpoint::v4({1, 2, 3, 4}, 6881);
const Endpoint bob = Endpoint::v4({1, 2, 3, 5}, 6881);

}  // namespace

BOOST_AUTO_TEST_SUITE(dht_token_issuer)

BOOST_AUTO_TEST_CASE(a_token_is_valid_now_for_its_address_only) {
  TokenIssuer tokens(secret(1), t0);
  const auto token = tokens.issue(alice);
  BOOST_TEST(token.size() == kWriteTokenSize);
  BOOST_TEST(tokens.accepts(token, alice));
  BOOST_TEST(!tokens.accepts(token, bob));
  BOOST_TEST(tokens.issue(alice) == token);  // deterministic while the secret lives
  BOOST_TEST(tokens.issue(bob) != token);
}

BOOST_AUTO_TEST_CASE(a_token_is_bound_to_the_address_not_the_port) {
  TokenIssuer tokens(secret(1), t0);
  const auto token = tokens.issue(alice);
  BOOST_TEST(tokens.accepts(token, alice.with_port(1)));
  BOOST_TEST(tokens.issue(alice.with_port(40000)) == token);
}

BOOST_AUTO_TEST_CASE(a_token_survives_one_rotation_not_two) {
  TokenIssuer tokens(secret(1), t0);
  const auto token = tokens.issue(alice);
  BOOST_TEST(!tokens.maybe_rotate(secret(2), t0 + kTokenRotation - 1s));
  BOOST_TEST(tokens.maybe_rotate(secret(2), t0 + kTokenRotation));
  BOOST_TEST(tokens.accepts(token, alice));  // the previous secret's
  BOOST_TEST(tokens.issue(alice) != token);  // new tokens use the new secret
  BOOST_TEST(tokens.accepts(tokens.issue(alice), alice));
  BOOST_TEST(tokens.maybe_rotate(secret(3), t0 + 2 * kTokenRotation));
  BOOST_TEST(!tokens.accepts(token, alice));
}

BOOST_AUTO_TEST_CASE(wrong_sizes_and_ipv6_addresses) {
  TokenIssuer tokens(secret(7), t0);
  const auto token = tokens.issue(alice);
  BOOST_TEST(!tokens.accepts("", alice));
  BOOST_TEST(!tokens.accepts(token + "x", alice));
  BOOST_TEST(!tokens.accepts(token.substr(0, kWriteTokenSize - 1), alice));
  const auto v6 = Endpoint::v6({0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 6881);
  const auto t6 = tokens.issue(v6);
  BOOST_TEST(tokens.accepts(t6, v6.with_port(9)));
  BOOST_TEST(!tokens.accepts(t6, alice));
}

BOOST_AUTO_TEST_SUITE_END()
