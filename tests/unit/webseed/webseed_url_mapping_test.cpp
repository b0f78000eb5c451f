// BEP 19's URL of each file, percent-encoding, and the file ranges of a piece (pad files
// marked, so that they are never fetched).
#include <boost/test/unit_test.hpp>

#include "url_mapping.hpp"
#include "webseed_test_support.hpp"

namespace {

using corrent::FileIndex;
using corrent::PieceIndex;
using corrent::webseed::file_url;
using corrent::webseed::percent_encode;
using corrent::webseed::piece_ranges;
using corrent::webseed::PieceRange;
using webseed_test::make_torrent;

webseed_test::TestTorrent multi() {
  return make_torrent("my dir",
                      {{"my dir/a b.txt", std::string(10, 'a')},
                       {"my dir/.pad/6", std::string(6, '\0'), true},
                       {"my dir/sub/ü~x-y_z.bin", std::string(20, 'c')}},
                      16, true);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(webseed_url_mapping)

BOOST_AUTO_TEST_CASE(percent_encoding_keeps_only_the_unreserved_set) {
  BOOST_TEST(percent_encode("AZaz09-._~") == "AZaz09-._~");
  BOOST_TEST(percent_encode("a b/c?d#e%f+g") == "a%20b%2Fc%3Fd%23e%25f%2Bg");
  BOOST_TEST(percent_encode("\xC3\xBC") == "%C3%BC");  // UTF-8 bytes, upper-case hex
  BOOST_TEST(percent_encode(std::string(1, '\0')) == "%00");
}

BOOST_AUTO_TEST_CASE(a_single_file_torrent_is_the_url_itself_unless_it_ends_in_a_slash) {
  const auto t = make_torrent("file name.iso", {{"file name.iso", std::string(40, 'x')}}, 16, false);
  BOOST_TEST(file_url("http://h/path/other.iso", t.meta, FileIndex{0}) == "http://h/path/other.iso");
  BOOST_TEST(file_url("http://h/path/", t.meta, FileIndex{0}) == "http://h/path/file%20name.iso");
}

BOOST_AUTO_TEST_CASE(a_multi_file_torrent_appends_name_and_path_each_element_encoded) {
  const auto t = multi();
  BOOST_TEST(file_url("http://h/base", t.meta, FileIndex{0}) == "http://h/base/my%20dir/a%20b.txt");
  BOOST_TEST(file_url("http://h/base/", t.meta, FileIndex{0}) == "http://h/base/my%20dir/a%20b.txt");
  BOOST_TEST(file_url("http://h:8080/", t.meta, FileIndex{2}) == "http://h:8080/my%20dir/sub/%C3%BC~x-y_z.bin");
}

BOOST_AUTO_TEST_CASE(a_piece_maps_to_file_ranges_with_pad_files_marked) {
  const auto t = multi();  // 10 + 6 (pad) + 20 = 36 bytes, pieces of 16
  BOOST_TEST_REQUIRE(t.meta.layout.piece_count() == 3u);
  const auto p0 = piece_ranges(t.meta.layout, PieceIndex{0});
  const std::vector<PieceRange> want0{{FileIndex{0}, 0, 10, false}, {FileIndex{1}, 0, 6, true}};
  BOOST_TEST((p0 == want0));
  const auto p1 = piece_ranges(t.meta.layout, PieceIndex{1});
  const std::vector<PieceRange> want1{{FileIndex{2}, 0, 16, false}};
  BOOST_TEST((p1 == want1));
  const auto p2 = piece_ranges(t.meta.layout, PieceIndex{2});  // the short last piece
  const std::vector<PieceRange> want2{{FileIndex{2}, 16, 4, false}};
  BOOST_TEST((p2 == want2));
  BOOST_TEST(piece_ranges(t.meta.layout, PieceIndex{3}).empty());
}

BOOST_AUTO_TEST_CASE(a_piece_spanning_several_files_gets_one_range_each) {
  const auto t = make_torrent("d", {{"d/a", "12345"}, {"d/empty", ""}, {"d/b", "6789"}, {"d/c", "abcdefg"}}, 8, true);
  const auto p0 = piece_ranges(t.meta.layout, PieceIndex{0});
  const std::vector<PieceRange> want{{FileIndex{0}, 0, 5, false}, {FileIndex{2}, 0, 3, false}};
  BOOST_TEST((p0 == want));  // the empty file skipped
  const auto p1 = piece_ranges(t.meta.layout, PieceIndex{1});
  const std::vector<PieceRange> want1{{FileIndex{2}, 3, 1, false}, {FileIndex{3}, 0, 7, false}};
  BOOST_TEST((p1 == want1));
}

BOOST_AUTO_TEST_SUITE_END()
