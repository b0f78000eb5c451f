// The incremental HTTP response parser: framing by Content-Length, chunked and close, fed
// in every split, and hostile inputs (chunk sizes, header bounds, bad lines).
#include <boost/test/unit_test.hpp>

#include <string>

#include "corrent/net/http/errc.hpp"
#include "corrent/net/http/response_parser.hpp"

namespace {

namespace http = corrent::net::http;

// Feeds `text` in pieces of `step` bytes, then EOF if `eof`.
corrent::ParseResult<http::HttpResponse> parse(const std::string& text, std::size_t step = 1 << 20,
                                               bool eof = true, http::ResponseLimits limits = {}) {
  http::ResponseParser parser(limits);
  for (std::size_t at = 0; at < text.size(); at += step) {
    if (auto r = parser.feed(std::string_view(text).substr(at, step)); !r) return tl::make_unexpected(r.error());
  }
  if (eof && !parser.done()) {
    if (auto r = parser.finish(); !r) return tl::make_unexpected(r.error());
  }
  if (!parser.done()) return tl::make_unexpected(corrent::ParseError{http::errc::unexpected_eof, 0});
  return std::move(parser).take();
}

std::error_code error_of(const std::string& text, http::ResponseLimits limits = {}) {
  auto r = parse(text, 1 << 20, true, limits);
  BOOST_REQUIRE_MESSAGE(!r, "should fail: " << text.substr(0, 60));
  return r.error().code;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(http_response_parser)

BOOST_AUTO_TEST_CASE(content_length_in_any_split) {
  const std::string text = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello";
  for (std::size_t step = 1; step <= text.size(); ++step) {
    const auto r = parse(text, step, false);
    BOOST_REQUIRE(r);
    BOOST_TEST(r->status == 200);
    BOOST_TEST(r->reason == "OK");
    BOOST_TEST(r->body == "hello");
    BOOST_TEST(*r->header("content-type") == "text/plain");
  }
}

BOOST_AUTO_TEST_CASE(chunked_with_extensions_and_trailers) {
  const std::string text =
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
      "5;name=x\r\nhello\r\n1\r\n \r\nA\r\n0123456789\r\n0\r\nX-Trailer: 1\r\n\r\n";
  for (std::size_t step = 1; step <= text.size(); step += 3) {
    const auto r = parse(text, step, false);
    BOOST_REQUIRE(r);
    BOOST_TEST(r->body == "hello 0123456789");
  }
}

BOOST_AUTO_TEST_CASE(close_delimited_and_bodyless) {
  BOOST_TEST(parse("HTTP/1.0 200 OK\r\n\r\nuntil the end")->body == "until the end");
  BOOST_TEST(parse("HTTP/1.1 204 No Content\r\n\r\n", 1 << 20, false)->body.empty());
  BOOST_TEST(parse("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", 1 << 20, false)->body.empty());
  // An interim 100 Continue is skipped.
  BOOST_TEST(parse("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx")->status == 200);
  // Bare LF line ends are tolerated.
  BOOST_TEST(parse("HTTP/1.1 200 OK\nContent-Length: 2\n\nok")->body == "ok");
}

BOOST_AUTO_TEST_CASE(bad_status_lines_and_headers) {
  for (const std::string text : {"HTTP/2 200 OK\r\n\r\n", "ICY 200 OK\r\n\r\n", "HTTP/1.1 20 OK\r\n\r\n",
                                 "HTTP/1.1 2000 OK\r\n\r\n", "HTTP/1.1 abc OK\r\n\r\n", "garbage\r\n\r\n"}) {
    BOOST_TEST_CONTEXT(text) { BOOST_TEST((error_of(text) == http::errc::bad_status_line)); }
  }
  BOOST_TEST((error_of("HTTP/1.1 200 OK\r\nNoColon\r\n\r\n") == http::errc::bad_header));
  BOOST_TEST((error_of("HTTP/1.1 200 OK\r\n: empty\r\n\r\n") == http::errc::bad_header));
  BOOST_TEST((error_of("HTTP/1.1 200 OK\r\nA: b\r\n folded\r\n\r\n") == http::errc::bad_header));
  BOOST_TEST((error_of("HTTP/1.1 200 OK\r\nBad Name: b\r\n\r\n") == http::errc::bad_header));
}

BOOST_AUTO_TEST_CASE(content_length_checks) {
  BOOST_TEST((error_of("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n") == http::errc::bad_content_length));
  BOOST_TEST((error_of("HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n") == http::errc::bad_content_length));
  BOOST_TEST((error_of("HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999\r\n\r\n") ==
              http::errc::bad_content_length));
  BOOST_TEST((error_of("HTTP/1.1 200 OK\r\nContent-Length: 1, 2\r\n\r\nx") == http::errc::bad_content_length));
  BOOST_TEST(parse("HTTP/1.1 200 OK\r\nContent-Length: 2, 2\r\n\r\nab")->body == "ab");
  // Short body then EOF; extra bytes after a complete body.
  BOOST_TEST((error_of("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nabc") == http::errc::unexpected_eof));
  BOOST_TEST((error_of("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nab") == http::errc::trailing_data));
  BOOST_TEST((error_of("HTTP/1.1 200 OK\r\nContent-Len") == http::errc::unexpected_eof));
}

BOOST_AUTO_TEST_CASE(hostile_chunk_sizes) {
  const std::string head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
  // Overflowing sizes (CVE-2016-5301's class) are refused before any arithmetic.
  BOOST_TEST((error_of(head + "FFFFFFFFFFFFFFFFF\r\n") == http::errc::bad_chunk));
  BOOST_TEST((error_of(head + "1000000000000000\r\n") == http::errc::bad_chunk));  // 16 digits
  BOOST_TEST((error_of(head + "-1\r\n") == http::errc::bad_chunk));
  BOOST_TEST((error_of(head + "\r\n") == http::errc::bad_chunk));
  BOOST_TEST((error_of(head + "zz\r\n") == http::errc::bad_chunk));
  BOOST_TEST((error_of(head + "3\r\nabcX\r\n") == http::errc::bad_chunk));  // no CRLF after data
  BOOST_TEST((error_of(head + "5\r\nab") == http::errc::unexpected_eof));
  BOOST_TEST((error_of(head + std::string(2000, '1')) == http::errc::bad_chunk));  // endless size line
  // A size above the body bound fails at once, before any data arrives.
  http::ResponseLimits small;
  small.max_body_bytes = 10;
  BOOST_TEST((error_of(head + "B\r\n", small) == http::errc::body_too_large));
  BOOST_TEST(parse(head + "A\r\n0123456789\r\n0\r\n\r\n", 1 << 20, true, small)->body.size() == 10u);
  BOOST_TEST((error_of(head + "A\r\n0123456789\r\n1\r\n", small) == http::errc::body_too_large));
}

BOOST_AUTO_TEST_CASE(body_bound_at_and_past_the_limit) {
  http::ResponseLimits limits;
  limits.max_body_bytes = 100;
  const auto with_length = [](std::size_t n) {
    return "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(n) + "\r\n\r\n" + std::string(n, 'x');
  };
  BOOST_TEST(parse(with_length(100), 7, false, limits)->body.size() == 100u);
  BOOST_TEST((error_of(with_length(101), limits) == http::errc::body_too_large));
  const auto closing = [](std::size_t n) { return "HTTP/1.1 200 OK\r\n\r\n" + std::string(n, 'x'); };
  BOOST_TEST(parse(closing(100), 7, true, limits)->body.size() == 100u);
  BOOST_TEST((error_of(closing(101), limits) == http::errc::body_too_large));
}

BOOST_AUTO_TEST_CASE(header_bounds_at_and_past_the_limit) {
  http::ResponseLimits limits;
  limits.max_header_bytes = 64;
  const std::string status = "HTTP/1.1 200 OK\r\n";                    // 17 bytes
  const std::string filler = "X: " + std::string(64 - 17 - 2 - 5, 'a') + "\r\n";  // to 62 with the final CRLF
  BOOST_TEST(parse(status + filler + "\r\n", 1 << 20, true, limits).has_value());
  BOOST_TEST((error_of(status + "X: " + std::string(64 - 17 - 2 - 4, 'a') + "\r\n\r\n", limits) ==
              http::errc::headers_too_large));
  http::ResponseLimits few;
  few.max_headers = 2;
  BOOST_TEST(parse("HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\n\r\n", 1 << 20, true, few).has_value());
  BOOST_TEST((error_of("HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", few) == http::errc::too_many_headers));
  // Endless trailers count against the header bound too.
  std::string trailers = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n";
  for (int i = 0; i < 4000; ++i) trailers += "T: x\r\n";  // 24 000 bytes
  BOOST_TEST((error_of(trailers) == http::errc::headers_too_large));
}

BOOST_AUTO_TEST_SUITE_END()
