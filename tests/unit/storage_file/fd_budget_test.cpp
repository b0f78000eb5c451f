// The backend-wide descriptor budget: torrents together keep at most the budget open (plus
// one each), each giving back its own least recently used descriptors.
#include <boost/test/unit_test.hpp>

#include <memory>
#include <string>
#include <vector>

#include "corrent/metainfo/file_layout.hpp"
#include "file_storage_backend.hpp"
#include "support/temp_dir.hpp"

namespace {

namespace mi = corrent::metainfo;
using corrent::PieceIndex;
using corrent::plugins::storage_file::FileStorageBackend;
using corrent::plugins::storage_file::FileStorageSettings;

// `files` files of 4 bytes each, one piece per file.
mi::FileLayout small_files(int files) {
  std::vector<mi::FileEntry> entries;
  for (int i = 0; i < files; ++i) {
    mi::FileEntry f;
    f.path = "t/f" + std::to_string(i);
    f.size = 4;
    entries.push_back(f);
  }
  return mi::FileLayout::make(std::move(entries), 4).value();
}

std::vector<std::byte> four() { return std::vector<std::byte>(4, std::byte{'x'}); }

}  // namespace

BOOST_AUTO_TEST_CASE(torrents_together_stay_within_the_backend_budget) {
  corrent::test::TempDir dir;
  FileStorageBackend backend{FileStorageSettings{40}};
  backend.set_descriptor_budget(6);
  const auto layout = small_files(10);
  auto a = backend.open({layout, dir.path() / "a", {}});
  auto b = backend.open({layout, dir.path() / "b", {}});
  BOOST_REQUIRE(a && b);
  for (std::uint32_t i = 0; i < 10; ++i) {
    BOOST_REQUIRE((*a)->write(PieceIndex{i}, 0, four()));
    BOOST_REQUIRE((*b)->write(PieceIndex{i}, 0, four()));
    BOOST_TEST(backend.open_files() <= 6u + 2u);
  }
  // Each torrent's own bound (40) would have let each keep all 10 open.
  BOOST_TEST(backend.open_files() <= 8u);
  BOOST_TEST(backend.open_files() >= 2u);
  // Evicted files are still read and written correctly.
  std::vector<std::byte> out(4);
  BOOST_TEST((*a)->read(PieceIndex{0}, 0, out).value() == 4u);
  BOOST_TEST((out == four()));
  a->reset();
  BOOST_TEST(backend.open_files() <= 6u + 1u);
  b->reset();
  BOOST_TEST(backend.open_files() == 0u);
}

BOOST_AUTO_TEST_CASE(without_a_budget_each_torrent_keeps_its_own_bound) {
  corrent::test::TempDir dir;
  FileStorageBackend backend{FileStorageSettings{40}};
  const auto layout = small_files(10);
  auto a = backend.open({layout, dir.path() / "a", {}});
  BOOST_REQUIRE(a);
  for (std::uint32_t i = 0; i < 10; ++i) BOOST_REQUIRE((*a)->write(PieceIndex{i}, 0, four()));
  BOOST_TEST(backend.open_files() == 10u);
}
