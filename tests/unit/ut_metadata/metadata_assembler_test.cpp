// MetadataAssembler: sizes, the order of requests, and each way a peer's data is refused.
#include <boost/test/unit_test.hpp>

#include <numeric>
#include <vector>

#include "corrent/metainfo/limits.hpp"
#include "errc.hpp"
#include "limits.hpp"
#include "metadata_assembler.hpp"
#include "support/require_error.hpp"

namespace um = corrent::ut_metadata;
using um::MetadataAssembler;
using corrent::test::error_of;

namespace {
std::vector<std::byte> filled(std::size_t n, std::uint8_t start) {
  std::vector<std::byte> out(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = std::byte(static_cast<std::uint8_t>(start + i));
  return out;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(metadata_assembler)

BOOST_AUTO_TEST_CASE(sizes_outside_the_limits_are_refused_before_allocating) {
  BOOST_TEST((error_of(MetadataAssembler::create(0)) == um::errc::metadata_size_invalid));
  BOOST_TEST((error_of(MetadataAssembler::create(-5)) == um::errc::metadata_size_invalid));
  const auto limit = static_cast<std::int64_t>(corrent::metainfo::kMaxMetadataSize);
  BOOST_TEST((error_of(MetadataAssembler::create(limit + 1)) == um::errc::metadata_size_too_large));
  auto at_limit = MetadataAssembler::create(limit);
  BOOST_REQUIRE(at_limit);
  BOOST_TEST(at_limit->piece_count() == limit / um::kMetadataPieceSize);
}

BOOST_AUTO_TEST_CASE(pieces_are_asked_in_order_and_assemble_the_whole) {
  const std::size_t size = 2 * um::kMetadataPieceSize + 100;
  auto a = MetadataAssembler::create(static_cast<std::int64_t>(size));
  BOOST_REQUIRE(a);
  BOOST_TEST(a->piece_count() == 3u);
  BOOST_TEST(a->piece_size(2) == 100u);
  BOOST_TEST(*a->next_request() == 0u);
  BOOST_TEST(*a->next_request() == 1u);
  BOOST_TEST(*a->next_request() == 2u);
  BOOST_TEST(!a->next_request());
  BOOST_TEST(a->outstanding() == 3u);
  const auto whole = filled(size, 7);
  const auto s = static_cast<std::int64_t>(size);
  BOOST_REQUIRE(a->on_data(2, s, std::span(whole).subspan(2 * um::kMetadataPieceSize)));
  BOOST_REQUIRE(a->on_data(0, s, std::span(whole).first(um::kMetadataPieceSize)));
  BOOST_TEST(!a->complete());
  BOOST_REQUIRE(a->on_data(1, s, std::span(whole).subspan(um::kMetadataPieceSize, um::kMetadataPieceSize)));
  BOOST_TEST(a->complete());
  BOOST_TEST(a->outstanding() == 0u);
  BOOST_TEST(std::equal(whole.begin(), whole.end(), a->bytes().begin(), a->bytes().end()));
}

BOOST_AUTO_TEST_CASE(bad_data_is_refused_with_its_reason) {
  auto a = MetadataAssembler::create(um::kMetadataPieceSize + 10);
  BOOST_REQUIRE(a);
  (void)a->next_request();
  const auto piece = filled(um::kMetadataPieceSize, 0);
  const std::int64_t size = um::kMetadataPieceSize + 10;
  BOOST_TEST((error_of(a->on_data(2, size, piece)) == um::errc::piece_out_of_range));
  BOOST_TEST((error_of(a->on_data(0, size + 1, piece)) == um::errc::total_size_mismatch));
  BOOST_TEST((error_of(a->on_data(0, -1, piece)) == um::errc::total_size_mismatch));
  BOOST_TEST((error_of(a->on_data(0, size, std::span(piece).first(100))) == um::errc::wrong_piece_size));
  BOOST_TEST((error_of(a->on_data(1, size, piece)) == um::errc::wrong_piece_size));  // the last is 10 bytes
  BOOST_TEST((error_of(a->on_reject(9)) == um::errc::piece_out_of_range));
  BOOST_TEST(!a->complete());
}

BOOST_AUTO_TEST_CASE(unrequested_and_duplicate_pieces_are_ignored_and_rejects_free_a_piece) {
  auto a = MetadataAssembler::create(2 * um::kMetadataPieceSize);
  BOOST_REQUIRE(a);
  const auto piece = filled(um::kMetadataPieceSize, 1);
  const std::int64_t size = 2 * um::kMetadataPieceSize;
  BOOST_REQUIRE(a->on_data(1, size, piece));  // never asked for: ignored
  BOOST_TEST(!a->complete());
  BOOST_TEST(*a->next_request() == 0u);
  BOOST_REQUIRE(a->on_reject(0));
  BOOST_TEST(a->outstanding() == 0u);
  BOOST_TEST(*a->next_request() == 0u);  // asked again after the reject
  BOOST_TEST(*a->next_request() == 1u);
  BOOST_REQUIRE(a->on_data(0, size, piece));
  BOOST_REQUIRE(a->on_data(0, size, piece));  // a duplicate changes nothing
  BOOST_TEST(a->outstanding() == 1u);
  BOOST_REQUIRE(a->on_data(1, size, piece));
  BOOST_TEST(a->complete());
}

BOOST_AUTO_TEST_SUITE_END()
