// The response head: status line, reason phrases, headers in order, and no way for a value
// to end the head early.
#include <string>
#include <utility>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "http_response.hpp"

namespace {

using corrent::stream_http::format_head;
using corrent::stream_http::reason_phrase;
using Headers = std::vector<std::pair<std::string, std::string>>;

}  // namespace

BOOST_AUTO_TEST_SUITE(stream_http_response)

BOOST_AUTO_TEST_CASE(each_status_served_has_its_reason) {
  const std::pair<int, const char*> cases[] = {
      {200, "OK"},
      {204, "No Content"},
      {206, "Partial Content"},
      {400, "Bad Request"},
      {403, "Forbidden"},
      {404, "Not Found"},
      {405, "Method Not Allowed"},
      {408, "Request Timeout"},
      {409, "Conflict"},
      {413, "Content Too Large"},
      {414, "URI Too Long"},
      {416, "Range Not Satisfiable"},
      {421, "Misdirected Request"},
      {431, "Request Header Fields Too Large"},
      {500, "Internal Server Error"},
      {501, "Not Implemented"},
      {503, "Service Unavailable"},
      {505, "HTTP Version Not Supported"},
  };
  for (const auto& [status, reason] : cases) {
    BOOST_TEST_CONTEXT(status) { BOOST_TEST(reason_phrase(status) == reason); }
  }
  BOOST_TEST(reason_phrase(299).empty());
}

BOOST_AUTO_TEST_CASE(the_head_is_the_status_line_the_headers_and_a_blank_line) {
  const Headers headers{{"Content-Range", "bytes 0-99/1000"}, {"Content-Length", "100"}};
  BOOST_TEST(format_head(206, headers) ==
             "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 0-99/1000\r\nContent-Length: 100\r\n\r\n");
  BOOST_TEST(format_head(204, {}) == "HTTP/1.1 204 No Content\r\n\r\n");
  BOOST_TEST(format_head(299, {}) == "HTTP/1.1 299 \r\n\r\n");
}

BOOST_AUTO_TEST_CASE(a_value_cannot_end_the_head_or_add_a_header) {
  using namespace std::string_literals;
  const Headers headers{{"Location", "/a\r\nSet-Cookie: x=1\r\n\r\n<html>"}, {"X-N\nul", "a\0b"s}};
  BOOST_TEST(format_head(200, headers) ==
             "HTTP/1.1 200 OK\r\nLocation: /a  Set-Cookie: x=1    <html>\r\nX-N ul: a b\r\n\r\n");
}

BOOST_AUTO_TEST_CASE(a_status_that_is_not_three_digits_becomes_500) {
  BOOST_TEST(format_head(42, {}) == "HTTP/1.1 500 Internal Server Error\r\n\r\n");
  BOOST_TEST(format_head(1000, {}) == "HTTP/1.1 500 Internal Server Error\r\n\r\n");
}

BOOST_AUTO_TEST_SUITE_END()
