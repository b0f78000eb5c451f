// The --json lines of the engine commands: names and fields of each event.
#include <boost/test/unit_test.hpp>

#include "event_json.hpp"

using namespace corrent;
using namespace corrent::cli;

namespace {

metainfo::InfoHash some_hash() {
  metainfo::InfoHash ih;
  for (std::size_t i = 0; i < ih.bytes.size(); ++i) ih.bytes[i] = static_cast<std::uint8_t>(i);
  return ih;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(event_json_lines)

BOOST_AUTO_TEST_CASE(piece_finished) {
  const auto j = event_json(events::PieceFinished{some_hash(), PieceIndex{7}});
  BOOST_TEST(j.at("event") == "piece_finished");
  BOOST_TEST(j.at("piece") == 7);
  BOOST_TEST(j.at("info_hash") == some_hash().hex());
}

BOOST_AUTO_TEST_CASE(torrent_state_names_both_states) {
  const auto j = event_json(events::TorrentStateChanged{some_hash(), TorrentState::checking, TorrentState::paused});
  BOOST_TEST(j.at("event") == "torrent_state");
  BOOST_TEST(j.at("from") == "checking");
  BOOST_TEST(j.at("to") == "paused");
  BOOST_TEST(j.at("info_hash") == some_hash().hex());
}

BOOST_AUTO_TEST_CASE(peer_connect_failed_says_which_stage) {
  const auto peer = *net::Endpoint::parse("127.0.0.1:6881");
  const auto j = event_json(events::PeerConnectFailed{some_hash(), peer, make_error_code(std::errc::timed_out), true});
  BOOST_TEST(j.at("event") == "peer_connect_failed");
  BOOST_TEST(j.at("endpoint") == "127.0.0.1:6881");
  BOOST_TEST(j.at("connected") == true);
  BOOST_TEST(j.at("info_hash") == some_hash().hex());
  BOOST_TEST(j.at("error").dump().find("timed out") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(peer_banned_names_the_peer) {
  const auto j =
      event_json(events::PeerBanned{some_hash(), net::Endpoint::v4({127, 0, 0, 1}, 6881), "hash failures"});
  BOOST_TEST(j.at("event") == "peer_banned");
  BOOST_TEST(j.at("endpoint") == "127.0.0.1:6881");
  BOOST_TEST(j.at("why") == "hash failures");
}

BOOST_AUTO_TEST_CASE(port_mapping_events_name_the_mapper_and_the_ports) {
  const PortRequest request{6881, PortProtocol::tcp};
  const auto mapped = event_json(events::PortMapped{"upnp", request, net::Endpoint::v4({203, 0, 113, 9}, 40000)});
  BOOST_TEST(mapped.at("event") == "port_mapped");
  BOOST_TEST(mapped.at("mapper") == "upnp");
  BOOST_TEST(mapped.at("protocol") == "tcp");
  BOOST_TEST(mapped.at("local_port") == 6881);
  BOOST_TEST(mapped.at("external") == "203.0.113.9:40000");
  const PortRequest udp{6881, PortProtocol::udp};
  const auto gone = event_json(events::PortUnmapped{"natpmp", udp, std::make_error_code(std::errc::timed_out)});
  BOOST_TEST(gone.at("event") == "port_unmapped");
  BOOST_TEST(gone.at("mapper") == "natpmp");
  BOOST_TEST(gone.at("protocol") == "udp");
  BOOST_TEST(gone.at("local_port") == 6881);
  BOOST_TEST(gone.at("error").at("value") == static_cast<int>(std::errc::timed_out));
  const auto address = event_json(events::ExternalAddressChanged{net::Endpoint::v4({203, 0, 113, 9}, 0), "nat_upnp"});
  BOOST_TEST(address.at("event") == "external_address");
  BOOST_TEST(address.at("address") == "203.0.113.9");
  BOOST_TEST(address.at("source") == "nat_upnp");
}

BOOST_AUTO_TEST_CASE(stats_carries_every_counter) {
  events::Stats s;
  s.info_hash = some_hash();
  s.pieces_have = 3;
  s.pieces_total = 10;
  s.downloaded = 123456;
  s.peers = 2;
  const auto j = event_json(s);
  BOOST_TEST(j.at("event") == "stats");
  BOOST_TEST(j.at("info_hash") == some_hash().hex());
  BOOST_TEST(j.at("pieces_have") == 3);
  BOOST_TEST(j.at("downloaded") == 123456);
  BOOST_TEST(j.at("peers") == 2);
  for (const char* key : {"wanted_total", "wanted_done", "download_rate", "upload_rate", "uploaded", "wasted",
                          "seeds", "pieces_total"}) {
    BOOST_TEST(j.contains(key), key);
  }
}

BOOST_AUTO_TEST_CASE(status_json_names_the_state) {
  engine::TorrentStatus s;
  s.state = engine::TorrentState::seeding;
  s.finished = true;
  const auto j = status_json(s);
  BOOST_TEST(j.at("state") == "seeding");
  BOOST_TEST(j.at("finished") == true);
}

BOOST_AUTO_TEST_CASE(torrent_error_has_message) {
  const auto j = event_json(events::TorrentError{some_hash(), std::make_error_code(std::errc::no_space_on_device),
                                                 "writing piece 3"});
  BOOST_TEST(j.at("event") == "torrent_error");
  BOOST_TEST(j.at("detail") == "writing piece 3");
  BOOST_TEST(!j.at("error").at("message").get<std::string>().empty());
}

BOOST_AUTO_TEST_CASE(every_line_is_one_line) {
  const auto text = event_json(events::TorrentAdded{some_hash(), "name\nwith newline"}).dump();
  BOOST_TEST(text.find('\n') == std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
