// What a ranged GET must get back: 206 with exactly the range asked, or 200 with the
// whole file; every other answer refused with its own error.
#include <boost/test/unit_test.hpp>

#include "content_range.hpp"
#include "support/require_error.hpp"
#include "webseed_errc.hpp"
#include "webseed_limits.hpp"

namespace {

using corrent::net::http::HttpResponse;
using corrent::test::error_of;
using corrent::webseed::errc;
using corrent::webseed::RangeAsked;
using corrent::webseed::range_body;

const std::string kFile = "0123456789abcdefghij";  // 20 bytes
const RangeAsked kAsked{5, 10, 20};                // "56789abcde"

HttpResponse partial(std::string body, std::string range) {
  HttpResponse r;
  r.status = 206;
  r.headers.emplace_back("content-range", std::move(range));
  r.body = std::move(body);
  return r;
}

HttpResponse whole(std::string body) {
  HttpResponse r;
  r.status = 200;
  r.body = std::move(body);
  return r;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(webseed_content_range)

BOOST_AUTO_TEST_CASE(the_range_header_names_the_first_and_last_byte) {
  BOOST_TEST(corrent::webseed::range_header(kAsked) == "bytes=5-14");
  BOOST_TEST(corrent::webseed::range_header(RangeAsked{0, 1, 1}) == "bytes=0-0");
}

BOOST_AUTO_TEST_CASE(a_206_with_the_range_asked_is_taken) {
  const auto r = partial("56789abcde", "bytes 5-14/20");
  const auto body = range_body(r, kAsked);
  BOOST_TEST_REQUIRE(body.has_value());
  BOOST_TEST(*body == "56789abcde");
  const auto star = partial("56789abcde", "Bytes 5-14/*");  // unit case-insensitive, total unknown
  BOOST_TEST(range_body(star, kAsked).has_value());
}

BOOST_AUTO_TEST_CASE(a_206_with_another_range_is_refused) {
  BOOST_TEST(error_of(range_body(partial("6789abcdef", "bytes 6-15/20"), kAsked)) == errc::bad_content_range);
  BOOST_TEST(error_of(range_body(partial("56789abcd", "bytes 5-13/20"), kAsked)) == errc::bad_content_range);
  BOOST_TEST(error_of(range_body(partial("56789abcde", "bytes 5-14/21"), kAsked)) == errc::bad_content_range);
  BOOST_TEST(error_of(range_body(partial("56789abcde", "items 5-14/20"), kAsked)) == errc::bad_content_range);
  BOOST_TEST(error_of(range_body(partial("56789abcde", "bytes 14-5/20"), kAsked)) == errc::bad_content_range);
  HttpResponse none = partial("56789abcde", "");
  none.headers.clear();
  BOOST_TEST(error_of(range_body(none, kAsked)) == errc::bad_content_range);
}

BOOST_AUTO_TEST_CASE(a_206_body_longer_or_shorter_than_its_range_is_refused) {
  BOOST_TEST(error_of(range_body(partial("56789abcdeX", "bytes 5-14/20"), kAsked)) == errc::bad_body_length);
  BOOST_TEST(error_of(range_body(partial("56789abcd", "bytes 5-14/20"), kAsked)) == errc::bad_body_length);
}

BOOST_AUTO_TEST_CASE(a_200_with_the_whole_file_is_sliced) {
  const auto r = whole(kFile);
  const auto body = range_body(r, kAsked);
  BOOST_TEST_REQUIRE(body.has_value());
  BOOST_TEST(*body == "56789abcde");
}

BOOST_AUTO_TEST_CASE(a_200_with_part_of_the_file_is_refused) {
  BOOST_TEST(error_of(range_body(whole("56789abcde"), kAsked)) == errc::bad_body_length);
  BOOST_TEST(error_of(range_body(whole(kFile + "x"), kAsked)) == errc::bad_body_length);
}

BOOST_AUTO_TEST_CASE(other_statuses_are_refused) {
  HttpResponse r = whole(kFile);
  r.status = 404;
  BOOST_TEST(error_of(range_body(r, kAsked)) == errc::bad_status);
  r.status = 416;
  BOOST_TEST(error_of(range_body(r, kAsked)) == errc::bad_status);
}

BOOST_AUTO_TEST_CASE(the_body_bound_is_the_range_or_a_small_whole_file) {
  BOOST_TEST(corrent::webseed::body_bound(kAsked) == 20u);
  const RangeAsked big{0, 100, corrent::webseed::kMaxWholeFileBody + 1};
  BOOST_TEST(corrent::webseed::body_bound(big) == 100u);
  const RangeAsked at_limit{0, 100, corrent::webseed::kMaxWholeFileBody};
  BOOST_TEST(corrent::webseed::body_bound(at_limit) == corrent::webseed::kMaxWholeFileBody);
}

BOOST_AUTO_TEST_CASE(content_range_values_parse_strictly) {
  using corrent::webseed::parse_content_range;
  const auto r = parse_content_range(" bytes 0-0/1 ");
  BOOST_TEST_REQUIRE(r.has_value());
  BOOST_TEST(r->first == 0u);
  BOOST_TEST(r->last == 0u);
  BOOST_TEST((r->total == std::optional<std::uint64_t>(1)));
  BOOST_TEST(!parse_content_range("bytes 0-0/0").has_value());  // last past the total
  BOOST_TEST(!parse_content_range("bytes -1-5/9").has_value());
  BOOST_TEST(!parse_content_range("bytes 0-99999999999999999999999/*").has_value());
  BOOST_TEST(!parse_content_range("bytes */20").has_value());
}

BOOST_AUTO_TEST_SUITE_END()
