// A seeding Session against a peer that asks too much: requests past the upload queue
// bound are rejected (fast extension), the rest are served, and nothing else breaks.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <random>
#include <string>

#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>

#include "corrent/engine/session.hpp"
#include "corrent/engine/session_limits.hpp"
#include "corrent/metainfo/creator.hpp"
#include "corrent/metainfo/metainfo.hpp"
#include "corrent/net/task_group.hpp"
#include "corrent/registry/plugin_set.hpp"
#include "corrent/plugins/standard.hpp"
#include "corrent/wire/peer_connection.hpp"
#include "support/run_coro.hpp"
#include "support/temp_dir.hpp"

namespace {

using namespace std::chrono_literals;
using corrent::Task;
namespace wire = corrent::wire;

// Counts what the seeder answers.
struct Counter final : wire::MessageHandler {
  std::size_t pieces = 0, rejects = 0;
  bool unchoked = false;
  corrent::Result<void> on_unchoke() override {
    unchoked = true;
    return {};
  }
  corrent::Result<void> on_reject(const wire::Reject&) override {
    ++rejects;
    return {};
  }
  Task<corrent::Result<void>> on_piece(const wire::Piece&) override {
    ++pieces;
    co_return corrent::Result<void>{};
  }
};

Task<void> run_connection(wire::PeerConnection* c, Counter* h, std::optional<std::error_code>* end) {
  *end = co_await c->run(*h);
}

// Polls `done` every 5 ms for at most `limit`.
template <class F>
Task<bool> eventually(F done, std::chrono::milliseconds limit) {
  asio::steady_timer t(co_await asio::this_coro::executor);
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done() && std::chrono::steady_clock::now() < deadline) {
    t.expires_after(5ms);
    co_await t.async_wait(corrent::use_nothrow);
  }
  co_return done();
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_request_flood_past_the_upload_queue_is_rejected_not_queued) {
  asio::io_context io;
  corrent::test::TempDir dir;
  std::mt19937 gen(3);
  std::string data(256 * 1024, '\0');
  for (auto& c : data) c = static_cast<char>(gen());
  dir.write("payload.bin", data);
  corrent::metainfo::CreateOptions options;
  options.piece_length = 32 * 1024;
  auto bytes = corrent::metainfo::create_torrent(dir.path() / "payload.bin", options);
  BOOST_TEST_REQUIRE(bytes.has_value());
  auto meta = corrent::metainfo::parse_torrent(*bytes);
  BOOST_TEST_REQUIRE(meta.has_value());

  corrent::Registry registry;
  corrent::plugins::register_standard(registry);
  corrent::engine::SessionSettings settings;
  settings.listen = {"127.0.0.1:0"};
  settings.resume_dir = dir.path() / "resume";
  auto session = corrent::engine::Session::create(io.get_executor(), registry, corrent::Config{}, settings);
  BOOST_TEST_REQUIRE(session.has_value());
  auto transports = corrent::build_plugins(registry, corrent::Config{}, io.get_executor());
  BOOST_TEST_REQUIRE(transports.has_value());
  auto* tcp = transports->all<corrent::net::Transport>().front();

  const std::size_t flood = corrent::engine::kMaxUploadQueue + 100;
  Counter counter;
  auto scenario = [&]() -> Task<void> {
    auto& s = **session;
    BOOST_TEST_REQUIRE((co_await s.start()).has_value());
    corrent::engine::AddTorrentParams params{*meta, dir.path()};
    BOOST_TEST_REQUIRE((co_await s.add_torrent(std::move(params))).has_value());
    const auto ih = meta->info_hash;
    BOOST_TEST_REQUIRE(co_await eventually(
        [&] { return s.status(ih)->state == corrent::engine::TorrentState::seeding; }, 5000ms));
    const auto seeder = s.listen_endpoints().front();  // named: GCC 12 and co_await temporaries
    auto stream = co_await tcp->connect(seeder, 2000ms);
    BOOST_TEST_REQUIRE(stream.has_value());
    wire::Reserved reserved;
    reserved.set_fast(true);
    const wire::Handshake ours{reserved, meta->info_hash, corrent::make_peer_id()};
    const wire::TorrentShape shape{meta->layout.piece_count(), meta->layout.piece_length(),
                                   meta->layout.total_size()};
    wire::PeerSettings peer_settings;
    auto conn = co_await wire::PeerConnection::connect(std::move(*stream), ours, shape, std::move(peer_settings));
    BOOST_TEST_REQUIRE(conn.has_value());
    std::optional<std::error_code> ended;
    corrent::net::TaskGroup group(co_await asio::this_coro::executor);
    group.spawn(run_connection(conn->get(), &counter, &ended));
    BOOST_TEST_REQUIRE((co_await (*conn)->send(wire::Interested{})).has_value());
    BOOST_TEST_REQUIRE(co_await eventually([&] { return counter.unchoked; }, 5000ms));
    // Every request in one burst, before the seeder's uploader can drain any.
    for (std::size_t i = 0; i < flood; ++i) {
      const wire::Request r{corrent::PieceIndex{static_cast<std::uint32_t>(i % 8)}, 0, 16384};
      BOOST_TEST_REQUIRE((co_await (*conn)->send(r)).has_value());
    }
    BOOST_TEST_REQUIRE(co_await eventually([&] { return counter.pieces + counter.rejects == flood; }, 10000ms));
    BOOST_TEST(counter.rejects >= 1u);
    BOOST_TEST(counter.pieces >= corrent::engine::kMaxUploadQueue);
    BOOST_TEST(!ended.has_value());  // the seeder did not drop us: it answered each request
    (*conn)->close();
    co_await group.stop();
    co_await s.stop();
    co_await transports->stop();
  };
  corrent::test::run_coro(io, scenario(), 30s);
}
