// The request head: where it ends, what a good one parses to, keep-alive, and one test per
// class of refusal, each with the error (and so the status) it gets.
#include <string>

#include <boost/test/unit_test.hpp>

#include "http_request.hpp"
#include "stream_errc.hpp"
#include "stream_limits.hpp"
#include "support/require_error.hpp"

namespace {

using corrent::stream_http::errc;
using corrent::stream_http::find_head_end;
using corrent::stream_http::HttpRequest;
using corrent::stream_http::kMaxHeaderCount;
using corrent::stream_http::kMaxRequestHead;
using corrent::stream_http::kMaxTargetLength;
using corrent::stream_http::parse_request;
using corrent::test::error_of;

// A head: `request_line`, `headers` (each "Name: value\r\n"), then the blank line.
std::string head(std::string_view request_line, std::string_view headers = "Host: localhost\r\n") {
  return std::string(request_line) + "\r\n" + std::string(headers) + "\r\n";
}

HttpRequest parsed(const std::string& text) {
  auto r = parse_request(text);
  BOOST_REQUIRE_MESSAGE(r.has_value(), "refused: " << (r ? std::string() : r.error().message()) << " in " << text);
  return *r;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(stream_http_request)

BOOST_AUTO_TEST_CASE(the_head_ends_after_its_blank_line) {
  BOOST_TEST(!find_head_end("").has_value());
  BOOST_TEST(!find_head_end("GET / HTTP/1.1\r\nHost: a\r\n").has_value());
  BOOST_TEST(!find_head_end("GET / HTTP/1.1\r\nHost: a\r\n\r").has_value());
  const std::string one = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
  BOOST_TEST(find_head_end(one).value_or(0) == one.size());
  BOOST_TEST(find_head_end("GET / HTTP/1.1\nHost: a\n\n").value_or(0) == 24u);
  // Pipelined: the first head only.
  BOOST_TEST(find_head_end(one + "GET /b HTTP/1.1\r\n").value_or(0) == one.size());
  // Empty lines before the request line are not an end (they are skipped).
  BOOST_TEST(!find_head_end("\r\n\r\n").has_value());
  BOOST_TEST(find_head_end("\r\n" + one).value_or(0) == one.size() + 2);
}

BOOST_AUTO_TEST_CASE(a_good_request_parses_with_names_lower_cased_and_values_trimmed) {
  const auto r = parsed(head("GET /files/abc/a%20b.mkv?x=1 HTTP/1.1",
                             "HoSt: localhost:8080\r\nRange:  \tbytes=0-99 \t\r\nX-Empty:\r\n"));
  BOOST_TEST(r.method == "GET");
  BOOST_TEST(r.target == "/files/abc/a%20b.mkv?x=1");
  BOOST_TEST(r.minor_version == 1);
  BOOST_TEST_REQUIRE(r.headers.size() == 3u);
  BOOST_TEST(r.headers[0].first == "host");
  BOOST_TEST(r.headers[0].second == "localhost:8080");
  BOOST_TEST(r.headers[1].first == "range");
  BOOST_TEST(r.headers[1].second == "bytes=0-99");
  BOOST_TEST(r.headers[2].second == "");
  BOOST_TEST(r.header("range").value_or("?") == "bytes=0-99");
  BOOST_TEST(!r.header("cookie").has_value());
}

BOOST_AUTO_TEST_CASE(the_method_is_kept_as_sent_and_the_first_header_wins) {
  const auto r = parsed(head("head / HTTP/1.1", "Host: a\r\nX-A: 1\r\nx-a: 2\r\n"));
  BOOST_TEST(r.method == "head");  // case-sensitive: the server answers 405/501, not HEAD
  BOOST_TEST(r.header("x-a").value_or("?") == "1");
}

BOOST_AUTO_TEST_CASE(bare_line_feeds_and_leading_empty_lines_are_accepted) {
  const auto r = parsed("\r\n\nGET /a HTTP/1.0\nUser-Agent: x\n\n");
  BOOST_TEST(r.target == "/a");
  BOOST_TEST(r.minor_version == 0);
  BOOST_TEST(r.header("user-agent").value_or("?") == "x");
}

BOOST_AUTO_TEST_CASE(keep_alive_follows_the_version_and_connection_tokens) {
  BOOST_TEST(parsed(head("GET / HTTP/1.1")).keep_alive());
  BOOST_TEST(!parsed(head("GET / HTTP/1.1", "Host: a\r\nConnection: close\r\n")).keep_alive());
  BOOST_TEST(!parsed(head("GET / HTTP/1.1", "Host: a\r\nConnection: Keep-Alive, CLOSE\r\n")).keep_alive());
  BOOST_TEST(!parsed(head("GET / HTTP/1.1", "Host: a\r\nConnection: upgrade\r\nConnection: close\r\n")).keep_alive());
  BOOST_TEST(parsed(head("GET / HTTP/1.1", "Host: a\r\nConnection: closed\r\n")).keep_alive());
  BOOST_TEST(!parsed(head("GET / HTTP/1.0", "")).keep_alive());
  BOOST_TEST(parsed(head("GET / HTTP/1.0", "Connection: keep-alive\r\n")).keep_alive());
  BOOST_TEST(parsed(head("GET / HTTP/1.0", "Connection: Upgrade ,KEEP-ALIVE\r\n")).keep_alive());
  BOOST_TEST(!parsed(head("GET / HTTP/1.0", "Connection: keep-alive, close\r\n")).keep_alive());
}

BOOST_AUTO_TEST_CASE(a_malformed_request_line_is_a_bad_request) {
  for (const char* line : {"GET /", "GET  / HTTP/1.1", "GET / HTTP/1.1 ", "GET /  HTTP/1.1", " GET / HTTP/1.1",
                           "GET / http/1.1", "GET / HTTP/1.10", "GET / HTTP/1", "GET / HTTP/x.1", "G(T / HTTP/1.1",
                           "GET /\r HTTP/1.1", "GET\t/ HTTP/1.1"}) {
    BOOST_TEST_CONTEXT(line) { BOOST_TEST(error_of(parse_request(head(line))) == errc::bad_request); }
  }
}

BOOST_AUTO_TEST_CASE(a_target_not_in_origin_form_is_a_bad_request) {
  for (const char* line : {"GET http://a/ HTTP/1.1", "OPTIONS * HTTP/1.1", "CONNECT a:443 HTTP/1.1",
                           "GET /a#frag HTTP/1.1", "GET /\x7f HTTP/1.1", "GET /\xc3\xa9 HTTP/1.1"}) {
    BOOST_TEST_CONTEXT(line) { BOOST_TEST(error_of(parse_request(head(line))) == errc::bad_request); }
  }
}

BOOST_AUTO_TEST_CASE(a_target_past_its_limit_is_too_long) {
  const std::string at_limit = "/" + std::string(kMaxTargetLength - 1, 'a');
  BOOST_TEST(parsed(head("GET " + at_limit + " HTTP/1.1")).target.size() == kMaxTargetLength);
  BOOST_TEST(error_of(parse_request(head("GET " + at_limit + "a HTTP/1.1"))) == errc::target_too_long);
}

BOOST_AUTO_TEST_CASE(versions_but_1_0_and_1_1_are_not_supported) {
  for (const char* line : {"GET / HTTP/2.0", "GET / HTTP/1.2", "GET / HTTP/0.9", "GET / HTTP/3.1"}) {
    BOOST_TEST_CONTEXT(line) {
      BOOST_TEST(error_of(parse_request(head(line))) == errc::version_not_supported);
    }
  }
}

BOOST_AUTO_TEST_CASE(a_malformed_header_line_is_a_bad_request) {
  for (const char* headers : {"Host: a\r\nNoColon\r\n", "Host: a\r\nName : v\r\n", "Host: a\r\n: v\r\n",
                              "Host: a\r\nBad\"Name: v\r\n", "Host: a\r\nBad Name: v\r\n",
                              "Host: a\r\nX-\xc3\xa9: v\r\n"}) {
    BOOST_TEST_CONTEXT(headers) {
      BOOST_TEST(error_of(parse_request(head("GET / HTTP/1.1", headers))) == errc::bad_request);
    }
  }
}

BOOST_AUTO_TEST_CASE(an_obs_fold_is_a_bad_request) {
  BOOST_TEST(error_of(parse_request(head("GET / HTTP/1.1", "Host: a\r\nX-A: 1\r\n 2\r\n"))) == errc::bad_request);
  BOOST_TEST(error_of(parse_request(head("GET / HTTP/1.1", "Host: a\r\nX-A: 1\r\n\t2\r\n"))) == errc::bad_request);
}

BOOST_AUTO_TEST_CASE(nul_or_cr_inside_a_value_is_a_bad_request) {
  using namespace std::string_literals;
  BOOST_TEST(error_of(parse_request(head("GET / HTTP/1.1", "Host: a\r\nX-A: 1\0002\r\n"s))) == errc::bad_request);
  BOOST_TEST(error_of(parse_request(head("GET / HTTP/1.1", "Host: a\r\nX-A: 1\r2\r\n"))) == errc::bad_request);
  // A tab or obs-text inside a value is fine (RFC 9110 section 5.5).
  const auto r = parsed(head("GET / HTTP/1.1", "Host: a\r\nX-A: 1\t\xc3\xa9\r\n"));
  BOOST_TEST(r.header("x-a").value_or("?") == "1\t\xc3\xa9");
}

BOOST_AUTO_TEST_CASE(headers_past_their_count_are_too_many) {
  std::string headers = "Host: a\r\n";
  for (std::size_t i = 1; i < kMaxHeaderCount; ++i) headers += "X-" + std::to_string(i) + ": v\r\n";
  BOOST_TEST(parsed(head("GET / HTTP/1.1", headers)).headers.size() == kMaxHeaderCount);
  headers += "X-Last: v\r\n";
  BOOST_TEST(error_of(parse_request(head("GET / HTTP/1.1", headers))) == errc::too_many_headers);
}

BOOST_AUTO_TEST_CASE(a_head_past_its_limit_is_too_large) {
  const std::string prefix = "GET / HTTP/1.1\r\nHost: a\r\nX-Pad: ";
  const std::string suffix = "\r\n\r\n";
  const std::string at_limit = prefix + std::string(kMaxRequestHead - prefix.size() - suffix.size(), 'p') + suffix;
  BOOST_TEST_REQUIRE(at_limit.size() == kMaxRequestHead);
  BOOST_TEST(parse_request(at_limit).has_value());
  const std::string over = prefix + std::string(kMaxRequestHead - prefix.size() - suffix.size() + 1, 'p') + suffix;
  BOOST_TEST(error_of(parse_request(over)) == errc::head_too_large);
}

BOOST_AUTO_TEST_CASE(a_request_announcing_a_body_is_refused) {
  BOOST_TEST(error_of(parse_request(head("POST / HTTP/1.1", "Host: a\r\nTransfer-Encoding: chunked\r\n"))) ==
             errc::body_not_allowed);
  BOOST_TEST(error_of(parse_request(head("POST / HTTP/1.1", "Host: a\r\nContent-Length: 5\r\n"))) ==
             errc::body_not_allowed);
  BOOST_TEST(error_of(parse_request(head("POST / HTTP/1.1", "Host: a\r\nContent-Length: 00\r\n"))) ==
             errc::body_not_allowed);
  BOOST_TEST(error_of(parse_request(head("POST / HTTP/1.1", "Host: a\r\nContent-Length: 0, 0\r\n"))) ==
             errc::body_not_allowed);
  // An empty body, as curl sends with -X POST -d '', is no body.
  BOOST_TEST(parsed(head("POST /api/x?a=1 HTTP/1.1", "Host: a\r\nContent-Length: 0\r\n")).method == "POST");
}

BOOST_AUTO_TEST_CASE(several_content_length_or_host_headers_are_a_bad_request) {
  BOOST_TEST(error_of(parse_request(head("GET / HTTP/1.1", "Host: a\r\nContent-Length: 0\r\nContent-Length: 0\r\n"))) ==
             errc::bad_request);
  BOOST_TEST(error_of(parse_request(head("GET / HTTP/1.1", "Host: a\r\nhost: b\r\n"))) == errc::bad_request);
}

BOOST_AUTO_TEST_CASE(http_1_1_needs_a_host_and_http_1_0_does_not) {
  BOOST_TEST(error_of(parse_request(head("GET / HTTP/1.1", "User-Agent: x\r\n"))) == errc::bad_request);
  BOOST_TEST(!parsed(head("GET / HTTP/1.0", "")).header("host").has_value());
}

BOOST_AUTO_TEST_CASE(a_head_without_its_blank_line_or_with_bytes_after_it_is_a_bad_request) {
  BOOST_TEST(error_of(parse_request("GET / HTTP/1.1\r\nHost: a\r\n")) == errc::bad_request);
  BOOST_TEST(error_of(parse_request("GET / HTTP/1.1\r\nHost: a\r\n\r\nbody")) == errc::bad_request);
  BOOST_TEST(error_of(parse_request("")) == errc::bad_request);
  BOOST_TEST(error_of(parse_request("\r\n\r\n")) == errc::bad_request);
}

BOOST_AUTO_TEST_CASE(each_refusal_has_its_status) {
  using corrent::stream_http::status_for;
  BOOST_TEST(status_for(errc::bad_request) == 400);
  BOOST_TEST(status_for(errc::head_too_large) == 431);
  BOOST_TEST(status_for(errc::too_many_headers) == 431);
  BOOST_TEST(status_for(errc::target_too_long) == 414);
  BOOST_TEST(status_for(errc::version_not_supported) == 505);
  BOOST_TEST(status_for(errc::body_not_allowed) == 413);
  BOOST_TEST(status_for(errc::ok) == 400);
  const std::error_code ec = errc::target_too_long;
  BOOST_TEST(std::string(ec.category().name()) == "corrent.stream_http");
  BOOST_TEST(ec.message() == "stream_http: request target too long");
}

BOOST_AUTO_TEST_SUITE_END()
