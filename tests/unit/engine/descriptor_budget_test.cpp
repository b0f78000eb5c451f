// The descriptor budget: the reserve, the file share, and limits at and below the reserve.
#include <boost/test/unit_test.hpp>

#include "corrent/engine/descriptor_budget.hpp"

namespace engine = corrent::engine;

BOOST_AUTO_TEST_CASE(the_usual_limit_leaves_peers_the_most) {
  const auto b = engine::split_descriptors(1024);
  BOOST_TEST(b.files == (1024u - engine::kReservedDescriptors) / engine::kFileDescriptorDivisor);
  BOOST_TEST(b.peers + b.files + engine::kReservedDescriptors == 1024u);
}

BOOST_AUTO_TEST_CASE(a_low_limit_still_gives_the_storage_its_minimum) {
  const auto b = engine::split_descriptors(256);
  BOOST_TEST(b.peers + b.files + engine::kReservedDescriptors == 256u);
  BOOST_TEST(b.files >= engine::kMinFileDescriptors);
  BOOST_TEST(b.peers == 256u - engine::kReservedDescriptors - b.files);
  // Just above the reserve and the minimum: one descriptor for peers.
  const auto edge = engine::split_descriptors(engine::kReservedDescriptors + engine::kMinFileDescriptors + 1);
  BOOST_TEST(edge.files == engine::kMinFileDescriptors);
  BOOST_TEST(edge.peers == 1u);
}

BOOST_AUTO_TEST_CASE(a_limit_at_or_below_the_reserve_allows_no_connections) {
  const auto at = engine::split_descriptors(engine::kReservedDescriptors + engine::kMinFileDescriptors);
  BOOST_TEST(at.peers == 0u);
  BOOST_TEST(engine::split_descriptors(10).peers == 0u);
  BOOST_TEST(engine::split_descriptors(0).peers == 0u);
}

BOOST_AUTO_TEST_CASE(the_limit_in_force_is_read_and_never_lowered) {
  const auto before = engine::descriptor_limit(false);
  BOOST_TEST(before > 0u);
  BOOST_TEST(engine::descriptor_limit(true) >= before);
  BOOST_TEST(engine::descriptor_limit(true) <= engine::kMaxRaisedDescriptors);
}
