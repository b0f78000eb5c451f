#include <boost/test/unit_test.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "corrent/bencode/decode.hpp"
#include "corrent/crypto/sha1.hpp"
#include "corrent/metainfo/creator.hpp"
#include "corrent/metainfo/metainfo.hpp"
#include "support/require_error.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
namespace mi = corrent::metainfo;
using corrent::test::pattern_bytes;
using corrent::test::TempDir;
using corrent::test::error_of;

namespace {

constexpr std::uint32_t k16K = 16 * 1024;

mi::CreateOptions fixed_options(std::uint32_t piece_length = k16K) {
  mi::CreateOptions options;
  options.piece_length = piece_length;
  options.creation_date = 1700000000;
  return options;
}

// SHA-1 of each piece of `stream`, concatenated: what `pieces` must hold.
std::string expected_pieces(std::string_view stream, std::uint32_t piece_length) {
  std::string out;
  for (std::size_t at = 0; at < stream.size(); at += piece_length) {
    out += corrent::crypto::Sha1::digest(stream.substr(at, piece_length)).view();
  }
  return out;
}

std::string create_ok(const fs::path& source, const mi::CreateOptions& options) {
  auto bytes = mi::create_torrent(source, options);
  BOOST_REQUIRE_MESSAGE(bytes, (bytes ? "" : bytes.error().message()));
  return *bytes;
}

std::string info_pieces(const std::string& torrent) {
  auto doc = corrent::bencode::decode(torrent, {.require_sorted_keys = true});
  BOOST_REQUIRE(doc);
  auto info = doc->root().find_dict("info");
  BOOST_REQUIRE(info);
  return std::string(info->find_string("pieces").value_or(""));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(metainfo_creator)

BOOST_AUTO_TEST_CASE(single_file_of_known_content) {
  TempDir dir;
  const auto file = dir.write("fox.txt", "The quick brown fox jumps over the lazy dog");
  const auto torrent = create_ok(file, fixed_options());
  const std::string expected =
      "d10:created by13:corrent 0.1.013:creation datei1700000000e4:infod6:lengthi43e4:name7:fox.txt"
      "12:piece lengthi16384e6:pieces20:"
      "\x2f\xd4\xe1\xc6\x7a\x2d\x28\xfc\xed\x84\x9e\xe1\xbb\x76\xe7\x39\x1b\x93\xeb\x12"
      "ee";
  BOOST_TEST(torrent == expected);
}

BOOST_AUTO_TEST_CASE(pieces_span_file_boundaries) {
  TempDir dir;
  const auto a = pattern_bytes(10000, 1), b = pattern_bytes(30000, 2), c = pattern_bytes(5, 3);
  dir.write("root/b/inner.bin", b);
  dir.write("root/a.bin", a);
  dir.write("root/c.bin", c);
  const auto torrent = create_ok(dir.path() / "root", fixed_options());
  // Files in path order: a.bin, b/inner.bin, c.bin.
  BOOST_TEST(info_pieces(torrent) == expected_pieces(a + b + c, k16K));
}

BOOST_AUTO_TEST_CASE(thread_count_does_not_change_the_result) {
  TempDir dir;
  for (int i = 0; i < 9; ++i) dir.write("d/f" + std::to_string(i), pattern_bytes(7000 * i + 13, i));
  const auto one = create_ok(dir.path() / "d", [] { auto o = fixed_options(); o.threads = 1; return o; }());
  for (unsigned threads : {2u, 3u, 7u, 64u, 0u}) {
    auto options = fixed_options();
    options.threads = threads;
    BOOST_TEST(create_ok(dir.path() / "d", options) == one, "threads " << threads);
  }
}

BOOST_AUTO_TEST_CASE(pad_files_align_every_file_to_a_piece) {
  std::vector<mi::CreatorFile> files(4);
  files[0].path = {"a"}, files[0].size = 1000;
  files[1].path = {"b"}, files[1].size = 0;
  files[2].path = {"c"}, files[2].size = 20000;
  files[3].path = {"d"}, files[3].size = 17;
  auto options = fixed_options();
  options.pad_files = true;
  auto plan = mi::CreatorPlan::make("t", true, files, options);
  BOOST_REQUIRE(plan);
  std::vector<std::string> names;
  for (const auto& f : plan->files()) {
    names.push_back(f.pad ? ".pad/" + std::to_string(f.size) : f.path.back());
    if (!f.pad && f.size > 0) BOOST_TEST(f.offset % k16K == 0, f.path.back() << " at " << f.offset);
  }
  const std::vector<std::string> expected = {"a", ".pad/15384", "b", "c", ".pad/12768", "d"};
  BOOST_TEST(names == expected, boost::test_tools::per_element());
  BOOST_TEST(plan->total_size() == 3 * k16K + 17);
}

BOOST_AUTO_TEST_CASE(pad_files_are_hashed_as_zeros) {
  TempDir dir;
  const auto a = pattern_bytes(1000, 4), b = pattern_bytes(20000, 5);
  dir.write("p/a", a);
  dir.write("p/b", b);
  auto options = fixed_options();
  options.pad_files = true;
  const auto torrent = create_ok(dir.path() / "p", options);
  BOOST_TEST(info_pieces(torrent) == expected_pieces(a + std::string(k16K - 1000, '\0') + b, k16K));
  BOOST_TEST(torrent.find("4:attr1:p") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(automatic_piece_length) {
  constexpr std::uint64_t KiB = 1024, MiB = KiB * KiB, GiB = MiB * KiB;
  BOOST_TEST(mi::choose_piece_length(1) == 16 * KiB);
  BOOST_TEST(mi::choose_piece_length(1500 * 16 * KiB) == 16 * KiB);
  BOOST_TEST(mi::choose_piece_length(1500 * 16 * KiB + 1) == 32 * KiB);
  BOOST_TEST(mi::choose_piece_length(700 * MiB) == 512 * KiB);   // 1400 pieces
  BOOST_TEST(mi::choose_piece_length(1 * GiB) == 1 * MiB);       // 1024 pieces
  BOOST_TEST(mi::choose_piece_length(100000 * GiB) == 16 * MiB); // clamped
  TempDir dir;
  const auto file = dir.write("f", pattern_bytes(3 * MiB, 6));
  mi::CreateReport report;
  BOOST_REQUIRE(mi::create_torrent(file, {}, &report));
  BOOST_TEST(report.piece_length == 16 * KiB);
  BOOST_TEST(report.piece_count == 192u);
}

BOOST_AUTO_TEST_CASE(piece_length_must_be_a_power_of_two_in_range) {
  BOOST_TEST(!mi::check_piece_length(8 * 1024));
  BOOST_TEST(mi::check_piece_length(mi::kMinCreatePieceLength).has_value());
  BOOST_TEST(mi::check_piece_length(mi::kMaxCreatePieceLength).has_value());
  BOOST_TEST(!mi::check_piece_length(std::uint64_t{mi::kMaxCreatePieceLength} * 2));
  BOOST_TEST(!mi::check_piece_length(3 * 16384));
  TempDir dir;
  const auto file = dir.write("f", "x");
  auto options = fixed_options(3 * 16384);
  BOOST_TEST((error_of(mi::create_torrent(file, options)) == mi::creator_errc::invalid_piece_length));
}

BOOST_AUTO_TEST_CASE(empty_payloads_and_missing_sources_fail) {
  TempDir dir;
  fs::create_directories(dir.path() / "empty/sub");
  BOOST_TEST((error_of(mi::create_torrent(dir.path() / "empty", {})) == mi::creator_errc::empty_payload));
  dir.write("zeros/a", "");
  dir.write("zeros/b/c", "");
  BOOST_TEST((error_of(mi::create_torrent(dir.path() / "zeros", {})) == mi::creator_errc::empty_payload));
  const auto empty_file = dir.write("nothing", "");
  BOOST_TEST((error_of(mi::create_torrent(empty_file, {})) == mi::creator_errc::empty_payload));
  mi::CreateReport report;
  const auto missing = mi::create_torrent(dir.path() / "missing", {}, &report);
  BOOST_REQUIRE(!missing);
  BOOST_TEST((missing.error() == std::errc::no_such_file_or_directory));
  BOOST_TEST(report.failed_path == dir.path() / "missing");
}

BOOST_AUTO_TEST_CASE(unreadable_file_fails_with_its_path) {
  if (::geteuid() == 0) return;  // root reads anything: nothing to test
  TempDir dir;
  const auto locked = dir.write("d/locked", "secret");
  dir.write("d/open", "fine");
  fs::permissions(locked, fs::perms::none);
  mi::CreateReport report;
  const auto result = mi::create_torrent(dir.path() / "d", {}, &report);
  BOOST_REQUIRE(!result);
  BOOST_TEST((result.error() == std::errc::permission_denied));
  BOOST_TEST(report.failed_path == locked);
}

// Works as root too: the files vanish or shrink between the listing and the hashing.
BOOST_AUTO_TEST_CASE(read_errors_name_the_file) {
  TempDir dir;
  dir.write("d/short", "ten bytes!");
  std::vector<mi::CreatorFile> files(2);
  files[0].path = {"short"}, files[0].size = 10;
  files[1].path = {"ghost"}, files[1].size = 10;
  auto plan = mi::CreatorPlan::make("d", true, files, fixed_options());
  BOOST_REQUIRE(plan);
  fs::path failed;
  auto missing = mi::hash_pieces(dir.path() / "d", *plan, 2, &failed);
  BOOST_REQUIRE(!missing);
  BOOST_TEST((missing.error() == std::errc::no_such_file_or_directory));
  BOOST_TEST(failed == dir.path() / "d/ghost");
  files.resize(1);
  files[0].size = 11;  // one byte more than on disk
  plan = mi::CreatorPlan::make("d", true, files, fixed_options());
  BOOST_REQUIRE(plan);
  auto shrunk = mi::hash_pieces(dir.path() / "d", *plan, 1, &failed);
  BOOST_REQUIRE(!shrunk);
  BOOST_TEST((shrunk.error() == mi::creator_errc::file_changed));
  BOOST_TEST(failed == dir.path() / "d/short");
}

BOOST_AUTO_TEST_CASE(links_and_special_files_are_skipped_hidden_files_kept) {
  TempDir dir;
  dir.write("d/.hidden", "h");
  dir.write("d/real", "r");
  fs::create_directories(dir.path() / "d/empty_folder");
  fs::create_symlink(dir.path() / "d/real", dir.path() / "d/link");
  BOOST_REQUIRE(::mkfifo((dir.path() / "d/fifo").c_str(), 0600) == 0);
  const auto listing = mi::list_source(dir.path() / "d");
  BOOST_REQUIRE(listing);
  BOOST_TEST(listing->name == "d");
  BOOST_TEST(listing->multi_file);
  BOOST_REQUIRE(listing->files.size() == 2u);
  BOOST_TEST(listing->files[0].path == std::vector<std::string>{".hidden"});
  BOOST_TEST(listing->files[1].path == std::vector<std::string>{"real"});
  BOOST_TEST(listing->skipped.size() == 2u);
}

BOOST_AUTO_TEST_CASE(trackers_web_seeds_and_flags) {
  TempDir dir;
  const auto file = dir.write("f", "data");
  auto options = fixed_options();
  options.trackers = {{"http://a/announce", "http://b/announce"}, {"udp://c:80"}};
  options.web_seeds = {"http://seed/f"};
  options.is_private = true;
  options.comment = "hello";
  const auto torrent = create_ok(file, options);
  auto doc = corrent::bencode::decode(torrent, {.require_sorted_keys = true});
  BOOST_REQUIRE(doc);
  const auto root = doc->root();
  BOOST_TEST(root.find_string("announce").value_or("") == "http://a/announce");
  BOOST_TEST(root.find_list("announce-list")->size() == 2u);
  BOOST_TEST(root.find_list("url-list")->size() == 1u);
  BOOST_TEST(root.find_string("comment").value_or("") == "hello");
  BOOST_TEST(root.find_dict("info")->find_int("private").value_or(0) == 1);
}

BOOST_AUTO_TEST_CASE(output_parses_back_with_the_same_files) {
  TempDir dir;
  dir.write("tree/x/y/z.bin", pattern_bytes(40000, 7));
  dir.write("tree/a.bin", pattern_bytes(123, 8));
  dir.write("tree/empty", "");
  auto options = fixed_options();
  options.pad_files = true;
  const auto torrent = create_ok(dir.path() / "tree", options);
  auto parsed = mi::parse_torrent(torrent);
  BOOST_REQUIRE_MESSAGE(parsed, (parsed ? "" : parsed.error().message()));
  BOOST_TEST(parsed->name == "tree");
  BOOST_TEST(parsed->multi_file);
  BOOST_TEST(parsed->info_hash.view() == corrent::crypto::Sha1::digest(parsed->info_bytes).view());
  std::vector<std::string> paths;
  for (const auto& f : parsed->layout.files()) {
    paths.push_back((f.pad ? "pad:" : "") + f.path + ":" + std::to_string(f.size));
  }
  const std::vector<std::string> expected = {"tree/a.bin:123", "pad:tree/.pad/16261:16261", "tree/empty:0",
                                             "tree/x/y/z.bin:40000"};
  BOOST_TEST(paths == expected, boost::test_tools::per_element());
  BOOST_TEST(parsed->layout.piece_count() == 4u);
}

BOOST_AUTO_TEST_SUITE_END()
