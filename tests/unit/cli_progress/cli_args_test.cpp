// The engine commands' argument conversions: --peer, --only, --bind/--port.
#include <boost/test/unit_test.hpp>

#include "cli_args.hpp"

using namespace corrent;
using namespace corrent::cli;

namespace {

metainfo::FileLayout three_files_and_a_pad() {
  std::vector<metainfo::FileEntry> files(4);
  files[0].path = "t/a";
  files[0].size = 100;
  files[1].path = "t/.pad/16284";
  files[1].size = 16284;
  files[1].pad = true;
  files[2].path = "t/b";
  files[2].size = 20000;
  files[3].path = "t/c";
  files[3].size = 5;
  return *metainfo::FileLayout::make(std::move(files), 16384);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(cli_args)

BOOST_AUTO_TEST_CASE(peers_parse) {
  const auto peers = parse_peers({"127.0.0.1:6881", "[::1]:51413"});
  BOOST_TEST_REQUIRE(peers.has_value());
  BOOST_TEST(peers->size() == 2u);
  BOOST_TEST((*peers)[0].to_string() == "127.0.0.1:6881");
  BOOST_TEST((*peers)[1].is_v6());
}

BOOST_AUTO_TEST_CASE(bad_peers_are_named) {
  for (const char* bad : {"127.0.0.1", "host:1", "127.0.0.1:99999", "::1:5", "127.0.0.1:0", ""}) {
    const auto peers = parse_peers({"127.0.0.1:1", bad});
    BOOST_TEST(!peers.has_value(), bad);
    if (!peers) BOOST_TEST(peers.error().find(std::string("--peer ") + bad) == 0u, peers.error());
  }
}

BOOST_AUTO_TEST_CASE(only_selects_files) {
  const auto layout = three_files_and_a_pad();
  BOOST_TEST(only_priorities({}, layout)->empty());
  const auto prios = only_priorities({0, 3}, layout);
  BOOST_TEST_REQUIRE(prios.has_value());
  BOOST_TEST((*prios == std::vector<std::uint8_t>{4, 0, 0, 4}));
}

BOOST_AUTO_TEST_CASE(only_at_and_past_the_last_file) {
  const auto layout = three_files_and_a_pad();
  BOOST_TEST(only_priorities({3}, layout).has_value());
  const auto past = only_priorities({4}, layout);
  BOOST_TEST_REQUIRE(!past.has_value());
  BOOST_TEST(past.error().find("has 4 files") != std::string::npos, past.error());
}

BOOST_AUTO_TEST_CASE(only_refuses_pad_files) {
  const auto pad = only_priorities({1}, three_files_and_a_pad());
  BOOST_TEST_REQUIRE(!pad.has_value());
  BOOST_TEST(pad.error().find("pad") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(listen_addresses_from_bind_and_port) {
  BOOST_TEST(listen_addresses("127.0.0.1", 0)->front() == "127.0.0.1:0");
  BOOST_TEST(listen_addresses("::1", 6881)->front() == "[::1]:6881");
  BOOST_TEST(listen_addresses("0.0.0.0", 65535).has_value());
  BOOST_TEST(!listen_addresses("0.0.0.0", 65536).has_value());
  BOOST_TEST(!listen_addresses("localhost", 1).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
