// Selecting piece ranges while a torrent runs (WebTorrent's select, deselect, critical):
// a leecher that deselects everything and selects one piece fetches that piece and stops.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>
#include <vector>

#include <asio/io_context.hpp>

#include "client_test_support.hpp"
#include "corrent/metainfo/magnet.hpp"
#include "support/run_coro.hpp"
#include "support/temp_dir.hpp"

namespace {

using namespace std::chrono_literals;
using corrent::Task;
using corrent::client::errc;
using namespace corrent::client::test;
namespace client = corrent::client;

/// Polls until the handle knows its files (a magnet's metadata arrived) or `limit` passes.
Task<bool> wait_metadata(const client::TorrentHandle& handle, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (handle.length().has_value()) co_return true;
    co_await sleep_for(20ms);
  }
  co_return false;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_selected_range_is_fetched_and_a_deselected_one_is_not) {
  asio::io_context io;
  const std::string payload = corrent::test::pattern_bytes(4 * 256 * 1024, 11);  // 4 pieces
  auto scenario = [&]() -> Task<void> {
    auto a = co_await make_client(io.get_executor(), loopback_options());
    auto b = co_await make_client(io.get_executor(), loopback_options());
    std::string name("select.bin");
    std::string data(payload);
    auto seeded = co_await a->seed(std::move(name), std::move(data), std::vector<std::string>{});
    BOOST_TEST_REQUIRE(seeded.has_value(), (seeded ? "" : seeded.error().message()));
    const double seeded_progress = co_await wait_complete(*seeded, 10s);
    BOOST_TEST_REQUIRE(seeded_progress == 1.0);

    // Without its metadata a magnet has no pieces to select.
    auto magnet = corrent::metainfo::parse_magnet(*seeded->magnet_uri());
    BOOST_TEST_REQUIRE(magnet.has_value());
    auto added = co_await b->add(*magnet);
    BOOST_TEST_REQUIRE(added.has_value());
    BOOST_TEST_REQUIRE(added->throttle_download(16 * 1024).has_value());  // slow: nothing completes yet
    {
      auto early = co_await added->select(0, 0);
      BOOST_TEST(fails_with(early, errc::metadata_pending));
    }
    BOOST_TEST_REQUIRE(b->add_peer(added->info_hash(), a->address()->front()).has_value());
    const bool metadata = co_await wait_metadata(*added, 10s);
    BOOST_TEST_REQUIRE(metadata);

    auto none = co_await added->deselect(0, 3);
    BOOST_TEST_REQUIRE(none.has_value(), (none ? "" : none.error().message()));
    auto one = co_await added->select(2, 2, 3);
    BOOST_TEST_REQUIRE(one.has_value(), (one ? "" : one.error().message()));
    auto now = co_await added->critical(2, 2);
    BOOST_TEST_REQUIRE(now.has_value());
    {
      auto past = co_await added->select(3, 4);
      BOOST_TEST(fails_with(past, errc::out_of_range));
      auto backwards = co_await added->select(2, 1);
      BOOST_TEST(fails_with(backwards, errc::out_of_range));
      auto too_high = co_await added->select(0, 0, 8);
      BOOST_TEST(fails_with(too_high, errc::invalid_option));
    }
    BOOST_TEST_REQUIRE(added->throttle_download(std::nullopt).has_value());
    const double progress = co_await wait_complete(*added, 20s);  // of what is wanted: piece 2
    BOOST_TEST(progress == 1.0);
    co_await sleep_for(500ms);  // nothing else is fetched after
    auto have = added->bitfield();
    BOOST_TEST_REQUIRE(have.has_value());
    BOOST_TEST(have->test(corrent::PieceIndex{2}));
    BOOST_TEST(have->count() == 1u);
    BOOST_TEST(*added->downloaded() < 2u * 256 * 1024);

    // The reader still sees the selected piece's bytes.
    auto reader = added->reader(0);
    BOOST_TEST_REQUIRE(reader.has_value());
    BOOST_TEST_REQUIRE(reader->seek(2 * 256 * 1024).has_value());
    const std::string piece = co_await read_exactly(*reader, 256 * 1024);
    BOOST_TEST((piece == payload.substr(2 * 256 * 1024, 256 * 1024)));
    co_await b->destroy();
    co_await a->destroy();
  };
  corrent::test::run_coro(io, scenario(), 60s);
}
