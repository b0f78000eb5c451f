#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "corrent/metainfo/errc.hpp"
#include "corrent/metainfo/torrent_file.hpp"
#include "support/temp_dir.hpp"
#include "torrent_builder.hpp"

namespace mi = corrent::metainfo;
namespace fs = std::filesystem;
using namespace corrent::test;

BOOST_AUTO_TEST_SUITE(torrent_file)

BOOST_AUTO_TEST_CASE(loads_a_file) {
  TempDir dir;
  const auto path = dir.write("a.torrent", encoded(torrent_of(single_info("x", 100))));
  auto m = mi::load_torrent_file(path);
  BOOST_REQUIRE_MESSAGE(m, corrent::test::why(m));
  BOOST_TEST(m->name == "x");
}

BOOST_AUTO_TEST_CASE(filesystem_errors_come_from_the_os) {
  TempDir dir;
  auto missing = mi::load_torrent_file(dir.path() / "missing.torrent");
  BOOST_REQUIRE(!missing);
  BOOST_TEST((missing.error() == std::errc::no_such_file_or_directory));
  BOOST_TEST(!mi::load_torrent_file(dir.path()).has_value());  // a directory
}

BOOST_AUTO_TEST_CASE(size_is_checked_before_reading) {
  TempDir dir;
  mi::TorrentLimits limits;
  limits.max_torrent_size = 100;
  const auto path = dir.write("big.torrent", std::string(101, 'x'));
  auto r = mi::load_torrent_file(path, limits);
  BOOST_REQUIRE(!r);
  BOOST_TEST(r.error() == std::error_code(mi::errc::torrent_too_large));
}

BOOST_AUTO_TEST_CASE(parse_errors_are_returned) {
  TempDir dir;
  auto r = mi::load_torrent_file(dir.write("bad.torrent", "i5e"));
  BOOST_REQUIRE(!r);
  BOOST_TEST(r.error() == std::error_code(mi::errc::not_a_dict));
}

// tests/data/hostile: every file there is refused with an error or loads with a layout
// that cannot leave the download directory; make_hostile.py names the ones that must be
// refused "bad_*".
BOOST_AUTO_TEST_CASE(hostile_corpus) {
  const char* data = std::getenv("CORRENT_TEST_DATA");
  BOOST_REQUIRE_MESSAGE(data, "CORRENT_TEST_DATA is not set");
  const fs::path dir = fs::path(data) / "hostile";
  BOOST_REQUIRE(fs::is_directory(dir));
  int loaded = 0;
  int refused = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".torrent") continue;
    auto m = mi::load_torrent_file(entry.path());
    const bool must_fail = entry.path().filename().string().starts_with("bad_");
    BOOST_TEST(must_fail != m.has_value(), entry.path().filename() << ": " << why(m));
    if (!m) {
      ++refused;
      BOOST_TEST_MESSAGE(entry.path().filename() << ": refused: " << m.error().message());
      continue;
    }
    ++loaded;
    BOOST_TEST(has_safe_layout(*m), entry.path().filename());
    BOOST_TEST(is_safe_path(m->name), entry.path().filename());
  }
  BOOST_TEST(loaded > 0);
  BOOST_TEST(refused > 0);
}

BOOST_AUTO_TEST_SUITE_END()
