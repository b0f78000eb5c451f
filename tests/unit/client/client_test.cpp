// The client API (issue 17) on 127.0.0.1: a Client seeds bytes, another downloads them by
// magnet and reads them back; bad inputs, the .torrent URL bound, destroy(), unsupported
// options and throttling each give their own result.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cstring>
#include <string>
#include <vector>

#include <asio/experimental/awaitable_operators.hpp>
#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>

#include "corrent/client/client.hpp"
#include "corrent/metainfo/magnet.hpp"
#include "corrent/metainfo/torrent_creator.hpp"
#include "corrent/net/http/errc.hpp"
#include "client_test_support.hpp"
#include "support/loopback_http_server.hpp"
#include "support/run_coro.hpp"
#include "support/temp_dir.hpp"

namespace {

using namespace std::chrono_literals;
using namespace asio::experimental::awaitable_operators;
using corrent::Task;
using corrent::client::Client;
using corrent::client::ClientOptions;
using corrent::client::errc;
using namespace corrent::client::test;
namespace client = corrent::client;

}  // namespace

BOOST_AUTO_TEST_CASE(seeded_bytes_download_by_magnet_and_read_back) {
  asio::io_context io;
  corrent::test::TempDir dir;
  const std::string payload = corrent::test::pattern_bytes(600 * 1000, 7);  // 3 pieces of 256 KiB
  auto scenario = [&]() -> Task<void> {
    auto seed_options = loopback_options();
    seed_options.storage = client::DirectoryStorage{dir.path() / "a"};
    auto a = co_await make_client(io.get_executor(), seed_options);
    auto b = co_await make_client(io.get_executor(), loopback_options());  // memory storage

    std::string name1("hello.bin");
    std::string data1(payload);
    auto seeded = co_await a->seed(std::move(name1), std::move(data1), std::vector<std::string>{});
    BOOST_TEST_REQUIRE(seeded.has_value(), (seeded ? "" : seeded.error().message()));
    const double seeded_progress = co_await wait_complete(*seeded, 10s);
    BOOST_TEST(seeded_progress == 1.0);
    BOOST_TEST((corrent::test::read_file(dir.path() / "a" / "hello.bin") == payload));

    auto uri = seeded->magnet_uri();
    BOOST_TEST_REQUIRE(uri.has_value());
    auto magnet = corrent::metainfo::parse_magnet(*uri);
    BOOST_TEST_REQUIRE(magnet.has_value());
    auto address = a->address();
    BOOST_TEST_REQUIRE((address.has_value() && !address->empty()));
    magnet->peers = {address->front().to_string()};  // x.pe: A itself

    auto added = co_await b->add(*magnet);
    BOOST_TEST_REQUIRE(added.has_value(), (added ? "" : added.error().message()));
    BOOST_TEST((added->info_hash() == seeded->info_hash()));
    const double added_progress = co_await wait_complete(*added, 30s);
    BOOST_TEST(added_progress == 1.0);
    BOOST_TEST(*b->progress() == 1.0);
    BOOST_TEST(*added->downloaded() >= payload.size());
    BOOST_TEST(*seeded->uploaded() >= payload.size());
    BOOST_TEST(*a->ratio() == 0.0);  // nothing downloaded: 0 by definition, not infinity
    BOOST_TEST(*b->ratio() == 0.0);  // B downloaded from a seed and uploaded nothing

    auto files = added->files();
    BOOST_TEST_REQUIRE(files.has_value());
    BOOST_TEST_REQUIRE(files->size() == 1u);
    BOOST_TEST(files->front().name == "hello.bin");
    BOOST_TEST(files->front().length == payload.size());
    BOOST_TEST(*added->length() == payload.size());
    BOOST_TEST(*added->name() == "hello.bin");

    auto reader = added->reader(0);
    BOOST_TEST_REQUIRE(reader.has_value());
    BOOST_TEST(reader->size() == payload.size());
    BOOST_TEST_REQUIRE(reader->seek(300 * 1000).has_value());  // across the 1st/2nd piece border
    const std::string middle = co_await read_exactly(*reader, 10 * 1000);
    BOOST_TEST((middle == payload.substr(300 * 1000, 10 * 1000)));  // (( )): no binary dump
    BOOST_TEST(reader->position() == 310u * 1000);
    BOOST_TEST_REQUIRE(reader->seek(0).has_value());
    const std::string whole = co_await read_exactly(*reader, payload.size() + 1);
    BOOST_TEST((whole == payload));
    BOOST_TEST(fails_with(reader->seek(payload.size() + 1), errc::out_of_range));
    BOOST_TEST(fails_with(added->reader(1), errc::out_of_range));

    // The same torrent again, by magnet and by seeding the same bytes.
    auto again = co_await b->add(*magnet);
    BOOST_TEST(fails_with(again, errc::duplicate_torrent));
    BOOST_TEST((!again && again.error().detail.find(seeded->info_hash().hex()) != std::string::npos));
    {
      std::string name2("hello.bin");
      std::string data2(payload);
      auto r = co_await a->seed(std::move(name2), std::move(data2), std::vector<std::string>{});
      BOOST_TEST(fails_with(r, errc::duplicate_torrent));
    }
    BOOST_TEST(b->torrents()->size() == 1u);
    BOOST_TEST(b->get(seeded->info_hash()).has_value());

    co_await b->destroy();
    co_await a->destroy();
  };
  corrent::test::run_coro(io, scenario(), 60s);
}

BOOST_AUTO_TEST_CASE(bad_inputs_give_distinct_errors) {
  asio::io_context io;
  corrent::test::TempDir dir;
  auto scenario = [&]() -> Task<void> {
    auto c = co_await make_client(io.get_executor(), loopback_options());
    {
      client::TorrentBytes input3{"not a torrent"};
      auto r = co_await c->add(std::move(input3));
      BOOST_TEST(fails_with(r, errc::invalid_torrent));
    }
    {
      std::string input4("0123456789abcdef0123456789abcdef0123456z");
      auto r = co_await c->add(std::move(input4));
      BOOST_TEST(fails_with(r, errc::invalid_info_hash));
    }
    {
      std::string input5("abc123");
      auto r = co_await c->add(std::move(input5));
      BOOST_TEST(fails_with(r, errc::invalid_info_hash));
    }
    {
      std::string input6("magnet:?xt=urn:btih:1234");
      auto r = co_await c->add(std::move(input6));
      BOOST_TEST(fails_with(r, errc::invalid_info_hash));
    }
    {
      std::string input7((dir.path() / "missing.torrent").string());
      auto r = co_await c->add(std::move(input7));
      BOOST_TEST(fails_with(r, errc::file_not_found));
    }
    const auto garbage = dir.write("garbage.torrent", "d4:infoi1ee");
    {
      std::string input8(garbage.string());
      auto r = co_await c->add(std::move(input8));
      BOOST_TEST(fails_with(r, errc::invalid_torrent));
    }
    {
      std::string name9("x.bin");
      std::string data9;  // nothing to seed
      auto r = co_await c->seed(std::move(name9), std::move(data9), std::vector<std::string>{});
      BOOST_TEST(fails_with(r, errc::invalid_torrent));
    }
    {
      client::TorrentPath path9b{dir.path() / "missing-folder"};
      auto r = co_await c->seed(std::move(path9b), std::vector<std::string>{});
      BOOST_TEST(fails_with(r, errc::file_not_found));
    }

    // A good .torrent from a path, then the same by info-hash: a duplicate naming the hash.
    auto made = corrent::metainfo::TorrentCreator().create_from_data("small.bin", "some bytes");
    BOOST_TEST_REQUIRE(made.has_value());
    const auto path = dir.write("small.torrent", made->torrent);
    std::string input10(path.string());
    auto added = co_await c->add(std::move(input10));
    BOOST_TEST_REQUIRE(added.has_value(), (added ? "" : added.error().message()));
    std::string input11(made->info_hash.hex());
    auto dup = co_await c->add(std::move(input11));
    BOOST_TEST(fails_with(dup, errc::duplicate_torrent));
    BOOST_TEST((!dup && dup.error().message().find(made->info_hash.hex()) != std::string::npos));
    {
      client::TorrentBytes input12{made->torrent};
      auto r = co_await c->add(std::move(input12));
      BOOST_TEST(fails_with(r, errc::duplicate_torrent));
    }

    // Removed: the handle says so, and the torrent may be added again.
    auto removed = co_await c->remove(made->info_hash);
    BOOST_TEST_REQUIRE(removed.has_value());
    BOOST_TEST(fails_with(added->progress(), errc::torrent_destroyed));
    BOOST_TEST(fails_with(c->get(made->info_hash), errc::torrent_destroyed));
    {
      auto r = co_await c->remove(made->info_hash);
      BOOST_TEST(fails_with(r, errc::torrent_destroyed));
    }
    corrent::metainfo::InfoHash input13 = made->info_hash;
    auto by_hash = co_await c->add(std::move(input13));  // by bare hash: a magnet
    BOOST_TEST(by_hash.has_value());
    co_await c->destroy();
  };
  corrent::test::run_coro(io, scenario(), 30s);
}

BOOST_AUTO_TEST_CASE(strings_are_recognised) {
  corrent::test::TempDir dir;
  const auto file = dir.write("x.torrent", "d");
  BOOST_TEST((client::recognise("magnet:?xt=urn:btih:x") == client::TorrentKind::text));
  BOOST_TEST((client::recognise("https://example.org/a.torrent") == client::TorrentKind::url));
  BOOST_TEST((client::recognise("http://127.0.0.1/a.torrent") == client::TorrentKind::url));
  BOOST_TEST((client::recognise(file.string()) == client::TorrentKind::path));
  BOOST_TEST((client::recognise(std::string(40, 'a')) == client::TorrentKind::text));
  BOOST_TEST((client::recognise("some/missing.torrent") == client::TorrentKind::path));
}

BOOST_AUTO_TEST_CASE(torrent_url_is_fetched_within_its_bound) {
  asio::io_context io;
  corrent::test::LoopbackHttpServer server(io);
  auto made = corrent::metainfo::TorrentCreator().create_from_data("small.bin", "some bytes");
  BOOST_TEST_REQUIRE(made.has_value());
  const std::size_t bound = 1000;
  BOOST_TEST_REQUIRE(made->torrent.size() < bound);
  auto handler = [&](const std::string& head) -> std::optional<std::string> {
    if (head.starts_with("GET /big ")) return corrent::test::http_reply(std::string(bound + 1, 'x'));
    if (head.starts_with("GET /small.torrent ")) return corrent::test::http_reply(made->torrent);
    return corrent::test::http_reply("no", "404 Not Found");
  };
  auto scenario = [&]() -> Task<void> {
    auto options = loopback_options();
    options.max_torrent_file_bytes = bound;
    auto c = co_await make_client(io.get_executor(), options);
    std::string input14(server.url("/big"));
    auto big = co_await c->add(std::move(input14));
    BOOST_TEST(fails_with(big, errc::too_large));
    BOOST_TEST((!big && big.error().cause == corrent::net::http::errc::body_too_large));
    {
      std::string input15(server.url("/nothing"));
      auto r = co_await c->add(std::move(input15));
      BOOST_TEST(fails_with(r, errc::network));
    }
    std::string input16(server.url("/small.torrent"));
    auto small = co_await c->add(std::move(input16));
    BOOST_TEST_REQUIRE(small.has_value(), (small ? "" : small.error().message()));
    BOOST_TEST((small->info_hash() == made->info_hash));
    co_await c->destroy();
  };
  auto both = [&]() -> Task<void> { co_await (server.serve(handler) || scenario()); };
  corrent::test::run_coro(io, both(), 30s);
}

BOOST_AUTO_TEST_CASE(every_call_fails_after_destroy) {
  asio::io_context io;
  auto scenario = [&]() -> Task<void> {
    auto c = co_await make_client(io.get_executor(), loopback_options());
    auto made = corrent::metainfo::TorrentCreator().create_from_data("small.bin", "some bytes");
    BOOST_TEST_REQUIRE(made.has_value());
    client::TorrentBytes input17{made->torrent};
    auto handle = co_await c->add(std::move(input17));
    BOOST_TEST_REQUIRE(handle.has_value());
    co_await c->destroy();
    co_await c->destroy();  // twice: nothing
    const auto ih = made->info_hash;
    {
      client::TorrentBytes input18{made->torrent};
      auto r = co_await c->add(std::move(input18));
      BOOST_TEST(fails_with(r, errc::client_destroyed));
    }
    {
      std::string input19(ih.hex());
      auto r = co_await c->add(std::move(input19));
      BOOST_TEST(fails_with(r, errc::client_destroyed));
    }
    {
      std::string name20("x");
      std::string data20("y");
      auto r = co_await c->seed(std::move(name20), std::move(data20), std::vector<std::string>{});
      BOOST_TEST(fails_with(r, errc::client_destroyed));
    }
    {
      auto r = co_await c->remove(ih);
      BOOST_TEST(fails_with(r, errc::client_destroyed));
    }
    BOOST_TEST(fails_with(c->get(ih), errc::client_destroyed));
    BOOST_TEST(fails_with(c->torrents(), errc::client_destroyed));
    BOOST_TEST(fails_with(c->add_peer(ih, *corrent::net::Endpoint::parse("127.0.0.1:1")), errc::client_destroyed));
    BOOST_TEST(fails_with(c->progress(), errc::client_destroyed));
    BOOST_TEST(fails_with(c->ratio(), errc::client_destroyed));
    BOOST_TEST(fails_with(c->download_speed(), errc::client_destroyed));
    BOOST_TEST(fails_with(c->upload_speed(), errc::client_destroyed));
    BOOST_TEST(fails_with(c->throttle_download(1000), errc::client_destroyed));
    BOOST_TEST(fails_with(c->throttle_upload(std::nullopt), errc::client_destroyed));
    BOOST_TEST(fails_with(c->rate_limits(), errc::client_destroyed));
    BOOST_TEST(fails_with(c->address(), errc::client_destroyed));
    BOOST_TEST(fails_with(handle->name(), errc::client_destroyed));
    BOOST_TEST(fails_with(handle->length(), errc::client_destroyed));
    BOOST_TEST(fails_with(handle->files(), errc::client_destroyed));
    BOOST_TEST(fails_with(handle->progress(), errc::client_destroyed));
    BOOST_TEST(fails_with(handle->downloaded(), errc::client_destroyed));
    BOOST_TEST(fails_with(handle->received(), errc::client_destroyed));
    BOOST_TEST(fails_with(handle->bitfield(), errc::client_destroyed));
    BOOST_TEST(fails_with(handle->throttle_download(1000), errc::client_destroyed));
    BOOST_TEST(fails_with(handle->rate_limits(), errc::client_destroyed));
    BOOST_TEST(fails_with(handle->take_warnings(), errc::client_destroyed));
    BOOST_TEST(fails_with(c->take_warnings(), errc::client_destroyed));
    BOOST_TEST(fails_with(handle->uploaded(), errc::client_destroyed));
    BOOST_TEST(fails_with(handle->num_peers(), errc::client_destroyed));
    BOOST_TEST(fails_with(handle->magnet_uri(), errc::client_destroyed));
    BOOST_TEST(fails_with(handle->reader(0), errc::client_destroyed));
    {
      auto r = co_await handle->destroy();
      BOOST_TEST(fails_with(r, errc::client_destroyed));
    }
  };
  corrent::test::run_coro(io, scenario(), 30s);
}

BOOST_AUTO_TEST_CASE(plugins_are_switched_by_their_options) {
  asio::io_context io;
  corrent::test::TempDir dir;
  auto scenario = [&]() -> Task<void> {
    // uTP (WebTorrent's utp, on by default) runs beside TCP on the torrent port.
    auto with_utp = loopback_options();
    with_utp.utp = true;
    auto utp_client = co_await Client::create(io.get_executor(), with_utp);
    BOOST_TEST_REQUIRE(utp_client.has_value(), (utp_client ? "" : utp_client.error().message()));
    co_await (*utp_client)->destroy();
    // The plugins may be switched off (each section's "enabled").
    auto lean = loopback_options();
    lean.pex = false;
    lean.web_seeds = false;
    auto lean_client = co_await Client::create(io.get_executor(), lean);
    BOOST_TEST_REQUIRE(lean_client.has_value(), (lean_client ? "" : lean_client.error().message()));
    co_await (*lean_client)->destroy();

    auto options = loopback_options();
    options.blocklist = dir.path() / "missing.dat";
    {
      auto r = co_await Client::create(io.get_executor(), options);
      BOOST_TEST(fails_with(r, errc::file_not_found));
    }
  };
  corrent::test::run_coro(io, scenario(), 30s);
}

BOOST_AUTO_TEST_CASE(chosen_ids_are_used) {
  asio::io_context io;
  auto scenario = [&]() -> Task<void> {
    auto options = loopback_options();
    const auto id = *corrent::PeerId::from_bytes("-XX0001-abcdefghijkl");
    options.peer_id = id;
    options.dht = true;  // on the session's UDP socket, no bootstrap nodes: nothing leaves
    options.dht_node_id = client::NodeIdBytes{};
    options.dht_node_id->fill(0x42);
    auto c = co_await make_client(io.get_executor(), options);
    BOOST_TEST((*c->peer_id() == id));
    auto other = co_await make_client(io.get_executor(), loopback_options());
    BOOST_TEST((*other->peer_id() != id));
    BOOST_TEST(other->peer_id()->view().starts_with(corrent::kPeerIdPrefix));
    co_await other->destroy();
    co_await c->destroy();
    BOOST_TEST(fails_with(c->peer_id(), errc::client_destroyed));
  };
  corrent::test::run_coro(io, scenario(), 30s);
}

BOOST_AUTO_TEST_CASE(throttle_changes_the_session_limits) {
  asio::io_context io;
  auto scenario = [&]() -> Task<void> {
    auto options = loopback_options();
    options.upload_limit = 5000;
    auto c = co_await make_client(io.get_executor(), options);
    BOOST_TEST((c->rate_limits()->upload == std::optional<std::uint64_t>(5000)));
    BOOST_TEST(!c->rate_limits()->download.has_value());
    BOOST_TEST_REQUIRE(c->throttle_download(12345).has_value());
    BOOST_TEST((c->rate_limits()->download == std::optional<std::uint64_t>(12345)));
    BOOST_TEST_REQUIRE(c->throttle_upload(std::nullopt).has_value());
    BOOST_TEST(!c->rate_limits()->upload.has_value());
    BOOST_TEST((c->rate_limits()->download == std::optional<std::uint64_t>(12345)));
    BOOST_TEST(fails_with(c->throttle_download(0), errc::invalid_option));
    BOOST_TEST_REQUIRE(c->throttle_download(std::nullopt).has_value());
    BOOST_TEST(!c->rate_limits()->download.has_value());
    co_await c->destroy();
  };
  corrent::test::run_coro(io, scenario(), 30s);
}
