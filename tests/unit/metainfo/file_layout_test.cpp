#include <boost/test/unit_test.hpp>

#include <vector>

#include "corrent/metainfo/errc.hpp"
#include "corrent/metainfo/file_layout.hpp"
#include "corrent/metainfo/limits.hpp"
#include "support/require_error.hpp"

namespace mi = corrent::metainfo;
using corrent::FileIndex;
using corrent::PieceIndex;
using mi::FileSlice;
using corrent::test::error_of;

namespace {

mi::FileEntry file(std::uint64_t size, bool pad = false) {
  mi::FileEntry f;
  f.path = "f";
  f.size = size;
  f.pad = pad;
  return f;
}

mi::FileLayout layout(std::vector<mi::FileEntry> files, std::uint32_t piece_length) {
  auto l = mi::FileLayout::make(std::move(files), piece_length);
  BOOST_REQUIRE(l);
  return *l;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(file_layout)

BOOST_AUTO_TEST_CASE(offsets_sizes_and_the_short_last_piece) {
  // 10 + 0 + 25 bytes in pieces of 8: 5 pieces, the last of 3 bytes.
  const auto l = layout({file(10), file(0), file(25)}, 8);
  BOOST_TEST(l.total_size() == 35u);
  BOOST_TEST(l.piece_count() == 5u);
  BOOST_TEST(l.files()[1].offset == 10u);
  BOOST_TEST(l.files()[2].offset == 10u);
  BOOST_TEST(l.piece_size(PieceIndex{0}) == 8u);
  BOOST_TEST(l.piece_size(PieceIndex{4}) == 3u);
  BOOST_TEST(l.piece_size(PieceIndex{5}) == 0u);
  const auto exact = layout({file(16)}, 8);
  BOOST_TEST(exact.piece_count() == 2u);
  BOOST_TEST(exact.piece_size(PieceIndex{1}) == 8u);
}

BOOST_AUTO_TEST_CASE(file_piece_ranges) {
  const auto l = layout({file(10), file(0), file(6), file(19)}, 8);
  BOOST_TEST((l.file_pieces(FileIndex{0}) == mi::FileLayout::PieceRange{PieceIndex{0}, PieceIndex{1}, false}));
  BOOST_TEST((l.file_pieces(FileIndex{1}) == mi::FileLayout::PieceRange{PieceIndex{1}, PieceIndex{1}, true}));
  BOOST_TEST((l.file_pieces(FileIndex{2}) == mi::FileLayout::PieceRange{PieceIndex{1}, PieceIndex{1}, false}));
  BOOST_TEST((l.file_pieces(FileIndex{3}) == mi::FileLayout::PieceRange{PieceIndex{2}, PieceIndex{4}, false}));
  // A zero-length file at the very end: the last piece, empty.
  const auto tail = layout({file(16), file(0)}, 8);
  BOOST_TEST((tail.file_pieces(FileIndex{1}) == mi::FileLayout::PieceRange{PieceIndex{1}, PieceIndex{1}, true}));
}

BOOST_AUTO_TEST_CASE(map_block_across_file_boundaries) {
  const auto l = layout({file(10), file(0), file(6), file(19)}, 8);
  // Piece 1 is bytes 8..15: the last 2 of file 0, all 6 of file 2; file 1 is empty.
  BOOST_TEST((l.map_block(PieceIndex{1}, 0, 8) ==
              std::vector<FileSlice>{{FileIndex{0}, 8, 2}, {FileIndex{2}, 0, 6}}));
  BOOST_TEST((l.map_block(PieceIndex{1}, 2, 3) == std::vector<FileSlice>{{FileIndex{2}, 0, 3}}));
  BOOST_TEST((l.map_block(PieceIndex{4}, 0, 8) == std::vector<FileSlice>{{FileIndex{3}, 16, 3}}));  // clamped
  BOOST_TEST(l.map_block(PieceIndex{4}, 3, 1).empty());
  BOOST_TEST(l.map_block(PieceIndex{9}, 0, 1).empty());
}

BOOST_AUTO_TEST_CASE(pad_files_are_files) {
  // BEP 47: a 5-byte file padded to the 8-byte piece boundary, then the next file.
  const auto l = layout({file(5), file(3, true), file(8)}, 8);
  BOOST_TEST(l.files()[1].pad);
  BOOST_TEST((l.map_block(PieceIndex{0}, 0, 8) ==
              std::vector<FileSlice>{{FileIndex{0}, 0, 5}, {FileIndex{1}, 0, 3}}));
  BOOST_TEST((l.file_pieces(FileIndex{2}) == mi::FileLayout::PieceRange{PieceIndex{1}, PieceIndex{1}, false}));
}

BOOST_AUTO_TEST_CASE(file_at_skips_empty_files) {
  const auto l = layout({file(0), file(10), file(0), file(0), file(6)}, 8);
  BOOST_TEST(l.file_at(0).value == 1u);
  BOOST_TEST(l.file_at(9).value == 1u);
  BOOST_TEST(l.file_at(10).value == 4u);
  BOOST_TEST(l.file_at(15).value == 4u);
  BOOST_TEST(l.file_at(16).value == 5u);  // past the end
}

BOOST_AUTO_TEST_CASE(bounds) {
  BOOST_TEST(error_of(mi::FileLayout::make({file(1)}, 0)) == std::error_code(mi::errc::invalid_piece_length));
  BOOST_TEST(mi::FileLayout::make({file(mi::kMaxFileSize)}, mi::kMaxPieceLength).has_value());
  BOOST_TEST(error_of(mi::FileLayout::make({file(mi::kMaxFileSize + 1)}, mi::kMaxPieceLength)) ==
             std::error_code(mi::errc::invalid_file_size));
  BOOST_TEST(error_of(mi::FileLayout::make({file(mi::kMaxFileSize), file(1)}, mi::kMaxPieceLength)) ==
             std::error_code(mi::errc::total_size_too_large));
  // 2^48 bytes in 1-byte pieces would be 2^48 pieces: more than 32 bits can count.
  BOOST_TEST(error_of(mi::FileLayout::make({file(mi::kMaxFileSize)}, 1)) ==
             std::error_code(mi::errc::too_many_pieces));
  const mi::FileLayout empty;
  BOOST_TEST(empty.piece_count() == 0u);
  BOOST_TEST(empty.files().empty());
}

BOOST_AUTO_TEST_SUITE_END()
