#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "corrent/bencode/errc.hpp"
#include "corrent/storage/limits.hpp"
#include "corrent/storage/resume_data.hpp"
#include "support/require_error.hpp"
#include "support/temp_dir.hpp"

using corrent::test::error_of;

namespace {

namespace fs = std::filesystem;
using corrent::Bitfield;
using corrent::PieceIndex;
using corrent::storage::FileState;
using corrent::storage::ResumeData;
using corrent::storage::resume_errc;
using corrent::wire::TorrentShape;

const TorrentShape kShape{10, 16384, 10 * 16384 - 5};

corrent::metainfo::InfoHash hash_of(std::uint8_t b) {
  corrent::metainfo::InfoHash h;
  h.bytes.fill(b);
  return h;
}

ResumeData sample() {
  ResumeData d;
  d.info_hash = hash_of(0xab);
  d.have = Bitfield(10);
  d.have.set(PieceIndex{0});
  d.have.set(PieceIndex{9});
  d.files = {FileState{true, 100000, 1'700'000'000'123'456'789},
             FileState{false, 0, 0},
             FileState{true, 63835, -5}};
  d.uploaded = 12345;
  d.downloaded = 1ull << 40;
  d.file_priorities = {4, 0, 7};
  return d;
}

std::error_code parse_error(std::string_view bytes, std::size_t files = 3) {
  const auto r = corrent::storage::parse_resume(bytes, hash_of(0xab), kShape, files);
  BOOST_REQUIRE_MESSAGE(!r, "accepted: " << bytes);
  return r.error().code;
}

/// sample()'s encoding with `from` replaced by `to` (which must occur).
std::string edited(std::string_view from, std::string_view to) {
  auto s = corrent::storage::encode_resume(sample());
  const auto at = s.find(from);
  BOOST_REQUIRE_MESSAGE(at != std::string::npos, from);
  s.replace(at, from.size(), to);
  return s;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(resume_data)

BOOST_AUTO_TEST_CASE(round_trips) {
  const auto bytes = corrent::storage::encode_resume(sample());
  const auto back = corrent::storage::parse_resume(bytes, hash_of(0xab), kShape, 3);
  BOOST_REQUIRE_MESSAGE(back, (back ? "" : back.error().message()));
  BOOST_TEST((*back == sample()));
  auto no_prios = sample();
  no_prios.file_priorities.clear();  // empty: all default
  const auto b2 = corrent::storage::encode_resume(no_prios);
  BOOST_TEST(corrent::storage::parse_resume(b2, hash_of(0xab), kShape, 3).has_value());
}

BOOST_AUTO_TEST_CASE(keeps_a_magnets_info_dict_readable_before_the_shape_is_known) {
  auto d = sample();
  BOOST_TEST(corrent::storage::parse_resume_info(corrent::storage::encode_resume(d), d.info_hash)->empty());
  d.info = "d6:lengthi5e4:name1:x12:piece lengthi16384e6:pieces20:aaaaaaaaaaaaaaaaaaaae";
  const auto bytes = corrent::storage::encode_resume(d);
  auto info = corrent::storage::parse_resume_info(bytes, d.info_hash);
  BOOST_REQUIRE(info);
  BOOST_TEST(*info == d.info);
  auto whole = corrent::storage::parse_resume(bytes, d.info_hash, kShape, 3);
  BOOST_REQUIRE(whole);
  BOOST_TEST((*whole == d));
  // Another torrent's, or not resume data at all.
  BOOST_TEST((error_of(corrent::storage::parse_resume_info(bytes, hash_of(0x01))).code == resume_errc::wrong_info_hash));
  BOOST_TEST((error_of(corrent::storage::parse_resume_info("i5e", d.info_hash)).code == resume_errc::not_a_dict));
  BOOST_TEST((error_of(corrent::storage::parse_resume_info("d4:infoi5ee", d.info_hash)).code == resume_errc::bad_version));
}

BOOST_AUTO_TEST_CASE(refuses_truncated_and_non_dict_input) {
  const auto bytes = corrent::storage::encode_resume(sample());
  for (std::size_t n = 0; n < bytes.size(); n += 7) {
    const auto r = corrent::storage::parse_resume(bytes.substr(0, n), hash_of(0xab), kShape, 3);
    BOOST_TEST(!r.has_value());
  }
  BOOST_TEST(parse_error("li1ee") == std::error_code(resume_errc::not_a_dict));
  BOOST_TEST(parse_error("4:spam") == std::error_code(resume_errc::not_a_dict));
  BOOST_TEST(parse_error("de") == std::error_code(resume_errc::bad_version));
  BOOST_TEST(parse_error(edited("14:corrent-resumei1e", "14:corrent-resumei2e")) ==
             std::error_code(resume_errc::bad_version));
}

BOOST_AUTO_TEST_CASE(refuses_another_torrents_data) {
  const auto bytes = corrent::storage::encode_resume(sample());
  const auto r = corrent::storage::parse_resume(bytes, hash_of(0xcd), kShape, 3);
  BOOST_REQUIRE(!r);
  BOOST_TEST(r.error().code == std::error_code(resume_errc::wrong_info_hash));
  BOOST_TEST(parse_error(edited("9:info-hash20:" + std::string(20, '\xab'),
                                "9:info-hash19:" + std::string(19, '\xab'))) ==
             std::error_code(resume_errc::wrong_info_hash));  // 19 bytes
}

BOOST_AUTO_TEST_CASE(refuses_a_bitfield_of_the_wrong_size) {
  const auto bytes = corrent::storage::encode_resume(sample());
  for (const std::uint32_t pieces : {9u, 17u, 100u}) {
    const TorrentShape other{pieces, 16384, std::uint64_t{pieces} * 16384};
    const auto r = corrent::storage::parse_resume(bytes, hash_of(0xab), other, 3);
    BOOST_REQUIRE(!r);
    BOOST_TEST(r.error().code == std::error_code(resume_errc::wrong_piece_count));
  }
  // 10 pieces in 2 bytes, but a spare bit set.
  auto spare = sample();
  const auto wire = spare.have.to_wire();
  BOOST_TEST(parse_error(edited("6:pieces2:" + wire, "6:pieces2:" + std::string{wire[0]} + "\x7f")) ==
             std::error_code(resume_errc::wrong_piece_count));
}

BOOST_AUTO_TEST_CASE(refuses_a_file_count_mismatch) {
  const auto bytes = corrent::storage::encode_resume(sample());
  BOOST_TEST(parse_error(bytes, 2) == std::error_code(resume_errc::wrong_file_count));
  BOOST_TEST(parse_error(bytes, 4) == std::error_code(resume_errc::wrong_file_count));
  auto fewer_prios = sample();
  fewer_prios.file_priorities = {1, 1};
  BOOST_TEST(parse_error(corrent::storage::encode_resume(fewer_prios)) ==
             std::error_code(resume_errc::wrong_file_count));
}

BOOST_AUTO_TEST_CASE(refuses_negative_and_huge_numbers) {
  BOOST_TEST(parse_error(edited("8:uploadedi12345e", "8:uploadedi-1e")) ==
             std::error_code(resume_errc::bad_number));
  BOOST_TEST(parse_error(edited("10:downloadedi1099511627776e", "10:downloadedi-9e")) ==
             std::error_code(resume_errc::bad_number));
  BOOST_TEST(parse_error(edited("li1ei100000ei", "li1ei-100000ei")) ==
             std::error_code(resume_errc::bad_number));  // negative size
  BOOST_TEST(parse_error(edited("li1ei100000ei", "li1ei281474976710657ei")) ==
             std::error_code(resume_errc::bad_number));  // kMaxFileSize + 1
  BOOST_TEST(parse_error(edited("li1ei100000ei", "li2ei100000ei")) ==
             std::error_code(resume_errc::bad_number));  // exists is 0 or 1
  BOOST_TEST(parse_error(edited("li4ei0ei7ee", "li4ei0ei8ee")) ==
             std::error_code(resume_errc::bad_number));  // priority above 7
  BOOST_TEST(parse_error(edited("8:uploadedi12345e", "8:uploadedi99999999999999999999e")) ==
             std::error_code(corrent::bencode::errc::integer_overflow));
}

BOOST_AUTO_TEST_CASE(refuses_missing_or_mistyped_fields) {
  BOOST_TEST(parse_error(edited("8:uploadedi12345e", "8:uploadezi12345e")) ==
             std::error_code(resume_errc::missing_field));
  BOOST_TEST(parse_error(edited("8:uploadedi12345e", "8:uploaded3:abc")) ==
             std::error_code(resume_errc::missing_field));
  BOOST_TEST(parse_error(edited("5:filesl", "5:filxsl")) ==
             std::error_code(resume_errc::missing_field));
  BOOST_TEST(parse_error(edited("li1ei100000ei1700000000123456789ee", "li1ei100000ee")) ==
             std::error_code(resume_errc::missing_field));  // a file entry of 2 numbers
}

BOOST_AUTO_TEST_CASE(saves_atomically_and_loads) {
  corrent::test::TempDir dir;
  const auto path = dir.path() / "state/corrent/resume/x.resume";
  BOOST_TEST(!corrent::storage::load_resume(path).value().has_value());  // absent: nullopt
  BOOST_REQUIRE(corrent::storage::save_resume_atomically(path, "first"));
  BOOST_REQUIRE(corrent::storage::save_resume_atomically(path, "second"));
  BOOST_TEST(*corrent::storage::load_resume(path).value() == "second");
  BOOST_TEST(!fs::exists(path.string() + ".tmp"));
  BOOST_TEST(std::distance(fs::directory_iterator(path.parent_path()), fs::directory_iterator()) == 1);
  // At the limit and one past it.
  const std::string at_limit(corrent::storage::kMaxResumeBytes, 'x');
  BOOST_REQUIRE(corrent::storage::save_resume_atomically(path, at_limit));
  BOOST_TEST(corrent::storage::load_resume(path).value()->size() == at_limit.size());
  BOOST_REQUIRE(corrent::storage::save_resume_atomically(path, at_limit + "x"));
  BOOST_TEST(error_of(corrent::storage::load_resume(path)) ==
             std::error_code(resume_errc::too_large));
  BOOST_TEST(error_of(corrent::storage::parse_resume(at_limit + "x", hash_of(0xab), kShape, 3)).code ==
             std::error_code(resume_errc::too_large));
}

// One holder at a time, which the refused one learns; free again once the holder lets go.
// (flock locks belong to open file descriptions, so a second lock in this process conflicts
// as a second process would.)
BOOST_AUTO_TEST_CASE(lock_is_exclusive_and_names_its_holder) {
  corrent::test::TempDir dir;
  const auto path = dir.path() / "state/corrent/resume/x.resume";
  auto first = corrent::storage::lock_resume(path);
  BOOST_REQUIRE(first.has_value());
  BOOST_TEST(first->held());
  long holder = -1;
  auto second = corrent::storage::lock_resume(path, &holder);
  BOOST_REQUIRE(!second.has_value());
  BOOST_TEST(second.error() == std::error_code(resume_errc::locked));
  BOOST_TEST(holder == static_cast<long>(::getpid()));
  *first = corrent::storage::ResumeLock{};
  BOOST_TEST(corrent::storage::lock_resume(path).has_value());
  // A state folder that is a file: the OS's error, not "locked".
  const auto file = dir.path() / "a-file";
  BOOST_REQUIRE(corrent::storage::save_resume_atomically(file, "x"));
  auto blocked = corrent::storage::lock_resume(file / "corrent/resume/x.resume");
  BOOST_REQUIRE(!blocked.has_value());
  BOOST_TEST(blocked.error() != std::error_code(resume_errc::locked));
}

BOOST_AUTO_TEST_CASE(default_path_follows_xdg) {
  const auto ih = hash_of(0x01);
  const std::string name = ih.hex() + ".resume";
  const char* old_home = std::getenv("HOME");
  const std::string saved_home = old_home ? old_home : "";
  ::setenv("XDG_STATE_HOME", "/xdg/state", 1);
  BOOST_TEST(corrent::storage::default_resume_path(ih) == fs::path("/xdg/state/corrent/resume") / name);
  ::setenv("XDG_STATE_HOME", "relative", 1);  // ignored
  ::setenv("HOME", "/home/u", 1);
  BOOST_TEST(corrent::storage::default_resume_path(ih) ==
             fs::path("/home/u/.local/state/corrent/resume") / name);
  ::unsetenv("XDG_STATE_HOME");
  if (old_home) ::setenv("HOME", saved_home.c_str(), 1);
}

BOOST_AUTO_TEST_SUITE_END()
