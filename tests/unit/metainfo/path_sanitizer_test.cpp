#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "corrent/metainfo/errc.hpp"
#include "corrent/metainfo/limits.hpp"
#include "corrent/metainfo/path_sanitizer.hpp"
#include "torrent_builder.hpp"

namespace mi = corrent::metainfo;
using corrent::FileIndex;
using mi::sanitize_path_element;

namespace {

bool is_valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    std::size_t len = b < 0x80 ? 1 : b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3 : b >= 0xF0 && b <= 0xF4 ? 4 : 0;
    if (len == 0 || s.size() - i < len) return false;
    for (std::size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += len;
  }
  return true;
}

std::string path_of(mi::PathSanitizer& s, std::vector<std::string_view> elements, std::string_view root = "") {
  auto r = s.file_path(root, elements, FileIndex{7});
  BOOST_REQUIRE(r);
  return *r;
}

// Pieces hostile names are made of.
const std::vector<std::string> kFragments = {
    "..", ".", "/", "\\", ":", std::string(1, '\0'), "\x01", "\x1f", "\x7f", "\xc2\x85",
    "\xe2\x80\xae", "\xe2\x80\x8b", "\xef\xbb\xbf", "\xe2\x81\xa6", "\xff", "\xc0\xaf", "\xe2\x80",
    "\xed\xa0\x80", "CON", "con", "LPT1", "nul", "Com9", " ", "a", "\xc3\xa9", "\xe6\x97\xa5", ".txt",
    "C:", "x", std::string(100, 'n'), std::string(60, '.'), "\xf0\x9f\x98\x80"};

}  // namespace

BOOST_AUTO_TEST_SUITE(path_sanitizer)

BOOST_AUTO_TEST_CASE(traversal_elements_are_dropped) {
  BOOST_TEST(sanitize_path_element("..").empty());
  BOOST_TEST(sanitize_path_element(".").empty());
  BOOST_TEST(sanitize_path_element("").empty());
  BOOST_TEST(sanitize_path_element("....").empty());  // all dots
  mi::PathSanitizer s;
  BOOST_TEST(path_of(s, {"..", "..", "x"}) == "x");
  BOOST_TEST(path_of(s, {"a", "", ".", "b"}) == "a/b");
}

BOOST_AUTO_TEST_CASE(separators_inside_an_element_become_underscores) {
  BOOST_TEST(sanitize_path_element("../../x") == ".._.._x");
  BOOST_TEST(sanitize_path_element("/abs") == "_abs");
  BOOST_TEST(sanitize_path_element("C:\\x") == "C__x");
  BOOST_TEST(sanitize_path_element("a/b") == "a_b");
  BOOST_TEST(sanitize_path_element("C:") == "C_");
}

BOOST_AUTO_TEST_CASE(control_and_format_characters_are_removed) {
  BOOST_TEST(sanitize_path_element(std::string("a\0b", 3)) == "ab");
  BOOST_TEST(sanitize_path_element("a\x01\x1f\x7f" "b") == "ab");
  BOOST_TEST(sanitize_path_element("a\xc2\x85" "b") == "ab");                   // C1 NEL
  BOOST_TEST(sanitize_path_element("evil\xe2\x80\xaetxt.exe") == "eviltxt.exe");  // U+202E
  BOOST_TEST(sanitize_path_element("\xef\xbb\xbfx\xe2\x80\x8by") == "xy");        // BOM, ZWSP
  BOOST_TEST(sanitize_path_element("\xc3\xa9t\xc3\xa9") == "\xc3\xa9t\xc3\xa9");  // UTF-8 kept
}

BOOST_AUTO_TEST_CASE(invalid_utf8_becomes_underscores) {
  BOOST_TEST(sanitize_path_element("a\xff" "b") == "a_b");
  BOOST_TEST(sanitize_path_element("\xc0\xaf") == "__");   // overlong '/'
  BOOST_TEST(sanitize_path_element("x\xe2\x80") == "x__");  // truncated
  BOOST_TEST(sanitize_path_element("\xed\xa0\x80") == "___");  // surrogate
}

BOOST_AUTO_TEST_CASE(trailing_dots_and_spaces_are_stripped) {
  BOOST_TEST(sanitize_path_element("x.") == "x");
  BOOST_TEST(sanitize_path_element("x ") == "x");
  BOOST_TEST(sanitize_path_element("x . .") == "x");
  BOOST_TEST(sanitize_path_element(".hidden") == ".hidden");
}

BOOST_AUTO_TEST_CASE(windows_device_names_are_renamed) {
  BOOST_TEST(sanitize_path_element("CON") == "CON_");
  BOOST_TEST(sanitize_path_element("con.txt") == "con_.txt");
  BOOST_TEST(sanitize_path_element("Lpt9.tar.gz") == "Lpt9_.tar.gz");
  BOOST_TEST(sanitize_path_element("nul") == "nul_");
  BOOST_TEST(sanitize_path_element("COM0") == "COM0");
  BOOST_TEST(sanitize_path_element("CONSOLE") == "CONSOLE");
  BOOST_TEST(sanitize_path_element("CON ") == "CON_");
}

BOOST_AUTO_TEST_CASE(long_elements_are_truncated_keeping_the_extension) {
  const std::string at_limit(mi::kMaxPathElementBytes, 'a');
  BOOST_TEST(sanitize_path_element(at_limit) == at_limit);
  const std::string s = sanitize_path_element(std::string(300, 'a') + ".mkv");
  BOOST_TEST(s.size() == mi::kMaxPathElementBytes);
  BOOST_TEST(s.ends_with(".mkv"));
  // 2-byte characters: the cut never splits one.
  std::string wide;
  for (int i = 0; i < 200; ++i) wide += "\xc3\xa9";
  const std::string w = sanitize_path_element(wide);
  BOOST_TEST(w.size() <= mi::kMaxPathElementBytes);
  BOOST_TEST(is_valid_utf8(w));
  BOOST_TEST(sanitize_path_element(std::string(mi::kMaxPathElementBytes + 1, 'b')).size() ==
             mi::kMaxPathElementBytes);
}

BOOST_AUTO_TEST_CASE(empty_paths_are_named_after_the_file_index) {
  mi::PathSanitizer s;
  BOOST_TEST(path_of(s, {"..", ""}) == "file_7");
  BOOST_TEST(path_of(s, {}, "root") == "root/file_7");
}

BOOST_AUTO_TEST_CASE(duplicates_are_renamed_before_the_extension) {
  mi::PathSanitizer s;
  BOOST_TEST(path_of(s, {"d", "bar.txt"}) == "d/bar.txt");
  BOOST_TEST(path_of(s, {"d", "bar.txt"}) == "d/bar.1.txt");
  BOOST_TEST(path_of(s, {"d", "bar.1.txt"}) == "d/bar.1.1.txt");  // taken by the rename
  BOOST_TEST(path_of(s, {"d", "bar.txt"}) == "d/bar.2.txt");
  BOOST_TEST(path_of(s, {"d", "BAR.txt"}) == "d/BAR.txt");          // case-sensitive
  BOOST_TEST(path_of(s, {"noext"}) == "noext");
  BOOST_TEST(path_of(s, {"noext"}) == "noext.1");
  BOOST_TEST(path_of(s, {"d", "a", ".."}) == "d/a");
  BOOST_TEST(path_of(s, {"d", "a"}) == "d/a.1");  // equal after sanitising
}

BOOST_AUTO_TEST_CASE(duplicate_limit) {
  mi::PathSanitizer s;
  const std::vector<std::string_view> same{"x.bin"};
  for (std::uint32_t i = 0; i <= mi::kMaxDuplicateFilenames; ++i) {
    BOOST_REQUIRE(s.file_path("", same, FileIndex{i}));  // the original + 500 duplicates
  }
  auto r = s.file_path("", same, FileIndex{999});
  BOOST_REQUIRE(!r);
  BOOST_TEST(r.error() == std::error_code(mi::errc::too_many_duplicate_filenames));
  // Pad files are not checked for duplicates.
  for (std::uint32_t i = 0; i < 600; ++i) {
    BOOST_REQUIRE(s.file_path("", std::vector<std::string_view>{".pad", "16384"}, FileIndex{i}, false));
  }
}

BOOST_AUTO_TEST_CASE(directory_depth_limit) {
  mi::PathSanitizer s;
  std::vector<std::string_view> deep(mi::kMaxDirectoryDepth, "d");
  BOOST_TEST(s.file_path("", deep, FileIndex{0}).has_value());
  deep.push_back("d");
  auto r = s.file_path("", deep, FileIndex{1});
  BOOST_REQUIRE(!r);
  BOOST_TEST(r.error() == std::error_code(mi::errc::directory_too_deep));
}

BOOST_AUTO_TEST_CASE(symlink_targets_stay_inside) {
  mi::PathSanitizer s;
  using V = std::vector<std::string_view>;
  BOOST_TEST(*s.symlink_target("t", V{"dir", "f"}, FileIndex{0}) == "t/dir/f");
  BOOST_TEST(*s.symlink_target("t", V{".", "f"}, FileIndex{0}) == "t/f");
  BOOST_TEST(!s.symlink_target("t", V{"..", "etc"}, FileIndex{0}));
  BOOST_TEST(!s.symlink_target("t", V{"/etc/passwd"}, FileIndex{0}));
  BOOST_TEST(!s.symlink_target("t", V{"a\\..\\..\\x"}, FileIndex{0}));
  BOOST_TEST(!s.symlink_target("t", V{}, FileIndex{0}));
  BOOST_TEST(s.take_warnings().size() == 4u);
}

BOOST_AUTO_TEST_CASE(changes_are_recorded_and_bounded) {
  mi::PathSanitizer s;
  path_of(s, {"ok"});
  BOOST_TEST(s.take_warnings().empty());
  path_of(s, {"..", "x"});
  auto w = s.take_warnings();
  BOOST_REQUIRE(w.size() == 1u);
  BOOST_TEST(w[0].find("../x") != std::string::npos);
  for (std::size_t i = 0; i < mi::kMaxWarnings + 5; ++i) s.note("w");
  w = s.take_warnings();
  BOOST_TEST(w.size() == mi::kMaxWarnings + 1);
  BOOST_TEST(w.back() == "... and 5 more");
}

// Property: for many generated hostile names, every output element is safe, valid UTF-8,
// bounded, and a fixed point of the sanitiser; whole paths are safe.
BOOST_AUTO_TEST_CASE(generated_hostile_names_come_out_safe_and_stable) {
  std::uint32_t x = 12345;
  auto next = [&x] {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return x;
  };
  mi::PathSanitizer paths;
  for (std::uint32_t round = 0; round < 20000; ++round) {
    std::vector<std::string> elements(1 + next() % 4);
    for (auto& e : elements) {
      const std::size_t parts = next() % 8;
      for (std::size_t i = 0; i < parts; ++i) e += kFragments[next() % kFragments.size()];
      if (next() % 5 == 0) e += std::string(next() % 300, static_cast<char>(next() % 256));
    }
    for (const auto& e : elements) {
      const std::string out = sanitize_path_element(e);
      BOOST_REQUIRE(sanitize_path_element(out) == out);
      if (out.empty()) continue;
      BOOST_REQUIRE(out != "." && out != "..");
      BOOST_REQUIRE(corrent::test::is_safe_path(out));  // one element: no '/', no control
      BOOST_REQUIRE(is_valid_utf8(out));
      BOOST_REQUIRE(out.size() <= mi::kMaxPathElementBytes);
      BOOST_REQUIRE(out.back() != '.' && out.back() != ' ');
    }
    if (round % 100 == 0) paths = mi::PathSanitizer();  // stay clear of the duplicate limit
    const std::vector<std::string_view> views(elements.begin(), elements.end());
    auto path = paths.file_path("root", views, FileIndex{round});
    BOOST_REQUIRE(path);
    BOOST_REQUIRE(corrent::test::is_safe_path(*path));
    BOOST_REQUIRE(path->starts_with("root/"));
  }
}

BOOST_AUTO_TEST_SUITE_END()
