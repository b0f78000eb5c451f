// ExternalAddress, private to the engine: how hints become our address. Its rules (a
// mapper's report wins; a hint counts once two reporters agree; one vote per reporter; a
// bounded table; ties keep the address) are what make a lying peer harmless.
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include <asio/io_context.hpp>

#include "corrent/engine/limits.hpp"
#include "corrent/events/event_bus.hpp"
#include "engine/external_address.hpp"

namespace {

using corrent::engine::ExternalAddress;
using corrent::net::Endpoint;
namespace events = corrent::events;

struct Fixture {
  asio::io_context io;
  events::EventBus bus{io.get_executor()};
  std::vector<events::ExternalAddressChanged> changes;
  events::Subscription subscription = bus.subscribe(
      [this](const events::Event& e) { changes.push_back(std::get<events::ExternalAddressChanged>(e)); },
      events::EventMask::of<events::ExternalAddressChanged>());
  ExternalAddress address{bus};
};

const Endpoint kA = Endpoint::v4({198, 51, 100, 7}, 0);
const Endpoint kB = Endpoint::v4({198, 51, 100, 8}, 0);

}  // namespace

BOOST_AUTO_TEST_SUITE(external_address)

BOOST_FIXTURE_TEST_CASE(one_reporter_is_not_enough_and_repeating_it_does_not_help, Fixture) {
  address.vote(kA, "peer 1");
  address.vote(kA.with_port(999), "peer 1");  // the same reporter again, another port
  BOOST_TEST(!address.current().has_value());
  BOOST_TEST(changes.empty());
  address.vote(kA.with_port(5), "peer 2");
  BOOST_TEST_REQUIRE(address.current().has_value());
  BOOST_TEST(address.current()->to_string() == kA.to_string());  // port dropped
  BOOST_TEST_REQUIRE(changes.size() == 1u);
  BOOST_TEST(changes.front().source == "votes");
}

BOOST_FIXTURE_TEST_CASE(a_reporter_that_changes_its_vote_moves_it, Fixture) {
  address.vote(kA, "peer 1");
  address.vote(kB, "peer 2");
  BOOST_TEST(!address.current().has_value());  // 1 and 1
  address.vote(kB, "peer 1");                   // now 0 and 2
  BOOST_TEST_REQUIRE(address.current().has_value());
  BOOST_TEST(address.current()->to_string() == kB.to_string());
}

BOOST_FIXTURE_TEST_CASE(a_tie_keeps_the_address_and_a_majority_moves_it, Fixture) {
  address.vote(kA, "1");
  address.vote(kA, "2");
  address.vote(kB, "3");
  address.vote(kB, "4");  // 2 and 2: kA stays
  BOOST_TEST(address.current()->to_string() == kA.to_string());
  address.vote(kB, "5");  // 2 and 3
  BOOST_TEST(address.current()->to_string() == kB.to_string());
  BOOST_TEST(changes.size() == 2u);
}

BOOST_FIXTURE_TEST_CASE(a_mapper_wins_over_votes_and_votes_resume_after, Fixture) {
  address.vote(kA, "1");
  address.vote(kA, "2");
  address.set_mapped(kB.with_port(40000), "nat_pmp");
  BOOST_TEST(address.current()->to_string() == kB.to_string());
  BOOST_TEST_REQUIRE(changes.size() == 2u);
  BOOST_TEST(changes.back().source == "nat_pmp");
  address.vote(kA, "3");  // three votes do not beat the gateway's own word
  BOOST_TEST(address.current()->to_string() == kB.to_string());
  address.set_mapped(std::nullopt, {});
  BOOST_TEST(address.current()->to_string() == kA.to_string());  // the votes again
  BOOST_TEST(changes.back().source == "votes");
}

BOOST_FIXTURE_TEST_CASE(unspecified_addresses_are_ignored, Fixture) {
  address.vote(Endpoint::v4({0, 0, 0, 0}, 0), "1");
  address.vote(Endpoint::v4({0, 0, 0, 0}, 0), "2");
  BOOST_TEST(!address.current().has_value());
}

// A flood of reporters keeps at most kMaxExternalAddressVoters votes: the oldest go, so
// early liars are outvoted by the newest reporters, and memory stays bounded.
BOOST_FIXTURE_TEST_CASE(the_table_is_bounded_and_forgets_the_oldest, Fixture) {
  for (std::size_t i = 0; i < corrent::engine::kMaxExternalAddressVoters; ++i) address.vote(kA, "liar " + std::to_string(i));
  BOOST_TEST(address.current()->to_string() == kA.to_string());
  for (std::size_t i = 0; i < corrent::engine::kMaxExternalAddressVoters; ++i) address.vote(kB, "honest " + std::to_string(i));
  BOOST_TEST(address.current()->to_string() == kB.to_string());
}

BOOST_AUTO_TEST_SUITE_END()
