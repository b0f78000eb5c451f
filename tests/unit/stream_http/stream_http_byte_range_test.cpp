// The Range header against a resource's size: the one range we send, the ones we cannot
// (416), the ones we ignore (200), and the Content-Range that names them.
#include <cstdint>
#include <limits>
#include <string>

#include <boost/test/unit_test.hpp>

#include "byte_range.hpp"

namespace {

using corrent::stream_http::ByteRange;
using corrent::stream_http::RangeKind;
using corrent::stream_http::RangeRequest;
using corrent::stream_http::resolve_range;

constexpr std::uint64_t kSize = 1000;

RangeKind kind_of(std::string_view header, std::uint64_t size = kSize) {
  return resolve_range(header, size).kind;
}

// The partial range `header` resolves to; fails the test when it is not partial.
ByteRange partial(std::string_view header, std::uint64_t size = kSize) {
  const RangeRequest r = resolve_range(header, size);
  BOOST_REQUIRE_MESSAGE(r.kind == RangeKind::partial, "not partial: " << header);
  return r.range;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(stream_http_byte_range)

BOOST_AUTO_TEST_CASE(no_header_is_the_whole_resource) {
  BOOST_TEST((resolve_range(std::nullopt, kSize).kind == RangeKind::whole));
  BOOST_TEST((resolve_range(std::nullopt, 0).kind == RangeKind::whole));
}

BOOST_AUTO_TEST_CASE(the_first_byte_alone) {
  const auto r = partial("bytes=0-0");
  BOOST_TEST(r.first == 0u);
  BOOST_TEST(r.last == 0u);
  BOOST_TEST(r.length() == 1u);
}

BOOST_AUTO_TEST_CASE(a_closed_range_is_sent_as_asked) {
  const auto r = partial("bytes=100-199");
  BOOST_TEST(r.first == 100u);
  BOOST_TEST(r.last == 199u);
  BOOST_TEST(r.length() == 100u);
  BOOST_TEST(partial("bytes=999-999").first == 999u);
}

BOOST_AUTO_TEST_CASE(an_open_range_runs_to_the_end) {
  const auto r = partial("bytes=5-");
  BOOST_TEST(r.first == 5u);
  BOOST_TEST(r.last == kSize - 1);
  BOOST_TEST(r.length() == kSize - 5);
}

BOOST_AUTO_TEST_CASE(a_suffix_is_the_last_bytes) {
  const auto one = partial("bytes=-1");
  BOOST_TEST(one.first == kSize - 1);
  BOOST_TEST(one.last == kSize - 1);
  const auto hundred = partial("bytes=-100");
  BOOST_TEST(hundred.first == 900u);
  BOOST_TEST(hundred.last == 999u);
}

BOOST_AUTO_TEST_CASE(a_range_past_the_end_is_clipped) {
  const auto last = partial("bytes=900-5000");
  BOOST_TEST(last.first == 900u);
  BOOST_TEST(last.last == kSize - 1);
  const auto suffix = partial("bytes=-5000");  // the whole resource, as a 206
  BOOST_TEST(suffix.first == 0u);
  BOOST_TEST(suffix.last == kSize - 1);
}

BOOST_AUTO_TEST_CASE(a_range_starting_at_or_past_the_end_is_unsatisfiable) {
  BOOST_TEST((kind_of("bytes=1000-") == RangeKind::unsatisfiable));
  BOOST_TEST((kind_of("bytes=1000-1001") == RangeKind::unsatisfiable));
  BOOST_TEST((kind_of("bytes=5000-6000") == RangeKind::unsatisfiable));
}

BOOST_AUTO_TEST_CASE(a_suffix_of_zero_is_unsatisfiable) {
  BOOST_TEST((kind_of("bytes=-0") == RangeKind::unsatisfiable));
}

BOOST_AUTO_TEST_CASE(any_range_of_an_empty_resource_is_unsatisfiable) {
  BOOST_TEST((kind_of("bytes=0-0", 0) == RangeKind::unsatisfiable));
  BOOST_TEST((kind_of("bytes=0-", 0) == RangeKind::unsatisfiable));
  BOOST_TEST((kind_of("bytes=-1", 0) == RangeKind::unsatisfiable));
  BOOST_TEST((kind_of("bogus", 0) == RangeKind::whole));
}

BOOST_AUTO_TEST_CASE(another_unit_or_a_malformed_value_is_ignored) {
  for (const char* h : {"", "items=0-5", "bytes", "bytes=", "bytes=-", "bytes=a-5", "bytes=5", "bytes=5-a",
                        "bytes=0-5x", "bytes=10-5", "bytes = 0-5", "bytes=0 -5", "bytes=0- 5", "bytes=--5",
                        "bytes=+5-6", "bytes=0x10-20"}) {
    BOOST_TEST_CONTEXT(h) { BOOST_TEST((kind_of(h) == RangeKind::whole)); }
  }
}

BOOST_AUTO_TEST_CASE(the_unit_is_case_insensitive_and_empty_list_elements_are_skipped) {
  BOOST_TEST(partial("Bytes=0-9").last == 9u);
  BOOST_TEST(partial("BYTES=0-9").last == 9u);
  BOOST_TEST(partial("bytes=, 0-9").last == 9u);
  BOOST_TEST(partial("bytes=0-9 ,").last == 9u);
}

BOOST_AUTO_TEST_CASE(several_ranges_are_multiple) {
  BOOST_TEST((kind_of("bytes=0-1,5-6") == RangeKind::multiple));
  BOOST_TEST((kind_of("bytes=0-1, 5-6") == RangeKind::multiple));
  BOOST_TEST((kind_of("bytes=-1,0-0") == RangeKind::multiple));
  // Only the first spec is parsed: what follows the comma is not looked at.
  BOOST_TEST((kind_of("bytes=0-1,garbage") == RangeKind::multiple));
  std::string many = "bytes=0-0";
  for (int i = 0; i < 10000; ++i) many += ",0-0";
  BOOST_TEST((kind_of(many) == RangeKind::multiple));
}

BOOST_AUTO_TEST_CASE(huge_numbers_are_malformed_never_overflowed) {
  constexpr auto kMax = std::numeric_limits<std::uint64_t>::max();
  // 19 digits fit: a range far past the end of a small resource...
  BOOST_TEST((kind_of("bytes=9999999999999999999-") == RangeKind::unsatisfiable));
  BOOST_TEST(partial("bytes=0-9999999999999999999").last == kSize - 1);
  BOOST_TEST(partial("bytes=-9999999999999999999").first == 0u);
  // ...and inside a huge one.
  const auto big = partial("bytes=9999999999999999998-", kMax);
  BOOST_TEST(big.first == 9999999999999999998u);
  BOOST_TEST(big.last == kMax - 1);
  // 20 digits (even 2^64-1 itself, and a value that would wrap) are malformed.
  BOOST_TEST((kind_of("bytes=18446744073709551615-") == RangeKind::whole));
  BOOST_TEST((kind_of("bytes=0-18446744073709551616") == RangeKind::whole));
  BOOST_TEST((kind_of("bytes=-99999999999999999999") == RangeKind::whole));
  BOOST_TEST((kind_of("bytes=00000000000000000001-2") == RangeKind::whole));
}

BOOST_AUTO_TEST_CASE(content_range_names_the_bytes_and_the_size) {
  using corrent::stream_http::content_range;
  using corrent::stream_http::unsatisfied_content_range;
  BOOST_TEST(content_range(ByteRange{0, 99}, 1000) == "bytes 0-99/1000");
  BOOST_TEST(content_range(partial("bytes=-1"), kSize) == "bytes 999-999/1000");
  BOOST_TEST(unsatisfied_content_range(1000) == "bytes */1000");
  BOOST_TEST(unsatisfied_content_range(0) == "bytes */0");
}

BOOST_AUTO_TEST_SUITE_END()
