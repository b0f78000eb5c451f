// A seeding Session under connection floods, through the public API only: stalled inbound
// handshakes are bounded (the oldest closed for a newcomer) and time out; one address gets
// at most its share; the session total holds; honest peers still get in; a listener out of
// descriptors is retried with back-off, not in a busy loop, and the pause is said once.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <asio/experimental/awaitable_operators.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/read.hpp>
#include <asio/steady_timer.hpp>
#include <asio/write.hpp>

#include "corrent/engine/session.hpp"
#include "corrent/metainfo/creator.hpp"
#include "corrent/metainfo/metainfo.hpp"
#include "corrent/net/ip_filter.hpp"
#include "corrent/net/transport.hpp"
#include "corrent/registry/plugin_set.hpp"
#include "corrent/plugins/standard.hpp"
#include "corrent/wire/peer_connection.hpp"
#include "support/pipe_stream.hpp"
#include "support/run_coro.hpp"
#include "support/temp_dir.hpp"

namespace {

using namespace std::chrono_literals;
using corrent::Task;
namespace engine = corrent::engine;
namespace wire = corrent::wire;
using asio::ip::tcp;

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

Task<void> pause(std::chrono::milliseconds d) {
  asio::steady_timer t(co_await asio::this_coro::executor, d);
  co_await t.async_wait(corrent::use_nothrow);
}

// A seeding session of a small torrent, made in a temporary folder.
struct Seeder {
  corrent::test::TempDir dir;
  corrent::Registry registry;
  std::optional<corrent::metainfo::Metainfo> meta;

  Seeder() {
    std::mt19937 gen(7);
    std::string data(64 * 1024, '\0');
    for (auto& c : data) c = static_cast<char>(gen());
    dir.write("payload.bin", data);
    corrent::metainfo::CreateOptions options;
    options.piece_length = 16 * 1024;
    auto bytes = corrent::metainfo::create_torrent(dir.path() / "payload.bin", options);
    BOOST_TEST_REQUIRE(bytes.has_value());
    auto parsed = corrent::metainfo::parse_torrent(*bytes);
    BOOST_TEST_REQUIRE(parsed.has_value());
    meta = std::move(*parsed);
    corrent::plugins::register_standard(registry);
  }

  engine::SessionSettings settings() const {
    engine::SessionSettings s;
    s.listen = {"127.0.0.1:0"};
    s.resume_dir = dir.path() / "resume";
    return s;
  }

  Task<void> start(engine::Session& s) {
    BOOST_TEST_REQUIRE((co_await s.start()).has_value());
    engine::AddTorrentParams params{*meta, dir.path()};
    BOOST_TEST_REQUIRE((co_await s.add_torrent(std::move(params))).has_value());
    const auto ih = meta->info_hash;
    BOOST_TEST_REQUIRE(co_await eventually(
        [&] { return s.status(ih)->state == engine::TorrentState::seeding; }, 5000ms));
  }

  // A full BitTorrent handshake from a fresh TCP connection; the connection, or its error.
  Task<corrent::Result<wire::PeerConnection::Ptr>> honest_peer(corrent::net::Transport& tcp,
                                                                corrent::net::Endpoint to) {
    auto stream = co_await tcp.connect(to, 2000ms);
    if (!stream) co_return tl::make_unexpected(stream.error());
    wire::Reserved reserved;
    const wire::Handshake ours{reserved, meta->info_hash, corrent::make_peer_id()};
    const wire::TorrentShape shape{meta->layout.piece_count(), meta->layout.piece_length(),
                                   meta->layout.total_size()};
    wire::PeerSettings ps;
    ps.handshake_timeout = 2000ms;
    co_return co_await wire::PeerConnection::connect(std::move(*stream), ours, shape, std::move(ps));
  }
};

// A TCP connection that sends the first 16 bytes of a handshake and then nothing.
Task<std::unique_ptr<tcp::socket>> stalled_peer(tcp::endpoint to) {
  auto socket = std::make_unique<tcp::socket>(co_await asio::this_coro::executor);
  auto [ec] = co_await socket->async_connect(to, corrent::use_nothrow);
  BOOST_TEST_REQUIRE(!ec);
  static constexpr char kStart[] = "\x13" "BitTorrent prot";
  auto [wec, n] = co_await asio::async_write(*socket, asio::buffer(kStart, 16), corrent::use_nothrow);
  BOOST_TEST_REQUIRE(!wec);
  co_return socket;
}

// Whether the session closed `socket`: a read ends (EOF or reset) within `limit`.
Task<bool> closed_by_session(tcp::socket& socket, std::chrono::milliseconds limit) {
  using asio::experimental::awaitable_operators::operator||;
  std::array<char, 16> buf{};
  asio::steady_timer timer(co_await asio::this_coro::executor, limit);
  auto r = co_await (socket.async_read_some(asio::buffer(buf), corrent::use_nothrow) ||
                     timer.async_wait(corrent::use_nothrow));
  co_return r.index() == 0 && std::get<0>(std::get<0>(r));
}

tcp::endpoint asio_endpoint(const corrent::net::Endpoint& e) {
  return {asio::ip::make_address(e.address_string()), e.port()};
}

}  // namespace

BOOST_AUTO_TEST_CASE(stalled_handshakes_are_bounded_the_oldest_give_way_and_all_time_out) {
  asio::io_context io;
  Seeder seeder;
  auto settings = seeder.settings();
  settings.max_handshakes = 4;
  settings.max_connections_per_address = 100;
  settings.inbound_handshake_timeout = 400ms;
  auto session = engine::Session::create(io.get_executor(), seeder.registry, corrent::Config{}, settings);
  BOOST_TEST_REQUIRE(session.has_value());
  auto transports = corrent::build_plugins(seeder.registry, corrent::Config{}, io.get_executor());
  BOOST_TEST_REQUIRE(transports.has_value());
  auto* tcp_transport = transports->all<corrent::net::Transport>().front();

  auto scenario = [&]() -> Task<void> {
    auto& s = **session;
    co_await seeder.start(s);
    const auto at = s.listen_endpoints().front();
    std::vector<std::unique_ptr<tcp::socket>> flood;
    for (int i = 0; i < 12; ++i) flood.push_back(co_await stalled_peer(asio_endpoint(at)));
    BOOST_TEST_REQUIRE(co_await eventually([&] { return s.connections().evicted == 8; }, 2000ms));
    BOOST_TEST(s.connections().handshakes == 4u);
    BOOST_TEST(s.connections().refused == 0u);
    // The eight oldest were closed by the session, the four newest are still open.
    for (int i = 0; i < 8; ++i) BOOST_TEST(co_await closed_by_session(*flood[i], 500ms));
    // An honest peer gets in while the bound is full: the oldest stalled one gives way.
    auto honest = co_await seeder.honest_peer(*tcp_transport, at);
    BOOST_TEST_REQUIRE(honest.has_value());
    BOOST_TEST(s.connections().evicted == 9u);
    // The rest time out; the honest connection stays.
    BOOST_TEST(co_await eventually([&] { return s.connections().handshakes == 0; }, 2000ms));
    for (int i = 8; i < 12; ++i) BOOST_TEST(co_await closed_by_session(*flood[i], 500ms));
    BOOST_TEST(s.connections().connections == 1u);
    (*honest)->close();
    BOOST_TEST(co_await eventually([&] { return s.connections().connections == 0; }, 2000ms));
    co_await s.stop();
    co_await transports->stop();
  };
  corrent::test::run_coro(io, scenario(), 30s);
}

BOOST_AUTO_TEST_CASE(one_address_gets_its_share_and_the_session_total_holds) {
  asio::io_context io;
  Seeder seeder;
  auto settings = seeder.settings();
  settings.listen = {"127.0.0.1:0", "[::1]:0"};
  settings.max_connections_per_address = 2;
  settings.max_connections = 3;
  auto session = engine::Session::create(io.get_executor(), seeder.registry, corrent::Config{}, settings);
  BOOST_TEST_REQUIRE(session.has_value());
  auto transports = corrent::build_plugins(seeder.registry, corrent::Config{}, io.get_executor());
  BOOST_TEST_REQUIRE(transports.has_value());
  auto* tcp_transport = transports->all<corrent::net::Transport>().front();

  auto scenario = [&]() -> Task<void> {
    auto& s = **session;
    co_await seeder.start(s);
    BOOST_TEST(s.connections().max_connections == 3u);
    const auto v4 = s.listen_endpoints().front();
    const auto v6 = s.listen_endpoints().back();
    BOOST_TEST_REQUIRE(v6.is_v6());
    auto a = co_await seeder.honest_peer(*tcp_transport, v4);
    auto b = co_await seeder.honest_peer(*tcp_transport, v4);
    BOOST_TEST_REQUIRE(a.has_value());
    BOOST_TEST_REQUIRE(b.has_value());
    // A third from 127.0.0.1: refused, and the two established ones are not disturbed.
    auto c = co_await seeder.honest_peer(*tcp_transport, v4);
    BOOST_TEST(!c.has_value());
    BOOST_TEST(s.connections().refused == 1u);
    BOOST_TEST(s.connections().connections == 2u);
    // Another address still gets in, up to the session's total.
    auto d = co_await seeder.honest_peer(*tcp_transport, v6);
    BOOST_TEST_REQUIRE(d.has_value());
    BOOST_TEST(s.connections().connections == 3u);
    auto e = co_await seeder.honest_peer(*tcp_transport, v6);
    BOOST_TEST(!e.has_value());
    BOOST_TEST(s.connections().refused == 2u);
    // A place freed is a place for the next.
    (*a)->close();
    BOOST_TEST_REQUIRE(co_await eventually([&] { return s.connections().connections == 2; }, 2000ms));
    auto f = co_await seeder.honest_peer(*tcp_transport, v4);
    BOOST_TEST(f.has_value());
    for (auto* p : {&b, &d, &f}) {
      if (*p) (**p)->close();
    }
    co_await s.stop();
    co_await transports->stop();
  };
  corrent::test::run_coro(io, scenario(), 30s);
}

namespace {

// A transport whose listener is out of descriptors until told otherwise, then hands out
// one end of an in-memory pipe per accept. It counts the accepts asked of it.
struct Starved {
  std::size_t accepts = 0;
  bool starved = true;
  std::vector<std::unique_ptr<corrent::test::PipeStream>> far_ends;
};

class StarvedListener final : public corrent::net::Listener {
 public:
  StarvedListener(asio::any_io_executor ex, Starved* state) : ex_(ex), state_(state) {}
  Task<corrent::Result<std::unique_ptr<corrent::net::Stream>>> accept() override {
    ++state_->accepts;
    if (closed_) co_return tl::make_unexpected(make_error_code(asio::error::operation_aborted));
    if (state_->starved) co_return tl::make_unexpected(std::make_error_code(std::errc::too_many_files_open));
    auto [near, far] = corrent::test::PipeStream::make_pair(ex_);
    state_->far_ends.push_back(std::move(far));
    if (state_->far_ends.size() > 1) {  // one is enough: wait for the close
      asio::steady_timer t(ex_, 10s);
      co_await t.async_wait(corrent::use_nothrow);
      co_return tl::make_unexpected(make_error_code(asio::error::operation_aborted));
    }
    co_return std::unique_ptr<corrent::net::Stream>(std::move(near));
  }
  [[nodiscard]] std::vector<corrent::net::Endpoint> local_endpoints() const override {
    return {corrent::net::Endpoint::v4({127, 0, 0, 1}, 1)};
  }
  void close() noexcept override { closed_ = true; }

 private:
  asio::any_io_executor ex_;
  Starved* state_;
  bool closed_ = false;
};

class StarvedTransport final : public corrent::net::Transport {
 public:
  StarvedTransport(asio::any_io_executor ex, Starved* state) : ex_(ex), state_(state) {}
  [[nodiscard]] std::string_view scheme() const override { return "starved"; }
  Task<corrent::Result<std::unique_ptr<corrent::net::Stream>>> connect(
      corrent::net::Endpoint, std::chrono::milliseconds) override {
    co_return tl::make_unexpected(std::make_error_code(std::errc::connection_refused));
  }
  corrent::Result<std::unique_ptr<corrent::net::Listener>> listen(corrent::net::Endpoint) override {
    return std::make_unique<StarvedListener>(ex_, state_);
  }

 private:
  asio::any_io_executor ex_;
  Starved* state_;
};

}  // namespace

BOOST_AUTO_TEST_CASE(a_listener_out_of_descriptors_is_retried_with_back_off_and_said_once) {
  asio::io_context io;
  Seeder seeder;
  Starved state;
  BOOST_TEST_REQUIRE(seeder.registry
                         .add_transport("starved",
                                        [&](corrent::PluginContext& c)
                                            -> corrent::Result<std::unique_ptr<corrent::net::Transport>> {
                                          return std::make_unique<StarvedTransport>(c.executor, &state);
                                        })
                         .has_value());
  auto settings = seeder.settings();
  settings.transports = {"starved"};
  auto session = engine::Session::create(io.get_executor(), seeder.registry, corrent::Config{}, settings);
  BOOST_TEST_REQUIRE(session.has_value());

  auto scenario = [&]() -> Task<void> {
    auto& s = **session;
    std::vector<corrent::events::SessionWarning> warnings;
    auto subscription = s.events().subscribe([&](const corrent::events::Event& e) {
      if (const auto* w = std::get_if<corrent::events::SessionWarning>(&e)) warnings.push_back(*w);
    });
    BOOST_TEST_REQUIRE((co_await s.start()).has_value());
    co_await pause(1500ms);
    // 50 + 100 + 200 + 400 + 800 ms: about six tries in 1.5 s. A loop retrying at once
    // would have made millions.
    BOOST_TEST(state.accepts >= 3u);
    BOOST_TEST(state.accepts <= 8u);
    BOOST_TEST_REQUIRE(warnings.size() == 1u);
    BOOST_TEST(warnings.front().what == "accept_paused");
    BOOST_TEST((warnings.front().error == std::errc::too_many_files_open));
    // Descriptors again: the loop takes the next connection within its back-off.
    state.starved = false;
    BOOST_TEST(co_await eventually([&] { return s.connections().handshakes == 1; }, 3000ms));
    co_await s.stop();
  };
  corrent::test::run_coro(io, scenario(), 30s);
}

// Whether a connection arrives at `acceptor` within `limit`.
Task<bool> dialled(tcp::acceptor& acceptor, std::chrono::milliseconds limit) {
  using asio::experimental::awaitable_operators::operator||;
  asio::steady_timer timer(co_await asio::this_coro::executor, limit);
  auto r = co_await (acceptor.async_accept(corrent::use_nothrow) || timer.async_wait(corrent::use_nothrow));
  co_return r.index() == 0 && !std::get<0>(std::get<0>(r));
}

BOOST_AUTO_TEST_CASE(a_blocked_address_is_closed_at_accept_and_never_dialled) {
  asio::io_context io;
  Seeder seeder;
  auto settings = seeder.settings();
  settings.listen = {"127.0.0.1:0", "[::1]:0"};
  corrent::net::IpFilter filter;
  const auto loopback4 = corrent::net::Endpoint::v4({127, 0, 0, 1}, 0);
  BOOST_TEST_REQUIRE(filter.add_range(loopback4, loopback4).has_value());
  settings.ip_filter = std::make_shared<const corrent::net::IpFilter>(std::move(filter));
  auto session = engine::Session::create(io.get_executor(), seeder.registry, corrent::Config{}, settings);
  BOOST_TEST_REQUIRE(session.has_value());
  auto transports = corrent::build_plugins(seeder.registry, corrent::Config{}, io.get_executor());
  BOOST_TEST_REQUIRE(transports.has_value());
  auto* tcp_transport = transports->all<corrent::net::Transport>().front();

  auto scenario = [&]() -> Task<void> {
    auto& s = **session;
    co_await seeder.start(s);
    const auto v4 = s.listen_endpoints().front();
    const auto v6 = s.listen_endpoints().back();
    BOOST_TEST_REQUIRE(v6.is_v6());
    // Inbound: 127.0.0.1 is closed before its handshake; ::1 is not blocked.
    auto blocked = co_await seeder.honest_peer(*tcp_transport, v4);
    BOOST_TEST(!blocked.has_value());
    BOOST_TEST(s.connections().blocked == 1u);
    auto allowed = co_await seeder.honest_peer(*tcp_transport, v6);
    BOOST_TEST(allowed.has_value());
    // Outbound: a peer at 127.0.0.1 is never dialled; one at ::1 is.
    tcp::acceptor at4(co_await asio::this_coro::executor, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    tcp::acceptor at6(co_await asio::this_coro::executor, tcp::endpoint(asio::ip::make_address("::1"), 0));
    s.add_peer(seeder.meta->info_hash, corrent::net::Endpoint::v4({127, 0, 0, 1}, at4.local_endpoint().port()));
    s.add_peer(seeder.meta->info_hash, *corrent::net::Endpoint::parse("[::1]:" + std::to_string(at6.local_endpoint().port())));
    BOOST_TEST(co_await dialled(at6, 3000ms));
    BOOST_TEST(!(co_await dialled(at4, 500ms)));
    if (allowed) (*allowed)->close();
    co_await s.stop();
    co_await transports->stop();
  };
  corrent::test::run_coro(io, scenario(), 30s);
}
