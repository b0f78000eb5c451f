// The client API's seeding (issue 17): bytes seeded from memory, a file and a folder
// seeded where they lie, each downloaded by another Client on 127.0.0.1; the handle's
// pieces, byte counters and its own throttle.
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
using corrent::client::Client;
using corrent::client::errc;
using namespace corrent::client::test;
namespace client = corrent::client;

/// Adds `seeded`'s torrent to `leecher` by magnet, with `seeder` as its only peer.
Task<client::ClientResult<client::TorrentHandle>> add_from(Client& leecher, Client& seeder,
                                                           const client::TorrentHandle& seeded) {
  auto uri = seeded.magnet_uri();
  BOOST_TEST_REQUIRE(uri.has_value());
  auto magnet = corrent::metainfo::parse_magnet(*uri);
  BOOST_TEST_REQUIRE(magnet.has_value());
  magnet->peers = {seeder.address()->front().to_string()};
  co_return co_await leecher.add(std::move(*magnet));
}

}  // namespace

BOOST_AUTO_TEST_CASE(bytes_seeded_from_memory_download_and_the_handle_counts_them) {
  asio::io_context io;
  corrent::test::TempDir dir;
  const std::string payload = corrent::test::pattern_bytes(700 * 1000, 3);  // 3 pieces of 256 KiB
  auto scenario = [&]() -> Task<void> {
    auto a = co_await make_client(io.get_executor(), loopback_options());  // memory storage
    auto leecher_options = loopback_options();
    leecher_options.storage = client::DirectoryStorage{dir.path() / "b"};
    auto b = co_await make_client(io.get_executor(), leecher_options);

    std::string name("memory.bin");
    std::string data(payload);
    auto seeded = co_await a->seed(std::move(name), std::move(data), std::vector<std::string>{});
    BOOST_TEST_REQUIRE(seeded.has_value(), (seeded ? "" : seeded.error().message()));
    const double seeded_progress = co_await wait_complete(*seeded, 10s);
    BOOST_TEST(seeded_progress == 1.0);
    auto have = seeded->bitfield();
    BOOST_TEST_REQUIRE(have.has_value());
    BOOST_TEST(have->size() == 3u);
    BOOST_TEST(have->all());
    BOOST_TEST(!std::filesystem::exists(dir.path() / "memory.bin"));  // nothing written anywhere

    // The leecher's own throttle, within the client's (none).
    auto added = co_await add_from(*b, *a, *seeded);
    BOOST_TEST_REQUIRE(added.has_value(), (added ? "" : added.error().message()));
    BOOST_TEST_REQUIRE(added->throttle_download(4'000'000).has_value());
    BOOST_TEST((added->rate_limits()->download == std::optional<std::uint64_t>(4'000'000)));
    BOOST_TEST(!b->rate_limits()->download.has_value());
    BOOST_TEST(fails_with(added->throttle_upload(0), errc::invalid_option));
    const double progress = co_await wait_complete(*added, 30s);
    BOOST_TEST(progress == 1.0);
    BOOST_TEST((corrent::test::read_file(dir.path() / "b" / "memory.bin") == payload));
    BOOST_TEST(added->bitfield()->all());
    BOOST_TEST(*added->received() >= payload.size());
    BOOST_TEST(*added->downloaded() <= *added->received());
    BOOST_TEST(*added->downloaded() >= payload.size());
    BOOST_TEST(*seeded->uploaded() >= payload.size());
    BOOST_TEST_REQUIRE(added->throttle_download(std::nullopt).has_value());
    BOOST_TEST(!added->rate_limits()->download.has_value());

    co_await b->destroy();
    co_await a->destroy();
  };
  corrent::test::run_coro(io, scenario(), 60s);
}

BOOST_AUTO_TEST_CASE(a_file_and_a_folder_are_seeded_where_they_lie) {
  asio::io_context io;
  corrent::test::TempDir dir;
  const std::string one = corrent::test::pattern_bytes(300 * 1000, 5);
  const std::string two = corrent::test::pattern_bytes(90 * 1000, 6);
  const auto single = dir.write("share/single.bin", one);
  dir.write("share/album/a.bin", one);
  dir.write("share/album/sub/b.bin", two);
  auto scenario = [&]() -> Task<void> {
    // A memory client reads the files into memory; a directory client reads them in place.
    auto memory = co_await make_client(io.get_executor(), loopback_options());
    auto folder_options = loopback_options();
    folder_options.storage = client::DirectoryStorage{dir.path() / "unrelated"};
    auto on_disk = co_await make_client(io.get_executor(), folder_options);
    auto leecher_options = loopback_options();
    leecher_options.storage = client::DirectoryStorage{dir.path() / "down"};
    auto leecher = co_await make_client(io.get_executor(), leecher_options);

    client::TorrentPath file{single};
    auto file_seed = co_await memory->seed(std::move(file), std::vector<std::string>{});
    BOOST_TEST_REQUIRE(file_seed.has_value(), (file_seed ? "" : file_seed.error().message()));
    client::TorrentPath album{dir.path() / "share" / "album" / ""};  // a trailing separator
    auto album_seed = co_await on_disk->seed(std::move(album), std::vector<std::string>{});
    BOOST_TEST_REQUIRE(album_seed.has_value(), (album_seed ? "" : album_seed.error().message()));
    BOOST_TEST(*album_seed->name() == "album");
    BOOST_TEST(album_seed->files()->size() == 2u);
    const double file_progress = co_await wait_complete(*file_seed, 10s);
    BOOST_TEST(file_progress == 1.0);
    const double album_progress = co_await wait_complete(*album_seed, 10s);
    BOOST_TEST(album_progress == 1.0);
    BOOST_TEST(!std::filesystem::exists(dir.path() / "unrelated" / "album"));  // seeded in place

    auto got_file = co_await add_from(*leecher, *memory, *file_seed);
    BOOST_TEST_REQUIRE(got_file.has_value(), (got_file ? "" : got_file.error().message()));
    auto got_album = co_await add_from(*leecher, *on_disk, *album_seed);
    BOOST_TEST_REQUIRE(got_album.has_value(), (got_album ? "" : got_album.error().message()));
    const double p1 = co_await wait_complete(*got_file, 30s);
    const double p2 = co_await wait_complete(*got_album, 30s);
    BOOST_TEST(p1 == 1.0);
    BOOST_TEST(p2 == 1.0);
    BOOST_TEST((corrent::test::read_file(dir.path() / "down" / "single.bin") == one));
    BOOST_TEST((corrent::test::read_file(dir.path() / "down" / "album" / "a.bin") == one));
    BOOST_TEST((corrent::test::read_file(dir.path() / "down" / "album" / "sub" / "b.bin") == two));

    // The same folder again: the same torrent.
    client::TorrentPath again{dir.path() / "share" / "album"};
    auto dup = co_await on_disk->seed(std::move(again), std::vector<std::string>{});
    BOOST_TEST(fails_with(dup, errc::duplicate_torrent));

    co_await leecher->destroy();
    co_await on_disk->destroy();
    co_await memory->destroy();
  };
  corrent::test::run_coro(io, scenario(), 60s);
}
