// TorrentCreator (webtorrent-rs's builder calls): the info dict of an in-memory torrent,
// byte for byte and hash for hash, the builder's fields, and each class of bad request.
#include <boost/test/unit_test.hpp>

#include <string>

#include "corrent/crypto/sha1.hpp"
#include "corrent/metainfo/creator_errc.hpp"
#include "corrent/metainfo/metainfo.hpp"
#include "corrent/metainfo/torrent_creator.hpp"

namespace mi = corrent::metainfo;

namespace {

std::string sha1_bytes(std::string_view data) { return std::string(corrent::crypto::Sha1::digest(data).view()); }

std::string bstr(const std::string& s) { return std::to_string(s.size()) + ":" + s; }

}  // namespace

BOOST_AUTO_TEST_SUITE(torrent_creator)

BOOST_AUTO_TEST_CASE(hello_world_has_the_info_dict_any_client_computes) {
  const std::string data = "Hello, World!";
  const auto made = mi::TorrentCreator()
                        .with_announce({"http://127.0.0.1:7070/announce"})
                        .with_creation_date(1700000000)
                        .create_from_data("hello.txt", data);
  BOOST_REQUIRE_MESSAGE(made, (made ? "" : made.error().message()));
  // The info dict written by hand: keys sorted, the default 256 KiB pieces, one piece.
  const std::string info = "d6:lengthi13e4:name9:hello.txt12:piece lengthi262144e6:pieces" +
                           bstr(sha1_bytes(data)) + "e";
  BOOST_TEST(made->info_hash.hex() == corrent::crypto::Sha1::digest(info).hex());
  BOOST_TEST(made->torrent.find("4:info" + info) != std::string::npos);
  const auto parsed = mi::parse_torrent(made->torrent);
  BOOST_REQUIRE(parsed);
  BOOST_TEST((parsed->info_hash == made->info_hash));
  BOOST_TEST(parsed->info_bytes == info);
}

BOOST_AUTO_TEST_CASE(builder_fields_reach_the_torrent) {
  const auto made = mi::TorrentCreator()
                        .with_announce({"http://a.example/announce", "udp://b.example:6969"})
                        .with_comment("a comment")
                        .with_created_by("webtorrent-compatible/1")
                        .with_url_list({"http://seed.example/files/"})
                        .with_creation_date(1)
                        .create_from_data("x.bin", std::string(1000, 'x'));
  BOOST_REQUIRE(made);
  const auto parsed = mi::parse_torrent(made->torrent);
  BOOST_REQUIRE(parsed);
  BOOST_TEST(parsed->comment == "a comment");
  BOOST_TEST(parsed->created_by == "webtorrent-compatible/1");
  BOOST_TEST(made->torrent.find("8:announce25:http://a.example/announce") != std::string::npos);
  BOOST_TEST(made->torrent.find("13:announce-listll25:http://a.example/announceel20:udp://b.example:6969ee") !=
             std::string::npos);
  BOOST_TEST(made->torrent.find("8:url-listl26:http://seed.example/files/e") != std::string::npos);
  // Private is in the info dict: another info-hash for the same bytes.
  const auto open_one = mi::TorrentCreator().with_creation_date(1).create_from_data("x.bin", std::string(1000, 'x'));
  const auto private_one =
      mi::TorrentCreator().with_private(true).with_creation_date(1).create_from_data("x.bin", std::string(1000, 'x'));
  BOOST_REQUIRE(open_one);
  BOOST_REQUIRE(private_one);
  BOOST_TEST(!(open_one->info_hash == private_one->info_hash));
  BOOST_TEST(private_one->torrent.find("7:privatei1e") != std::string::npos);
  // The comment and creator are outside the info dict: the info-hash does not move.
  BOOST_TEST((open_one->info_hash == made->info_hash));
}

BOOST_AUTO_TEST_CASE(pieces_are_hashed_in_order) {
  std::string data(600 * 1024, '\0');
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>(i * 31 % 251);
  const auto made = mi::TorrentCreator().with_creation_date(1).create_from_data("p.bin", data);
  BOOST_REQUIRE(made);
  const auto parsed = mi::parse_torrent(made->torrent);
  BOOST_REQUIRE(parsed);
  const std::size_t piece = mi::kDefaultCreatorPieceLength;
  const std::string expected = sha1_bytes(std::string_view(data).substr(0, piece)) +
                               sha1_bytes(std::string_view(data).substr(piece, piece)) +
                               sha1_bytes(std::string_view(data).substr(2 * piece));
  BOOST_TEST(parsed->info_bytes.find("6:pieces60:" + expected) != std::string::npos);
  // A smaller piece length asked for: more pieces.
  const auto small = mi::TorrentCreator().with_piece_length(16384).create_from_data("p.bin", data);
  BOOST_REQUIRE(small);
  BOOST_TEST(mi::parse_torrent(small->torrent)->info_bytes.find("6:pieces" + std::to_string(38 * 20) + ":") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(each_bad_request_has_its_error) {
  const mi::TorrentCreator creator;
  BOOST_TEST(creator.create_from_data("e.bin", std::string()).error() == mi::creator_errc::empty_payload);
  BOOST_TEST(mi::TorrentCreator().with_piece_length(1000).create_from_data("a", "x").error() ==
             mi::creator_errc::invalid_piece_length);
  BOOST_TEST(mi::TorrentCreator().with_piece_length(8192).create_from_data("a", "x").error() ==
             mi::creator_errc::invalid_piece_length);
  for (const std::string name : {"", ".", "..", "a/b", "/abs"}) {
    BOOST_TEST_CONTEXT(name) {
      BOOST_TEST(creator.create_from_data(name, "x").error() == std::make_error_code(std::errc::invalid_argument));
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
