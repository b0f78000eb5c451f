// One test per class of bad .torrent, each asserting its specific error, and each named
// limit at its bound and one past it.
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "corrent/bencode/decode.hpp"
#include "corrent/bencode/errc.hpp"
#include "corrent/metainfo/errc.hpp"
#include "corrent/metainfo/limits.hpp"
#include "corrent/metainfo/metainfo.hpp"
#include "torrent_builder.hpp"

namespace mi = corrent::metainfo;
namespace bc = corrent::bencode;
using mi::errc;
using namespace corrent::test;

namespace {

corrent::ParseError error_of(const std::string& bytes, const mi::TorrentLimits& limits = {}) {
  auto r = mi::parse_torrent(bytes, limits);
  BOOST_REQUIRE_MESSAGE(!r, "parsed, but should not have");
  return r.error();
}

void expect_error(const bc::Value& torrent, std::error_code code) {
  const auto e = error_of(encoded(torrent));
  BOOST_TEST(e.code == code, "got " << e.code.message() << ", expected " << code.message());
}

void expect_ok(const bc::Value& torrent, const mi::TorrentLimits& limits = {}) {
  auto r = mi::parse_torrent(encoded(torrent), limits);
  BOOST_TEST(r.has_value(), corrent::test::why(r));
}

// A valid single-file torrent with one field of its info dict replaced.
bc::Value with_info_field(std::string_view key, bc::Value value) {
  bc::Value info = single_info("x", 40000);
  info[key] = std::move(value);
  return torrent_of(std::move(info));
}

bc::Value without_info_field(std::string_view key) {
  bc::Value info = single_info("x", 40000);
  bc::Value copy = bc::Value::dict();
  for (const auto& [k, v] : info.as_dict()) {
    if (k != key) copy[k] = v;
  }
  return torrent_of(std::move(copy));
}

bc::Value multi_with_entry(bc::Value entry) {
  bc::Value info = multi_info("m", {file_entry({"ok"}, 10)});
  info["files"].as_list().push_back(std::move(entry));
  return torrent_of(std::move(info));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(metainfo_errors)

BOOST_AUTO_TEST_CASE(not_a_dict) {
  expect_error(bc::Value("string.torrent"), errc::not_a_dict);
  expect_error(bc::Value::list(), errc::not_a_dict);
  BOOST_TEST(error_of("d4:infoi1e").code == std::error_code(bc::errc::unexpected_end));
}

BOOST_AUTO_TEST_CASE(missing_or_invalid_info) {
  bc::Value t = bc::Value::dict();
  t["announce"] = "http://x/";
  expect_error(t, errc::missing_info);
  t["info"] = "not a dict";
  const auto e = error_of(encoded(t));
  BOOST_TEST(e.code == std::error_code(errc::invalid_info));
  BOOST_TEST(e.offset == encoded(t).find("10:not a dict"));
}

BOOST_AUTO_TEST_CASE(missing_or_invalid_name) {
  expect_error(without_info_field("name"), errc::missing_name);
  expect_error(with_info_field("name", 5), errc::invalid_name);
}

BOOST_AUTO_TEST_CASE(piece_length) {
  expect_error(without_info_field("piece length"), errc::missing_piece_length);
  expect_error(with_info_field("piece length", 0), errc::invalid_piece_length);
  expect_error(with_info_field("piece length", -16384), errc::invalid_piece_length);
  expect_error(with_info_field("piece length", "16384"), errc::invalid_piece_length);
  // Small piece lengths are legal (v1); the bound is kMaxPieceLength.
  expect_ok(torrent_of(single_info("x", 10, 3)));
  expect_ok(torrent_of(single_info("x", 10, mi::kMaxPieceLength)));
  expect_error(torrent_of(single_info("x", 10, std::int64_t{mi::kMaxPieceLength} + 1)), errc::invalid_piece_length);
}

BOOST_AUTO_TEST_CASE(pieces) {
  expect_error(without_info_field("pieces"), errc::missing_pieces);
  expect_error(with_info_field("pieces", 60), errc::invalid_pieces);
  expect_error(with_info_field("pieces", std::string(59, 'h')), errc::invalid_pieces);
  expect_error(with_info_field("pieces", std::string(40, 'h')), errc::piece_count_mismatch);
  expect_error(with_info_field("pieces", std::string(80, 'h')), errc::piece_count_mismatch);
}

// BEP 52 v2-only: "meta version" 2 and a "file tree", no "pieces". Said as such, not as
// a torrent with no pieces; a hybrid (with "pieces" too) parses as v1.
BOOST_AUTO_TEST_CASE(v2_only) {
  bc::Value info = single_info("x", 40000);
  bc::Value v2 = bc::Value::dict();
  for (const auto& [k, v] : info.as_dict()) {
    if (k != "pieces") v2[k] = v;
  }
  v2["meta version"] = 2;
  expect_error(torrent_of(v2), errc::v2_only);
  bc::Value tree_only = bc::Value::dict();
  for (const auto& [k, v] : info.as_dict()) {
    if (k != "pieces") tree_only[k] = v;
  }
  tree_only["file tree"] = bc::Value::dict();
  expect_error(torrent_of(tree_only), errc::v2_only);
  info["meta version"] = 2;  // hybrid: v1 pieces as well
  expect_ok(torrent_of(std::move(info)));
}

BOOST_AUTO_TEST_CASE(piece_count_limit) {
  // 0x200000 pieces of 16 KiB: a 40 MiB pieces string, so the size limit is raised.
  mi::TorrentLimits limits;
  limits.max_torrent_size = 64u << 20;
  const std::int64_t at_limit = std::int64_t{mi::kDefaultMaxPieces} * 16384;
  auto ok = mi::parse_torrent(encoded(torrent_of(single_info("x", at_limit))), limits);
  BOOST_REQUIRE_MESSAGE(ok, corrent::test::why(ok));
  BOOST_TEST(ok->layout.piece_count() == mi::kDefaultMaxPieces);
  const auto e = error_of(encoded(torrent_of(single_info("x", at_limit + 1))), limits);
  BOOST_TEST(e.code == std::error_code(errc::too_many_pieces));
}

BOOST_AUTO_TEST_CASE(file_sizes) {
  expect_error(torrent_of(single_info("x", -1)), errc::invalid_file_size);
  expect_error(with_info_field("length", "5"), errc::invalid_file_size);
  expect_error(multi_with_entry(file_entry({"neg"}, -5)), errc::invalid_file_size);
  bc::Value no_length = bc::Value::dict();
  no_length["path"] = bc::Value(bc::Value::List{bc::Value("f")});
  expect_error(multi_with_entry(no_length), errc::invalid_file_size);
}

BOOST_AUTO_TEST_CASE(file_and_total_size_limits) {
  // 2^48 bytes in 512 MiB pieces: 2^19 hashes, 10 MiB, above the default size limit.
  mi::TorrentLimits limits;
  limits.max_torrent_size = 16u << 20;
  const auto max = static_cast<std::int64_t>(mi::kMaxFileSize);
  expect_ok(torrent_of(single_info("x", max, mi::kMaxPieceLength)), limits);
  auto past = error_of(encoded(torrent_of(single_info("x", max + 1, mi::kMaxPieceLength))), limits);
  BOOST_TEST(past.code == std::error_code(errc::invalid_file_size));
  const auto total = error_of(
      encoded(torrent_of(multi_info("m", {file_entry({"a"}, max), file_entry({"b"}, 1)}, mi::kMaxPieceLength))),
      limits);
  BOOST_TEST(total.code == std::error_code(errc::total_size_too_large));
}

BOOST_AUTO_TEST_CASE(no_files) {
  expect_error(torrent_of(multi_info("m", {})), errc::no_files);
  expect_error(torrent_of(single_info("x", 0)), errc::no_files);
  expect_error(torrent_of(multi_info("m", {file_entry({"a"}, 0), file_entry({"b"}, 0)})), errc::no_files);
}

BOOST_AUTO_TEST_CASE(length_and_files) {
  bc::Value both = multi_info("m", {file_entry({"a"}, 10)});
  both["length"] = 10;
  expect_error(torrent_of(both), errc::length_and_files);
  expect_error(without_info_field("length"), errc::missing_length_and_files);
  bc::Value not_list = multi_info("m", {file_entry({"a"}, 10)});
  not_list["files"] = "not a list";
  expect_error(torrent_of(not_list), errc::invalid_file_list);
}

BOOST_AUTO_TEST_CASE(file_entries_and_paths) {
  expect_error(multi_with_entry(bc::Value("not a dict")), errc::invalid_file_entry);
  bc::Value no_path = bc::Value::dict();
  no_path["length"] = 1;
  expect_error(multi_with_entry(no_path), errc::missing_path);
  bc::Value path_string = file_entry({}, 1);
  path_string["path"] = "a/b";
  expect_error(multi_with_entry(path_string), errc::invalid_path);
  bc::Value path_ints = file_entry({}, 1);
  path_ints["path"] = bc::Value(bc::Value::List{bc::Value("a"), bc::Value(3)});
  expect_error(multi_with_entry(path_ints), errc::invalid_path);
}

BOOST_AUTO_TEST_CASE(directory_depth_limit) {
  std::vector<std::string> deep(mi::kMaxDirectoryDepth, "d");
  expect_ok(torrent_of(multi_info("m", {file_entry(deep, 1)})));
  deep.push_back("d");
  expect_error(torrent_of(multi_info("m", {file_entry(deep, 1)})), errc::directory_too_deep);
}

BOOST_AUTO_TEST_CASE(duplicate_filename_limit) {
  std::vector<bc::Value> files;
  for (std::uint32_t i = 0; i <= mi::kMaxDuplicateFilenames; ++i) files.push_back(file_entry({"same.txt"}, 1));
  auto ok = mi::parse_torrent(encoded(torrent_of(multi_info("m", files))));
  BOOST_REQUIRE(ok);
  BOOST_TEST(ok->layout.files().back().path == "m/same.500.txt");
  files.push_back(file_entry({"same.txt"}, 1));  // the 501st duplicate
  expect_error(torrent_of(multi_info("m", files)), errc::too_many_duplicate_filenames);
}

BOOST_AUTO_TEST_CASE(file_count_limit) {
  mi::TorrentLimits limits;
  limits.max_files = 10;
  std::vector<bc::Value> files;
  for (int i = 0; i < 10; ++i) files.push_back(file_entry({"f" + std::to_string(i)}, 1));
  expect_ok(torrent_of(multi_info("m", files)), limits);
  files.push_back(file_entry({"f10"}, 1));
  const auto e = error_of(encoded(torrent_of(multi_info("m", files))), limits);
  BOOST_TEST(e.code == std::error_code(errc::too_many_files));
  BOOST_TEST(mi::kDefaultMaxFiles == 1'000'000u);
}

BOOST_AUTO_TEST_CASE(torrent_size_limit) {
  // Pad a valid torrent with a comment to exactly the limit, then one byte more.
  bc::Value t = torrent_of(single_info("x", 40000));
  t["comment"] = "";
  const std::size_t base = encoded(t).size();
  std::size_t fill = mi::kDefaultMaxTorrentSize - base;
  fill -= std::to_string(fill).size() - 1;  // the length prefix grows from "0"
  t["comment"] = std::string(fill, 'c');
  const std::string at_limit = encoded(t);
  BOOST_REQUIRE(at_limit.size() == mi::kDefaultMaxTorrentSize);
  BOOST_TEST(mi::parse_torrent(at_limit).has_value());
  t["comment"] = std::string(fill + 1, 'c');
  BOOST_TEST(error_of(encoded(t)).code == std::error_code(errc::torrent_too_large));
}

BOOST_AUTO_TEST_CASE(decode_depth_limit) {
  // The root dict is level 1; a value nested 99 lists deep reaches level 100.
  auto nested = [](std::size_t levels) {
    bc::Value v = 1;
    for (std::size_t i = 0; i < levels; ++i) v = bc::Value(bc::Value::List{v});
    bc::Value t = torrent_of(single_info("x", 5));
    t["z"] = v;
    return t;
  };
  expect_ok(nested(mi::kDefaultMaxDecodeDepth - 1));
  expect_error(nested(mi::kDefaultMaxDecodeDepth), bc::errc::depth_exceeded);
}

BOOST_AUTO_TEST_CASE(decode_token_limit) {
  // The torrent plus a last key "z" holding a list of n integers, spliced from encoded
  // Values (a Value list of 3M integers would take seconds to build).
  const std::string base = encoded(torrent_of(single_info("x", 5)));
  const std::size_t base_tokens = bc::decode(base)->tokens().size();
  auto with_ints = [&base](std::size_t n) {
    std::string out = base.substr(0, base.size() - 1) + bc::encode("z") + "l";
    const std::string zero = bc::encode(0);
    out.reserve(out.size() + n * zero.size() + 2);
    for (std::size_t i = 0; i < n; ++i) out += zero;
    return out + "ee";
  };
  const std::size_t n = mi::kDefaultMaxDecodeTokens - base_tokens - 2;  // key + list
  BOOST_TEST(mi::parse_torrent(with_ints(n)).has_value());
  BOOST_TEST(error_of(with_ints(n + 1)).code == std::error_code(bc::errc::token_limit_exceeded));
}

BOOST_AUTO_TEST_CASE(errors_have_readable_messages) {
  BOOST_TEST(std::error_code(errc::too_many_pieces).category().name() == std::string("corrent.metainfo"));
  BOOST_TEST(std::error_code(errc::piece_count_mismatch).message().find("piece") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
