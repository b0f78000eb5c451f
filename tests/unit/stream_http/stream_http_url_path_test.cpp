// The target's path and query: split, decoded with the refusals a file server needs,
// encoded for links, and query parameters.
#include <string>

#include <boost/test/unit_test.hpp>

#include "url_path.hpp"

namespace {

using corrent::stream_http::percent_decode;
using corrent::stream_http::percent_encode_path;
using corrent::stream_http::query_param;
using corrent::stream_http::split_target;

}  // namespace

BOOST_AUTO_TEST_SUITE(stream_http_url_path)

BOOST_AUTO_TEST_CASE(a_target_splits_at_its_first_question_mark) {
  const auto both = split_target("/files/a?b=1?c=2");
  BOOST_TEST(both.path == "/files/a");
  BOOST_TEST(both.query == "b=1?c=2");
  const auto path_only = split_target("/files/a");
  BOOST_TEST(path_only.path == "/files/a");
  BOOST_TEST(path_only.query.empty());
  const auto empty_query = split_target("/?");
  BOOST_TEST(empty_query.path == "/");
  BOOST_TEST(empty_query.query.empty());
}

BOOST_AUTO_TEST_CASE(escapes_of_either_case_decode) {
  BOOST_TEST(percent_decode("/a%20b/%c3%A9.mkv").value_or("?") == "/a b/\xc3\xa9.mkv");
  BOOST_TEST(percent_decode("100%25").value_or("?") == "100%");
  BOOST_TEST(percent_decode("a+b").value_or("?") == "a+b");  // '+' is a space in queries only
  BOOST_TEST(percent_decode("").value_or("?") == "");
}

BOOST_AUTO_TEST_CASE(a_bad_escape_is_refused) {
  for (const char* s : {"%", "%2", "a%", "%g0", "%0g", "%%20", "%2 0", "/x%-1"}) {
    BOOST_TEST_CONTEXT(s) { BOOST_TEST(!percent_decode(s).has_value()); }
  }
}

BOOST_AUTO_TEST_CASE(a_nul_is_refused) {
  using namespace std::string_literals;
  BOOST_TEST(!percent_decode("/a%00b").has_value());
  BOOST_TEST(!percent_decode("/a\0b"s).has_value());
}

BOOST_AUTO_TEST_CASE(an_encoded_slash_is_refused_only_when_asked) {
  BOOST_TEST(percent_decode("a%2Fb").value_or("?") == "a/b");
  BOOST_TEST(!percent_decode("a%2Fb", false).has_value());
  BOOST_TEST(!percent_decode("a%2fb", false).has_value());
  BOOST_TEST(percent_decode("a/b", false).value_or("?") == "a/b");  // a real '/' separates
}

BOOST_AUTO_TEST_CASE(encoding_keeps_unreserved_bytes_and_slashes) {
  BOOST_TEST(percent_encode_path("dir/a b+c%.mkv") == "dir/a%20b%2Bc%25.mkv");
  BOOST_TEST(percent_encode_path("AZaz09-._~/") == "AZaz09-._~/");
  BOOST_TEST(percent_encode_path("\xc3\xa9?#") == "%C3%A9%3F%23");
  const std::string odd = "x/\x01\x7f\xff y";
  BOOST_TEST(percent_decode(percent_encode_path(odd)).value_or("?") == odd);
}

BOOST_AUTO_TEST_CASE(a_query_parameter_is_found_and_decoded) {
  const std::string_view q = "a=1&file=my+dir%2Fx%20y.mkv&empty=&flag&a=2";
  BOOST_TEST(query_param(q, "a").value_or("?") == "1");  // the first wins
  BOOST_TEST(query_param(q, "file").value_or("?") == "my dir/x y.mkv");
  BOOST_TEST(query_param(q, "empty").value_or("?") == "");
  BOOST_TEST(query_param(q, "flag").value_or("?") == "");
  BOOST_TEST(!query_param(q, "missing").has_value());
  BOOST_TEST(!query_param("", "a").has_value());
  BOOST_TEST(query_param("my+key=v", "my key").value_or("?") == "v");
  BOOST_TEST(query_param("x=%2B", "x").value_or("?") == "+");
}

BOOST_AUTO_TEST_CASE(a_badly_encoded_query_parameter_is_refused) {
  BOOST_TEST(!query_param("a=%zz", "a").has_value());
  BOOST_TEST(!query_param("a=%00", "a").has_value());
  // A bad pair elsewhere does not hide a good one.
  BOOST_TEST(query_param("%zz=1&a=2", "a").value_or("?") == "2");
  BOOST_TEST(query_param("b=%&a=2", "a").value_or("?") == "2");
}

BOOST_AUTO_TEST_SUITE_END()
