#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <limits>

#include "corrent/engine/limits.hpp"
#include "corrent/engine/request_queue.hpp"

namespace {

using namespace corrent::engine;

/// The lowest rate at which kRequestQueueTime of data is `blocks` blocks.
std::uint64_t rate_for(std::uint64_t blocks) {
  const auto seconds = static_cast<std::uint64_t>(kRequestQueueTime.count());
  return (blocks * kBlockSize + seconds - 1) / seconds;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(engine_request_queue)

BOOST_AUTO_TEST_CASE(depth_covers_the_queue_time_of_the_rate) {
  BOOST_TEST(request_queue_depth(rate_for(40), kDefaultPeerReqq) == 40u);
  // 100 MiB/s: 300 MiB ahead would be 19200 blocks; capped.
  BOOST_TEST(request_queue_depth(100ull << 20, 1000) == kMaxRequestQueue);
}

BOOST_AUTO_TEST_CASE(minimum_depth) {
  BOOST_TEST(request_queue_depth(0, kDefaultPeerReqq) == kMinRequestQueue);
  BOOST_TEST(request_queue_depth(rate_for(kMinRequestQueue), kDefaultPeerReqq) == kMinRequestQueue);
  BOOST_TEST(request_queue_depth(rate_for(kMinRequestQueue + 1), kDefaultPeerReqq) ==
             kMinRequestQueue + 1);
}

BOOST_AUTO_TEST_CASE(maximum_depth) {
  BOOST_TEST(request_queue_depth(rate_for(kMaxRequestQueue), 2000) == kMaxRequestQueue);
  BOOST_TEST(request_queue_depth(rate_for(kMaxRequestQueue + 1), 2000) == kMaxRequestQueue);
  BOOST_TEST(request_queue_depth(std::numeric_limits<std::uint64_t>::max(), 2000) ==
             kMaxRequestQueue);  // no overflow
}

BOOST_AUTO_TEST_CASE(never_more_than_the_peers_reqq) {
  BOOST_TEST(request_queue_depth(rate_for(kDefaultPeerReqq), kDefaultPeerReqq) == kDefaultPeerReqq);
  BOOST_TEST(request_queue_depth(rate_for(kDefaultPeerReqq + 1), kDefaultPeerReqq) ==
             kDefaultPeerReqq);
  BOOST_TEST(request_queue_depth(rate_for(100), 100) == 100u);
  BOOST_TEST(request_queue_depth(rate_for(101), 100) == 100u);
  // Below the minimum the peer's word wins; a reqq of 0 is taken as 1.
  BOOST_TEST(request_queue_depth(0, 1) == 1u);
  BOOST_TEST(request_queue_depth(rate_for(50), 1) == 1u);
  BOOST_TEST(request_queue_depth(rate_for(50), 0) == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
