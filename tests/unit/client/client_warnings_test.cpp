// The client API's warnings (issue 17): what goes wrong while a torrent runs comes back
// from take_warnings() as a distinct code. Real sockets on 127.0.0.1: a port nobody
// listens on (network), a listener whose queue is full so that our SYN is dropped
// (connection_timed_out), a peer that accepts and never speaks (handshake_timed_out), and
// a seed whose file changed under it after it was checked (piece_verification_failed).
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>

#include "client_test_support.hpp"
#include "corrent/metainfo/magnet.hpp"
#include "corrent/metainfo/torrent_creator.hpp"
#include "support/run_coro.hpp"
#include "support/temp_dir.hpp"

namespace {

using namespace std::chrono_literals;
using corrent::Task;
using corrent::client::errc;
using namespace corrent::client::test;
namespace client = corrent::client;
using asio::ip::tcp;

const auto kLoopback = asio::ip::make_address("127.0.0.1");

/// Polls `handle`'s warnings until one has `code` or `limit` passes; all taken.
Task<std::vector<client::ClientError>> wait_warning(client::TorrentHandle& handle, errc code,
                                                    std::chrono::milliseconds limit) {
  std::vector<client::ClientError> all;
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    auto some = handle.take_warnings();
    BOOST_TEST_REQUIRE(some.has_value());
    all.insert(all.end(), some->begin(), some->end());
    if (std::any_of(all.begin(), all.end(), [&](const auto& w) { return w.code == code; })) break;
    co_await sleep_for(100ms);
  }
  co_return all;
}

/// The warning with `code` that names `peer`, if any.
bool names(const std::vector<client::ClientError>& warnings, errc code, const std::string& peer) {
  return std::any_of(warnings.begin(), warnings.end(), [&](const auto& w) {
    if (w.code == code) BOOST_TEST_MESSAGE(w.message());
    return w.code == code && w.detail == peer;
  });
}

/// A port with nobody listening on it (bound, then closed).
std::uint16_t closed_port(asio::io_context& io) {
  tcp::acceptor probe(io, tcp::endpoint(kLoopback, 0));
  const auto port = probe.local_endpoint().port();
  probe.close();
  return port;
}

}  // namespace

BOOST_AUTO_TEST_CASE(peers_that_do_not_answer_are_named_with_their_code) {
  asio::io_context io;
  // Backlog 0 with one connection queued and never accepted: Linux drops the next SYNs.
  tcp::acceptor full(io, tcp::endpoint(kLoopback, 0));
  full.listen(0);
  tcp::socket filler(io);
  filler.connect(full.local_endpoint());
  // Accepts and then says nothing: neither the encryption nor the BitTorrent handshake.
  tcp::acceptor silent(io, tcp::endpoint(kLoopback, 0));
  silent.listen();
  std::vector<std::shared_ptr<tcp::socket>> held;
  std::function<void()> accept_next = [&] {
    auto socket = std::make_shared<tcp::socket>(io);
    silent.async_accept(*socket, [&, socket](std::error_code ec) {
      if (ec) return;
      held.push_back(socket);
      accept_next();
    });
  };
  accept_next();
  const auto refused_port = closed_port(io);
  const auto endpoint = [](std::uint16_t port) { return "127.0.0.1:" + std::to_string(port); };

  auto scenario = [&]() -> Task<void> {
    auto c = co_await make_client(io.get_executor(), loopback_options());
    auto made = corrent::metainfo::TorrentCreator().create_from_data("x.bin", std::string(40000, 'x'));
    BOOST_TEST_REQUIRE(made.has_value());
    client::TorrentBytes bytes{made->torrent};
    auto handle = co_await c->add(std::move(bytes));
    BOOST_TEST_REQUIRE(handle.has_value());
    for (const auto port : {refused_port, full.local_endpoint().port(), silent.local_endpoint().port()}) {
      BOOST_TEST_REQUIRE(c->add_peer(handle->info_hash(), *corrent::net::Endpoint::parse(endpoint(port))).has_value());
    }
    // 15 s of connect time-out; 15 s of encryption handshake, then 20 s of plaintext
    // handshake (the fallback of EncryptionPolicy::enabled).
    auto warnings = co_await wait_warning(*handle, errc::handshake_timed_out, 45s);
    BOOST_TEST(names(warnings, errc::network, endpoint(refused_port)));
    BOOST_TEST(names(warnings, errc::connection_timed_out, endpoint(full.local_endpoint().port())));
    BOOST_TEST(names(warnings, errc::handshake_timed_out, endpoint(silent.local_endpoint().port())));
    auto again = handle->take_warnings();  // taken: gone
    BOOST_TEST_REQUIRE(again.has_value());
    BOOST_TEST(std::none_of(again->begin(), again->end(),
                            [](const auto& w) { return w.code == errc::handshake_timed_out; }));
    co_await c->destroy();
    silent.close();
    full.close();
  };
  corrent::test::run_coro(io, scenario(), 60s);
}

BOOST_AUTO_TEST_CASE(a_seed_serving_changed_bytes_fails_verification) {
  asio::io_context io;
  corrent::test::TempDir dir;
  const std::string payload = corrent::test::pattern_bytes(600 * 1000, 9);
  auto scenario = [&]() -> Task<void> {
    auto seed_options = loopback_options();
    seed_options.storage = client::DirectoryStorage{dir.path() / "a"};
    auto a = co_await make_client(io.get_executor(), seed_options);
    auto b = co_await make_client(io.get_executor(), loopback_options());
    std::string name("changed.bin");
    std::string data(payload);
    auto seeded = co_await a->seed(std::move(name), std::move(data), std::vector<std::string>{});
    BOOST_TEST_REQUIRE(seeded.has_value(), (seeded ? "" : seeded.error().message()));
    const double seeded_progress = co_await wait_complete(*seeded, 10s);
    BOOST_TEST_REQUIRE(seeded_progress == 1.0);
    // Checked and seeding; now every byte differs on disk (same size, so nothing notices).
    std::string changed(payload);
    for (auto& ch : changed) ch = static_cast<char>(~ch);
    dir.write("a/changed.bin", changed);

    auto magnet = corrent::metainfo::parse_magnet(*seeded->magnet_uri());
    BOOST_TEST_REQUIRE(magnet.has_value());
    magnet->peers = {a->address()->front().to_string()};
    auto added = co_await b->add(std::move(*magnet));
    BOOST_TEST_REQUIRE(added.has_value());
    auto warnings = co_await wait_warning(*added, errc::piece_verification_failed, 30s);
    BOOST_TEST(std::any_of(warnings.begin(), warnings.end(),
                           [](const auto& w) { return w.code == errc::piece_verification_failed; }));
    BOOST_TEST(*added->progress() < 1.0);
    BOOST_TEST(*added->received() > *added->downloaded());  // the failed piece was thrown away
    co_await b->destroy();
    co_await a->destroy();
  };
  corrent::test::run_coro(io, scenario(), 60s);
}
