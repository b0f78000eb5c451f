#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include <asio/io_context.hpp>

#include "corrent/registry/plugin_set.hpp"
#include "corrent/plugins/standard.hpp"
#include "corrent/storage/error.hpp"
#include "file_storage.hpp"
#include "file_storage_backend.hpp"
#include "support/require_error.hpp"
#include "support/temp_dir.hpp"

using corrent::test::error_of;

namespace {

namespace fs = std::filesystem;
namespace mi = corrent::metainfo;
using corrent::PieceIndex;
using corrent::plugins::storage_file::FileStorage;
using corrent::plugins::storage_file::FileStorageBackend;
using corrent::plugins::storage_file::FileStorageSettings;
using corrent::storage::errc;
using corrent::storage::OpenParams;
using corrent::storage::Storage;

mi::FileEntry entry(std::string path, std::uint64_t size, bool pad = false) {
  mi::FileEntry f;
  f.path = std::move(path);
  f.size = size;
  f.pad = pad;
  return f;
}

std::vector<std::byte> bytes(std::string_view text) {
  std::vector<std::byte> out;
  for (const char c : text) out.push_back(static_cast<std::byte>(c));
  return out;
}

std::string text(std::span<const std::byte> b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

std::unique_ptr<Storage> open(const mi::FileLayout& layout, const fs::path& dir,
                              std::vector<std::uint8_t> prios = {}, std::size_t max_open = 40) {
  FileStorageBackend backend{FileStorageSettings{max_open}};
  auto s = backend.open(OpenParams{layout, dir, std::move(prios)});
  BOOST_REQUIRE_MESSAGE(s, (s ? "" : s.error().message()));
  return std::move(*s);
}

// Pieces of 8 bytes over t/a (5), t/sub/b (6), t/c (9): 20 bytes, 3 pieces (8, 8, 4).
mi::FileLayout three_files() {
  return mi::FileLayout::make({entry("t/a", 5), entry("t/sub/b", 6), entry("t/c", 9)}, 8).value();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(storage_file)

BOOST_AUTO_TEST_CASE(round_trip_across_file_boundaries) {
  corrent::test::TempDir dir;
  const auto layout = three_files();
  auto s = open(layout, dir.path());
  BOOST_TEST(!fs::exists(dir.path() / "t"));  // nothing created before a write
  const auto p0a = bytes("ABC");
  const auto p0b = bytes("DEFGH");  // crosses t/a -> t/sub/b inside the second part
  const std::span<const std::byte> parts[] = {p0a, p0b};
  BOOST_REQUIRE(s->writev(PieceIndex{0}, 0, parts));
  BOOST_REQUIRE(s->write(PieceIndex{1}, 0, bytes("IJKLMNOP")));  // t/sub/b -> t/c
  BOOST_REQUIRE(s->write(PieceIndex{2}, 0, bytes("QRST")));
  BOOST_TEST(corrent::test::read_file(dir.path() / "t/a") == "ABCDE");
  BOOST_TEST(corrent::test::read_file(dir.path() / "t/sub/b") == "FGHIJK");
  BOOST_TEST(corrent::test::read_file(dir.path() / "t/c") == "LMNOPQRST");
  std::vector<std::byte> out(6);
  BOOST_TEST(s->read(PieceIndex{0}, 2, out).value() == 6u);
  BOOST_TEST(text(out) == "CDEFGH");
  std::vector<std::byte> last(4);
  BOOST_TEST(s->read(PieceIndex{2}, 0, last).value() == 4u);
  BOOST_TEST(text(last) == "QRST");
  BOOST_TEST(error_of(s->write(PieceIndex{2}, 1, bytes("QRST"))) ==
             std::error_code(errc::out_of_bounds));  // one past the short last piece
  BOOST_TEST(error_of(s->write(PieceIndex{3}, 0, bytes("Q"))) ==
             std::error_code(errc::out_of_bounds));
  std::vector<std::byte> nine(9);
  BOOST_TEST(error_of(s->read(PieceIndex{0}, 0, nine)) == std::error_code(errc::out_of_bounds));
}

BOOST_AUTO_TEST_CASE(pad_files_are_never_created_and_read_as_zeros) {
  corrent::test::TempDir dir;
  const auto layout =
      mi::FileLayout::make({entry("t/a", 5), entry("t/.pad/3", 3, true), entry("t/b", 8)}, 8)
          .value();
  auto s = open(layout, dir.path());
  BOOST_REQUIRE(s->write(PieceIndex{0}, 0, bytes("abcdeXXX")));  // XXX lands on the pad
  BOOST_REQUIRE(s->write(PieceIndex{1}, 0, bytes("12345678")));
  BOOST_TEST(!fs::exists(dir.path() / "t/.pad"));
  BOOST_TEST(corrent::test::read_file(dir.path() / "t/a") == "abcde");
  std::vector<std::byte> out(8);
  BOOST_REQUIRE(s->read(PieceIndex{0}, 0, out));
  BOOST_TEST(text(out) == std::string("abcde\0\0\0", 8));
  const auto states = s->file_states();
  BOOST_TEST(!states.at(1).exists);
}

BOOST_AUTO_TEST_CASE(skipped_files_are_never_created) {
  corrent::test::TempDir dir;
  const auto layout = three_files();
  auto s = open(layout, dir.path(), {4, 0, 4});
  BOOST_REQUIRE(s->write(PieceIndex{0}, 0, bytes("ABCDEFGH")));  // t/a wanted, t/sub/b skipped
  BOOST_REQUIRE(s->write(PieceIndex{1}, 0, bytes("IJKLMNOP")));
  BOOST_TEST(corrent::test::read_file(dir.path() / "t/a") == "ABCDE");
  BOOST_TEST(!fs::exists(dir.path() / "t/sub"));
  BOOST_TEST(corrent::test::read_file(dir.path() / "t/c") == "LMNOP");
  std::vector<std::byte> skipped(3);
  BOOST_TEST(error_of(s->read(PieceIndex{0}, 5, skipped)) == std::error_code(errc::not_present));
  std::vector<std::byte> wanted(5);
  BOOST_TEST(s->read(PieceIndex{0}, 0, wanted).has_value());
  // Wanting it later creates it on the next write.
  BOOST_REQUIRE(s->set_file_priorities({4, 1, 4}));
  BOOST_REQUIRE(s->write(PieceIndex{0}, 5, bytes("FGH")));
  BOOST_TEST(corrent::test::read_file(dir.path() / "t/sub/b") == "FGH");
  BOOST_TEST(error_of(s->set_file_priorities({1})) == std::error_code(errc::bad_layout));
}

BOOST_AUTO_TEST_CASE(missing_ranges_are_not_present) {
  corrent::test::TempDir dir;
  const auto layout = three_files();
  auto s = open(layout, dir.path());
  std::vector<std::byte> out(4);
  BOOST_TEST(error_of(s->read(PieceIndex{0}, 0, out)) == std::error_code(errc::not_present));
  BOOST_REQUIRE(s->write(PieceIndex{2}, 0, bytes("QR")));  // t/c bytes 5..6 (0..4 a hole)
  std::vector<std::byte> past_end(4);
  BOOST_TEST(error_of(s->read(PieceIndex{2}, 0, past_end)) == std::error_code(errc::not_present));
  std::vector<std::byte> hole(3);  // inside the file: a sparse hole reads as zeros
  BOOST_TEST(s->read(PieceIndex{1}, 5, hole).has_value());
  BOOST_TEST(text(hole) == std::string(3, '\0'));
}

BOOST_AUTO_TEST_CASE(file_states_report_size_and_mtime) {
  corrent::test::TempDir dir;
  const auto layout = three_files();
  auto s = open(layout, dir.path());
  BOOST_TEST(s->file_states().size() == 3u);
  BOOST_TEST(!s->file_states()[0].exists);
  BOOST_REQUIRE(s->write(PieceIndex{0}, 0, bytes("ABC")));
  BOOST_REQUIRE(s->sync());
  const auto states = s->file_states();
  BOOST_TEST(states[0].exists);
  BOOST_TEST(states[0].size == 3u);
  const auto mtime = fs::last_write_time(dir.path() / "t/a");
  const auto expect = std::chrono::duration_cast<std::chrono::nanoseconds>(
                          mtime.time_since_epoch() -
                          (fs::file_time_type::clock::now().time_since_epoch() -
                           std::chrono::system_clock::now().time_since_epoch()))
                          .count();
  BOOST_TEST(std::llabs(states[0].mtime_ns - expect) < 1'000'000'000);  // same second
  BOOST_TEST(!states[1].exists);
}

BOOST_AUTO_TEST_CASE(unsafe_paths_are_refused) {
  corrent::test::TempDir dir;
  FileStorageBackend backend{FileStorageSettings{}};
  for (const char* bad : {"../escape", "/etc/passwd", "t/../../x", "t//x", "t/./x", "a\\b"}) {
    const auto layout = mi::FileLayout::make({entry("t/ok", 4), entry(bad, 4)}, 4).value();
    BOOST_TEST(error_of(backend.open(OpenParams{layout, dir.path(), {}})) ==
                   std::error_code(errc::unsafe_path),
               bad);
  }
  BOOST_TEST(fs::is_empty(dir.path()));
}

BOOST_AUTO_TEST_CASE(zero_length_files_are_created_at_open_unless_skipped) {
  corrent::test::TempDir dir;
  const auto layout =
      mi::FileLayout::make({entry("t/empty", 0), entry("t/skip", 0), entry("t/a", 4)}, 4).value();
  auto s = open(layout, dir.path(), {4, 0, 4});
  BOOST_TEST(fs::exists(dir.path() / "t/empty"));
  BOOST_TEST(fs::file_size(dir.path() / "t/empty") == 0u);
  BOOST_TEST(!fs::exists(dir.path() / "t/skip"));
}

BOOST_AUTO_TEST_CASE(descriptors_stay_within_the_lru_bound) {
  corrent::test::TempDir dir;
  std::vector<mi::FileEntry> files;
  for (int i = 0; i < 3; ++i) files.push_back(entry("t/f" + std::to_string(i), 4));
  const auto layout = mi::FileLayout::make(std::move(files), 4).value();
  FileStorage s{layout, dir.path(), {}, 2};
  BOOST_REQUIRE(s.write(PieceIndex{0}, 0, bytes("aaaa")));
  BOOST_REQUIRE(s.write(PieceIndex{1}, 0, bytes("bbbb")));
  BOOST_TEST(s.open_files() == 2u);  // at the bound
  BOOST_REQUIRE(s.write(PieceIndex{2}, 0, bytes("cccc")));
  BOOST_TEST(s.open_files() == 2u);  // one past it: the least recently used was closed
  BOOST_REQUIRE(s.sync());           // including the evicted, written file
  std::vector<std::byte> out(4);
  BOOST_REQUIRE(s.read(PieceIndex{0}, 0, out));  // reopened
  BOOST_TEST(text(out) == "aaaa");
  BOOST_TEST(s.open_files() == 2u);
}

// A file deleted under a seed: its descriptor, cached by an earlier read, still reads the
// old inode; the next read finds it unlinked and says not_present (the engine then takes
// its pieces as lost). A file put back at the path is read from there.
BOOST_AUTO_TEST_CASE(a_file_deleted_while_its_descriptor_is_cached_is_not_present) {
  corrent::test::TempDir dir;
  const auto layout = mi::FileLayout::make({entry("t/a", 4)}, 4).value();
  dir.write("t/a", "seed");
  FileStorage s{layout, dir.path(), {}, 4};
  std::vector<std::byte> out(4);
  BOOST_REQUIRE(s.read(PieceIndex{0}, 0, out));
  BOOST_TEST(s.open_files() == 1u);
  fs::remove(dir.path() / "t/a");
  BOOST_TEST(error_of(s.read(PieceIndex{0}, 0, out)) == std::error_code(errc::not_present));
  BOOST_TEST(s.open_files() == 0u);
  dir.write("t/a", "anew");
  BOOST_REQUIRE(s.read(PieceIndex{0}, 0, out));
  BOOST_TEST(text(out) == "anew");
}

BOOST_AUTO_TEST_CASE(read_only_files_can_be_read) {
  corrent::test::TempDir dir;
  const auto layout = mi::FileLayout::make({entry("t/a", 4)}, 4).value();
  dir.write("t/a", "seed");
  fs::permissions(dir.path() / "t/a", fs::perms::owner_read);
  FileStorage s{layout, dir.path(), {}, 4};
  std::vector<std::byte> out(4);
  BOOST_REQUIRE(s.read(PieceIndex{0}, 0, out));
  BOOST_TEST(text(out) == "seed");
}

BOOST_AUTO_TEST_CASE(registered_in_the_standard_bundle_with_bounded_max_open_files) {
  corrent::Registry registry;
  corrent::plugins::register_standard(registry);
  BOOST_TEST(registry.contains("storage_file"));
  BOOST_TEST(registry.rejected().empty());
  asio::io_context io;
  auto config = corrent::Config::parse(R"({"storage_file": {"max_open_files": 1024}})");
  BOOST_REQUIRE(config);
  auto set = corrent::build_plugins(registry, *config, io.get_executor());
  BOOST_REQUIRE_MESSAGE(set, (set ? std::string() : set.error().message()));
  BOOST_TEST(set->find<corrent::storage::StorageBackend>("storage_file") != nullptr);
  for (const char* bad : {"1025", "0"}) {
    config->set("storage_file", "max_open_files", bad);
    const auto rejected = corrent::build_plugins(registry, *config, io.get_executor());
    BOOST_REQUIRE(!rejected);
    BOOST_TEST(rejected.error().message().find("[storage_file].max_open_files") !=
               std::string::npos);
  }
}

BOOST_AUTO_TEST_SUITE_END()
