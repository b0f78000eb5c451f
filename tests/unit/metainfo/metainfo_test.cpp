#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "corrent/bencode/decode.hpp"
#include "corrent/crypto/sha1.hpp"
#include "corrent/metainfo/metainfo.hpp"
#include "torrent_builder.hpp"

namespace mi = corrent::metainfo;
namespace bc = corrent::bencode;
using corrent::PieceIndex;
using corrent::crypto::Sha1;
using namespace corrent::test;

namespace {

mi::Metainfo parse(const bc::Value& torrent) {
  auto r = mi::parse_torrent(encoded(torrent));
  BOOST_REQUIRE_MESSAGE(r, "parse failed: " << corrent::test::why(r));
  BOOST_TEST(has_safe_layout(*r));
  return std::move(*r);
}

bc::Value string_list(std::vector<std::string> items) {
  bc::Value l = bc::Value::list();
  for (auto& s : items) l.push_back(bc::Value(std::move(s)));
  return l;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(metainfo_parse)

BOOST_AUTO_TEST_CASE(single_file) {
  bc::Value t = torrent_of(single_info("movie.mkv", 40000));
  t["comment"] = "a comment";
  t["created by"] = "corrent tests";
  t["creation date"] = 1700000000;
  t["encoding"] = "UTF-8";
  const auto m = parse(t);
  BOOST_TEST(m.name == "movie.mkv");
  BOOST_TEST(!m.multi_file);
  BOOST_TEST(m.layout.files().size() == 1u);
  BOOST_TEST(m.layout.files()[0].path == "movie.mkv");
  BOOST_TEST(m.layout.total_size() == 40000u);
  BOOST_TEST(m.layout.piece_count() == 3u);
  BOOST_TEST(m.piece_hashes.size() == 60u);
  BOOST_TEST(m.piece_hash(PieceIndex{2}).view() == std::string(20, 'h'));
  BOOST_TEST((m.trackers == std::vector<std::vector<std::string>>{{"http://tracker.example/announce"}}));
  BOOST_TEST(m.comment == "a comment");
  BOOST_TEST(m.created_by == "corrent tests");
  BOOST_TEST(*m.creation_date == 1700000000);
  BOOST_TEST(m.encoding == "UTF-8");
  BOOST_TEST(!m.is_private);
  BOOST_TEST(m.warnings.empty());
}

BOOST_AUTO_TEST_CASE(multi_file_with_pad_files_and_attributes) {
  std::vector<bc::Value> files;
  files.push_back(file_entry({"a.bin"}, 10000, "x"));
  files.push_back(file_entry({".pad", "6384"}, 6384, "p"));
  files.push_back(file_entry({"sub", "b.txt"}, 20000, "h"));
  files.push_back(file_entry({".pad", "6384"}, 12768, "p"));
  bc::Value link = file_entry({"link"}, 0, "l");
  link["symlink path"] = string_list({"sub", "b.txt"});
  link["mtime"] = 1234;
  files.push_back(link);
  bc::Value info = multi_info("pack", std::move(files));
  info["private"] = 1;
  const auto m = parse(torrent_of(std::move(info)));
  BOOST_TEST(m.multi_file);
  BOOST_TEST(m.is_private);
  const auto& f = m.layout.files();
  BOOST_REQUIRE(f.size() == 5u);
  BOOST_TEST(f[0].path == "pack/a.bin");
  BOOST_TEST(f[0].executable);
  BOOST_TEST(f[1].pad);
  BOOST_TEST(f[1].path == "pack/.pad/6384");
  BOOST_TEST(f[2].path == "pack/sub/b.txt");
  BOOST_TEST(f[2].hidden);
  BOOST_TEST(f[2].offset == 16384u);
  BOOST_TEST(f[3].path == "pack/.pad/6384");  // pads are not renamed as duplicates
  BOOST_TEST(*f[4].symlink_target == "pack/sub/b.txt");
  BOOST_TEST(*f[4].mtime == 1234);
  BOOST_TEST(m.layout.total_size() == 49152u);
}

BOOST_AUTO_TEST_CASE(hostile_names_are_sanitised_with_warnings) {
  std::vector<bc::Value> files;
  files.push_back(file_entry({"..", "..", "etc", "passwd"}, 10));
  files.push_back(file_entry({"/abs"}, 10));
  files.push_back(file_entry({"C:\\x"}, 10));
  files.push_back(file_entry({"CON"}, 10));
  files.push_back(file_entry({"dup"}, 10));
  files.push_back(file_entry({"dup"}, 10));
  files.push_back(file_entry({"..", ""}, 10));
  bc::Value evil = file_entry({"evil"}, 0, "l");
  evil["symlink path"] = string_list({"..", "..", "home"});
  files.push_back(evil);
  const auto m = parse(torrent_of(multi_info("../name", std::move(files))));
  BOOST_TEST(m.name == ".._name");
  std::vector<std::string> paths;
  for (const auto& f : m.layout.files()) paths.push_back(f.path);
  BOOST_TEST((paths == std::vector<std::string>{".._name/etc/passwd", ".._name/_abs", ".._name/C__x",
                                                ".._name/CON_", ".._name/dup", ".._name/dup.1",
                                                ".._name/file_6", ".._name/evil"}));
  BOOST_TEST(!m.layout.files()[7].symlink_target);
  BOOST_TEST(m.warnings.size() == 8u);  // name, 6 paths, the symlink
}

BOOST_AUTO_TEST_CASE(name_that_sanitises_to_nothing_becomes_the_info_hash) {
  const auto m = parse(torrent_of(single_info("..", 5)));
  BOOST_TEST(m.name == m.info_hash.hex());
  BOOST_TEST(m.layout.files()[0].path == m.info_hash.hex());
}

BOOST_AUTO_TEST_CASE(utf8_name_and_path_are_preferred) {
  bc::Value f = file_entry({"legacy"}, 5);
  f["path.utf-8"] = string_list({"\xc3\xa9t\xc3\xa9"});
  bc::Value info = multi_info("legacy", {f});
  info["name.utf-8"] = "\xc3\xa9";
  const auto m = parse(torrent_of(std::move(info)));
  BOOST_TEST(m.name == "\xc3\xa9");
  BOOST_TEST(m.layout.files()[0].path == "\xc3\xa9/\xc3\xa9t\xc3\xa9");
}

BOOST_AUTO_TEST_CASE(announce_list_tiers) {
  bc::Value t = torrent_of(single_info("x", 5));
  bc::Value tiers = bc::Value::list();
  tiers.push_back(string_list({"  http://a/announce ", "", "http://b/announce"}));
  tiers.push_back(string_list({"   ", "\t"}));                          // empty tier: dropped
  tiers.push_back(string_list({"http://a/announce", "udp://c:80"}));      // a again: dropped
  tiers.push_back(string_list({"http://d/x\r\nHost: evil"}));              // control chars
  tiers.push_back(bc::Value(42));                                         // not a list
  t["announce-list"] = tiers;
  const auto m = parse(t);
  BOOST_TEST((m.trackers == std::vector<std::vector<std::string>>{
                  {"http://a/announce", "http://b/announce"}, {"udp://c:80"}}));
  BOOST_TEST(m.warnings.size() == 1u);
  // An announce-list with nothing usable falls back to announce.
  bc::Value t2 = torrent_of(single_info("x", 5));
  bc::Value empty = bc::Value::list();
  empty.push_back(string_list({" "}));
  t2["announce-list"] = empty;
  BOOST_TEST((parse(t2).trackers == std::vector<std::vector<std::string>>{{"http://tracker.example/announce"}}));
  bc::Value t3 = torrent_of(single_info("x", 5));
  t3["announce"] = "  ";
  BOOST_TEST(parse(t3).trackers.empty());
}

BOOST_AUTO_TEST_CASE(url_list_as_string_or_list) {
  bc::Value t = torrent_of(single_info("x", 5));
  t["url-list"] = " http://seed/x ";
  BOOST_TEST((parse(t).web_seeds == std::vector<std::string>{"http://seed/x"}));
  t["url-list"] = string_list({"http://s1/", "", "http://s2/", "http://s1/"});
  BOOST_TEST((parse(t).web_seeds == std::vector<std::string>{"http://s1/", "http://s2/"}));
  t["url-list"] = 7;
  BOOST_TEST(parse(t).web_seeds.empty());
}

BOOST_AUTO_TEST_CASE(info_hash_is_over_the_exact_info_bytes) {
  // An info dict with unsorted keys: re-encoding it would sort them and change the hash.
  const std::string info = "d" + bc::encode("name") + bc::encode("x") + bc::encode("length") +
                           bc::encode(5) + bc::encode("pieces") + bc::encode(fake_pieces(5, 16384)) +
                           bc::encode("piece length") + bc::encode(16384) + "e";
  const std::string torrent = "d" + bc::encode("info") + info + "e";
  auto m = mi::parse_torrent(torrent);
  BOOST_REQUIRE(m);
  BOOST_TEST(m->info_bytes == info);
  BOOST_TEST(m->info_hash.view() == Sha1::digest(info).view());
  const auto doc = bc::decode(info);
  BOOST_REQUIRE(doc);
  BOOST_TEST(m->info_hash.view() != Sha1::digest(bc::encode(bc::to_value(doc->root()))).view());
  // The same dict alone, as ut_metadata delivers it.
  auto bare = mi::parse_info_dict(info);
  BOOST_REQUIRE(bare);
  BOOST_TEST((bare->info_hash == m->info_hash));
  BOOST_TEST(bare->trackers.empty());
}

BOOST_AUTO_TEST_CASE(hundred_thousand_files_parse_safely) {
  constexpr int kFiles = 100'000;
  std::vector<bc::Value> files;
  files.reserve(kFiles);
  for (int i = 0; i < kFiles; ++i) {
    // Every tenth name repeats: the duplicate check must stay linear.
    files.push_back(file_entry({"dir" + std::to_string(i % 1000), "f" + std::to_string(i % 10 == 0 ? 0 : i) + ".dat"}, 1000));
  }
  const std::string bytes = encoded(torrent_of(multi_info("big", std::move(files), 1 << 20)));
  const auto start = std::chrono::steady_clock::now();
  auto m = mi::parse_torrent(bytes);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  BOOST_REQUIRE_MESSAGE(m, corrent::test::why(m));
  BOOST_TEST(m->layout.files().size() == static_cast<std::size_t>(kFiles));
  BOOST_TEST(has_safe_layout(*m));
  BOOST_TEST_MESSAGE("100k files parsed in " << std::chrono::duration<double>(elapsed).count() << " s");
}

BOOST_AUTO_TEST_SUITE_END()
