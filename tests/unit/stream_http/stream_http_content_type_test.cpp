// The media type of each extension served, case-insensitively, and the default.
#include <boost/test/unit_test.hpp>

#include "content_type.hpp"

using corrent::stream_http::content_type_for;

BOOST_AUTO_TEST_SUITE(stream_http_content_type)

BOOST_AUTO_TEST_CASE(each_listed_extension_has_its_type) {
  const std::pair<const char*, const char*> cases[] = {
      {"a.mp4", "video/mp4"},         {"a.m4v", "video/mp4"},
      {"a.webm", "video/webm"},       {"a.mkv", "video/x-matroska"},
      {"a.ogv", "video/ogg"},         {"a.mov", "video/quicktime"},
      {"a.avi", "video/x-msvideo"},   {"a.ts", "video/mp2t"},
      {"a.mp3", "audio/mpeg"},        {"a.m4a", "audio/mp4"},
      {"a.ogg", "audio/ogg"},         {"a.oga", "audio/ogg"},
      {"a.opus", "audio/ogg"},        {"a.flac", "audio/flac"},
      {"a.wav", "audio/wav"},         {"a.aac", "audio/aac"},
      {"a.txt", "text/plain; charset=utf-8"},
      {"a.html", "text/html; charset=utf-8"},
      {"a.htm", "text/html; charset=utf-8"},
      {"a.json", "application/json"}, {"a.jpg", "image/jpeg"},
      {"a.jpeg", "image/jpeg"},       {"a.png", "image/png"},
      {"a.gif", "image/gif"},         {"a.webp", "image/webp"},
      {"a.svg", "image/svg+xml"},     {"a.pdf", "application/pdf"},
      {"a.srt", "application/x-subrip"},
      {"a.vtt", "text/vtt"},
  };
  for (const auto& [name, type] : cases) {
    BOOST_TEST_CONTEXT(name) { BOOST_TEST(content_type_for(name) == type); }
  }
}

BOOST_AUTO_TEST_CASE(the_extension_is_case_insensitive_and_the_last_one_counts) {
  BOOST_TEST(content_type_for("Movie.MKV") == "video/x-matroska");
  BOOST_TEST(content_type_for("a.Mp4") == "video/mp4");
  BOOST_TEST(content_type_for("a.tar.mp4") == "video/mp4");
  BOOST_TEST(content_type_for("dir.mkv/readme") == "application/octet-stream");
  BOOST_TEST(content_type_for("dir/sub/Song.FLAC") == "audio/flac");
}

BOOST_AUTO_TEST_CASE(anything_else_is_octet_stream) {
  for (const char* name : {"", "noext", "a.", ".", "a.exe", "a.mp44", "a.verylongextension", "a.mp4 ", "mp4"}) {
    BOOST_TEST_CONTEXT(name) { BOOST_TEST(content_type_for(name) == "application/octet-stream"); }
  }
}

BOOST_AUTO_TEST_SUITE_END()
