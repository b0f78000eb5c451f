// UtPex and PexPeer against a fake peer and torrent: who is declined, the registration,
// run()'s timing (nothing before the peer announces ut_pex, the first message soon after,
// the next one only after the interval), receiving (add_peers with source "ut_pex", early
// messages ignored, bad ones an error), and a torrent found private later.
#include <boost/test/unit_test.hpp>

#include <asio/experimental/awaitable_operators.hpp>
#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>
#include <asio/this_coro.hpp>

#include <optional>
#include <string>
#include <vector>

#include "corrent/plugin/config.hpp"
#include "corrent/registry/plugin_set.hpp"
#include "corrent/registry/registry.hpp"
#include "corrent/plugins/pex.hpp"
#include "pex_errc.hpp"
#include "pex_message.hpp"
#include "pex_peer.hpp"
#include "pex_test_util.hpp"
#include "support/fake_extension_host.hpp"
#include "support/run_coro.hpp"

namespace {

using namespace pex_test;
using namespace std::chrono_literals;
using namespace asio::experimental::awaitable_operators;
namespace px = corrent::pex;
using corrent::ConnectedPeer;
using corrent::Result;
using corrent::Task;
using corrent::net::Endpoint;

using FakeTorrent = corrent::test::FakeTorrentView;
using FakePeer = corrent::test::FakePeerContext;
constexpr Endpoint kRemote = Endpoint::v4({10, 0, 0, 99}, 40000);  // FakePeer's default remote

corrent::wire::ExtensionHandshake handshake_with_pex(std::uint16_t port) {
  corrent::wire::ExtensionHandshake h;
  h.m = {{"ut_pex", 7}};
  h.listen_port = port;
  return h;
}

px::PexMessage decoded(const std::string& payload) {
  auto m = px::decode_pex_message(bytes(payload));
  BOOST_REQUIRE(m);
  return *m;
}

Task<void> sleep_for(std::chrono::milliseconds d) {
  asio::steady_timer t(co_await asio::this_coro::executor, d);
  (void)co_await t.async_wait(corrent::use_nothrow);
}

// Delays short enough for a test (the real ones are seconds).
px::PexSettings fast(std::chrono::milliseconds interval) {
  px::PexSettings s;
  s.first_delay = 20ms;
  s.idle_recheck = 20ms;
  s.interval = interval;
  return s;
}

// Runs `test` beside pex.run(). run() never ends by itself: the test's end cancels it, and
// it must then return promptly (run_coro fails the test otherwise).
template <class F>
void run_beside(asio::io_context& io, px::PexPeer& pex, F test) {
  const auto both = [&]() -> Task<void> { co_await (pex.run() || test()); };
  corrent::test::run_coro(io, both(), 5s);
}

std::unique_ptr<px::PexPeer> attach(px::UtPex& ext, FakePeer& peer) {
  auto attached = ext.attach(peer);
  BOOST_REQUIRE(attached);
  return std::unique_ptr<px::PexPeer>(static_cast<px::PexPeer*>(attached.release()));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(pex_peer)

BOOST_AUTO_TEST_CASE(declines_outside_a_torrent_and_private_torrents) {
  px::UtPex ext{px::PexSettings{}};
  BOOST_TEST(ext.name() == "ut_pex");
  FakePeer bare(nullptr);
  BOOST_TEST(!ext.attach(bare));
  FakeTorrent priv;
  priv.is_private_torrent = true;
  FakePeer on_private(&priv);
  BOOST_TEST(!ext.attach(on_private));
  FakeTorrent pub;
  FakePeer on_public(&pub);
  BOOST_TEST(ext.attach(on_public) != nullptr);
}

BOOST_AUTO_TEST_CASE(registered_as_ut_pex_with_a_checked_interval) {
  asio::io_context io;
  corrent::Registry registry;
  corrent::plugins::register_pex(registry);
  const corrent::Config none;
  auto set = corrent::build_plugins(registry, none, io.get_executor());
  BOOST_REQUIRE_MESSAGE(set, (set ? "" : set.error().message()));
  BOOST_TEST(set->extension_id("ut_pex").value() == 1);
  corrent::test::run_coro(io, set->stop());
  auto too_often = corrent::Config::parse(R"({"ut_pex": {"interval_ms": 64999}})");
  BOOST_REQUIRE(too_often);
  BOOST_TEST(!corrent::build_plugins(registry, *too_often, io.get_executor()).has_value());
  auto slower = corrent::Config::parse(R"({"ut_pex": {"interval_ms": 120000}})");
  BOOST_REQUIRE(slower);
  auto built = corrent::build_plugins(registry, *slower, io.get_executor());
  BOOST_TEST(built.has_value());
  if (built) corrent::test::run_coro(io, built->stop());
}

BOOST_AUTO_TEST_CASE(run_waits_for_the_handshake_then_keeps_the_interval) {
  asio::io_context io;
  FakeTorrent torrent;
  const Endpoint x = v4(1, 1111);
  const Endpoint self_listen = kRemote.with_port(6881);
  // The peer itself as the torrent may list it: under its listen port (incoming) or its
  // address (outgoing).
  torrent.connected = {{x, true, true}, {self_listen, false, false}, {kRemote, false, true}};
  FakePeer peer(&torrent);
  px::UtPex ext{fast(400ms)};
  auto pex = attach(ext, peer);
  const auto test = [&]() -> Task<void> {
    co_await sleep_for(100ms);
    BOOST_TEST(peer.sent.empty());  // the peer has not announced ut_pex
    peer.supported = true;
    pex->on_handshake(handshake_with_pex(6881));
    co_await sleep_for(150ms);
    BOOST_REQUIRE_EQUAL(peer.sent.size(), 1u);
    const auto first = decoded(peer.sent[0]);
    BOOST_REQUIRE_EQUAL(first.added.size(), 1u);  // not the peer itself
    BOOST_TEST((first.added[0] == px::AddedPeer{x, px::kFlagSeed | px::kFlagReachable}));
    torrent.connected = {{v6(2, 2222), false, false}, {self_listen, false, false}};
    co_await sleep_for(100ms);
    BOOST_TEST(peer.sent.size() == 1u);  // well within the interval
    co_await sleep_for(500ms);  // the interval ends 400 ms after the first send
    BOOST_REQUIRE_EQUAL(peer.sent.size(), 2u);
    const auto second = decoded(peer.sent[1]);
    BOOST_REQUIRE_EQUAL(second.added.size(), 1u);
    BOOST_TEST((second.added[0].endpoint == v6(2, 2222)));
    BOOST_TEST((second.dropped == std::vector<Endpoint>{x}));
  };
  run_beside(io, *pex, test);
}

BOOST_AUTO_TEST_CASE(nothing_to_tell_sends_nothing_until_there_is) {
  asio::io_context io;
  FakeTorrent torrent;
  FakePeer peer(&torrent);
  peer.supported = true;  // the handshake came before run() started
  px::UtPex ext{fast(px::kPexInterval)};
  auto pex = attach(ext, peer);
  const auto test = [&]() -> Task<void> {
    co_await sleep_for(100ms);
    BOOST_TEST(peer.sent.empty());
    torrent.connected = {{v4(3, 3333), false, true}};
    co_await sleep_for(100ms);
    BOOST_REQUIRE_EQUAL(peer.sent.size(), 1u);
    BOOST_TEST((decoded(peer.sent[0]).added.at(0) == px::AddedPeer{v4(3, 3333), px::kFlagReachable}));
  };
  run_beside(io, *pex, test);
}

BOOST_AUTO_TEST_CASE(received_peers_go_to_the_torrent_once_per_gap) {
  asio::io_context io;
  FakeTorrent torrent;
  FakePeer peer(&torrent);
  px::UtPex ext{px::PexSettings{}};
  auto pex = attach(ext, peer);
  px::PexMessage m;
  m.added = {{v4(1, 1), 0}, {v6(2, 2), px::kFlagSeed | px::kFlagUtp}};
  m.dropped = {v4(3, 3)};
  const std::string payload = px::encode_pex_message(m);
  BOOST_TEST(corrent::test::run_coro(io, pex->on_message(bytes(payload))).has_value());
  BOOST_REQUIRE_EQUAL(torrent.offers.size(), 1u);
  BOOST_TEST(torrent.offers[0].source == "ut_pex");
  BOOST_TEST((torrent.offers[0].from == kRemote));
  // A peer flagged as speaking uTP is to be dialled by uTP first.
  BOOST_TEST((torrent.offers[0].peers == std::vector<corrent::net::PeerAddress>{{v4(1, 1), ""}, {v6(2, 2), "utp"}}));
  // The next ones come too early: ignored and noted, and past the limit an error.
  for (std::uint32_t i = 0; i < px::kMaxEarlyPexMessages; ++i) {
    BOOST_TEST(corrent::test::run_coro(io, pex->on_message(bytes(payload))).has_value());
  }
  BOOST_TEST(torrent.offers.size() == 1u);
  BOOST_TEST(pex->ignored_messages() == px::kMaxEarlyPexMessages);
  BOOST_TEST(peer.notes.size() == px::kMaxEarlyPexMessages);
  const auto flood = corrent::test::run_coro(io, pex->on_message(bytes(payload)));
  BOOST_REQUIRE(!flood);
  BOOST_TEST((flood.error() == px::errc::too_frequent));
}

BOOST_AUTO_TEST_CASE(a_bad_message_is_an_error) {
  asio::io_context io;
  FakeTorrent torrent;
  FakePeer peer(&torrent);
  px::UtPex ext{px::PexSettings{}};
  auto pex = attach(ext, peer);
  const auto r = corrent::test::run_coro(io, pex->on_message(bytes("d5:added5:abcdee")));
  BOOST_REQUIRE(!r);
  BOOST_TEST((r.error() == px::errc::bad_compact_length));
  BOOST_TEST(torrent.offers.empty());
}

BOOST_AUTO_TEST_CASE(a_torrent_found_private_later_is_left_alone) {
  asio::io_context io;
  FakeTorrent torrent;  // a magnet: not private until its metadata says so
  torrent.connected = {{v4(1, 1), false, true}};
  FakePeer peer(&torrent);
  peer.supported = true;
  px::UtPex ext{fast(px::kPexInterval)};
  auto pex = attach(ext, peer);
  torrent.is_private_torrent = true;
  px::PexMessage m;
  m.added = {{v4(5, 5), 0}};
  const std::string payload = px::encode_pex_message(m);
  BOOST_TEST(corrent::test::run_coro(io, pex->on_message(bytes(payload))).has_value());
  BOOST_TEST(torrent.offers.empty());
  const auto test = [&]() -> Task<void> { co_await sleep_for(100ms); };
  run_beside(io, *pex, test);
  BOOST_TEST(peer.sent.empty());
}

BOOST_AUTO_TEST_SUITE_END()
