#include <boost/test/unit_test.hpp>

#include <cstddef>
#include <vector>

#include "corrent/wire/limits.hpp"
#include "corrent/wire/recv_buffer.hpp"

namespace {

using namespace corrent::wire;

/// Writes `n` bytes of value `v` into the buffer's free space and commits them.
void fill(RecvBuffer& buf, std::size_t n, int v, std::size_t at_least = kRecvReadChunk) {
  const auto space = buf.free_space(at_least);
  BOOST_REQUIRE(space.size() >= n);
  std::fill_n(space.begin(), n, static_cast<std::byte>(v));
  buf.commit(n);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(wire_recv_buffer)

BOOST_AUTO_TEST_CASE(commit_and_consume) {
  RecvBuffer buf;
  BOOST_TEST(buf.empty());
  fill(buf, 10, 1);
  fill(buf, 5, 2);
  BOOST_TEST(buf.size() == 15u);
  BOOST_TEST(std::to_integer<int>(buf.data()[9]) == 1);
  BOOST_TEST(std::to_integer<int>(buf.data()[10]) == 2);
  buf.consume(10);
  BOOST_TEST(buf.size() == 5u);
  BOOST_TEST(std::to_integer<int>(buf.data()[0]) == 2);
  buf.consume(5);
  BOOST_TEST(buf.empty());
}

BOOST_AUTO_TEST_CASE(free_space_offers_at_least_what_is_asked) {
  RecvBuffer buf;
  BOOST_TEST(buf.free_space().size() >= kRecvReadChunk);
  BOOST_TEST(buf.free_space(100000).size() >= 100000u);
  BOOST_TEST(buf.free_space(0).size() >= 1u);  // never empty unless full
}

BOOST_AUTO_TEST_CASE(compacts_instead_of_growing_when_the_front_is_free) {
  RecvBuffer buf;
  fill(buf, kRecvReadChunk, 1);
  const std::size_t capacity = buf.capacity();
  buf.consume(kRecvReadChunk - 3);  // 3 bytes of a partial message left
  const auto space = buf.free_space(capacity - 3);
  BOOST_TEST(buf.capacity() == capacity);
  BOOST_TEST(space.size() == capacity - 3);
  BOOST_TEST(buf.size() == 3u);
  BOOST_TEST(std::to_integer<int>(buf.data()[2]) == 1);
}

BOOST_AUTO_TEST_CASE(keeps_data_across_growth) {
  RecvBuffer buf;
  for (int i = 0; i < 100; ++i) fill(buf, 1000, i);  // grows past the first chunk
  BOOST_TEST(buf.size() == 100000u);
  for (int i = 0; i < 100; ++i) {
    BOOST_TEST(std::to_integer<int>(buf.data()[static_cast<std::size_t>(i) * 1000]) == i);
  }
}

BOOST_AUTO_TEST_CASE(bounded_by_its_maximum) {
  RecvBuffer buf(1000);
  fill(buf, 999, 7, 999);
  BOOST_TEST(buf.free_space().size() == 1u);  // at the limit: one byte left
  fill(buf, 1, 7, 1);
  BOOST_TEST(buf.size() == 1000u);
  BOOST_TEST(buf.free_space().empty());  // full: one past the limit is refused
  BOOST_TEST(buf.capacity() == 1000u);
  buf.consume(10);
  BOOST_TEST(buf.free_space().size() == 10u);
}

BOOST_AUTO_TEST_CASE(default_maximum_holds_the_largest_message) {
  RecvBuffer buf;
  BOOST_TEST(buf.max_size() == kMaxRecvBufferSize);
  BOOST_TEST(kMaxRecvBufferSize >= kDefaultMaxMessageLength + kLengthPrefixSize);
  fill(buf, kDefaultMaxMessageLength + kLengthPrefixSize, 0,
       kDefaultMaxMessageLength + kLengthPrefixSize);
  BOOST_TEST(buf.size() == kDefaultMaxMessageLength + kLengthPrefixSize);
}

BOOST_AUTO_TEST_SUITE_END()
