// BEP 55 on the simulated network: a seed and a leecher, each behind a firewall that drops
// connects it did not ask for, both connected to a relay (a leecher too). The relay's PEX
// tells the leecher of the seed; the leecher's connect is dropped and times out; it asks
// the relay for a rendezvous; both dial at once (TCP's simultaneous open) and the leecher
// downloads the whole torrent from the seed over that connection. Real Sessions with the
// standard ut_pex and ut_holepunch plugins, in virtual time.
#include <boost/test/unit_test.hpp>

#include <memory>
#include <vector>

#include <asio/io_context.hpp>

#include "corrent/engine/session.hpp"
#include "corrent/events/event_bus.hpp"
#include "corrent/metainfo/metainfo.hpp"
#include "corrent/plugins/choker_tit_for_tat.hpp"
#include "corrent/plugins/pex.hpp"
#include "corrent/plugins/picker_rarest_first.hpp"
#include "corrent/plugins/storage_file.hpp"
#include "corrent/plugins/storage_memory.hpp"
#include "corrent/plugins/ut_holepunch.hpp"
#include "corrent/registry/registry.hpp"
#include "sim/sim_swarm.hpp"
#include "support/sim_driver.hpp"
#include "support/sim_network.hpp"
#include "support/temp_dir.hpp"

namespace {

using namespace std::chrono_literals;
using namespace corrent;
namespace events = corrent::events;
using test::SimHost;

constexpr std::uint32_t kPieceLength = 32 * 1024;
// 16 MiB at 512 KiB/s: the relay, a leecher too, has not passed it all on before the
// leecher's plain connect to the seed has timed out (15 s) and the holepunch is made.
constexpr std::uint32_t kPieces = 512;

metainfo::Metainfo make_torrent(const std::filesystem::path& dir) {
  return test::make_sim_torrent(dir, kPieces, kPieceLength, 55);
}

struct Member {
  SimHost* host = nullptr;
  std::uint16_t port = 0;  // each its own: a peer on our port at 127.x would be taken for us
  std::unique_ptr<engine::Session> session;
  std::vector<events::Event> seen;
  events::Subscription subscription;
};

std::unique_ptr<engine::Session> make_session(asio::io_context& io, Registry& registry, SimHost& host,
                                              std::uint16_t port, bool seed, std::uint64_t seed_value,
                                              bool holepunch, bool pex = true) {
  test::register_sim_transport(registry, host);
  plugins::register_storage_file(registry);
  plugins::register_storage_memory(registry);
  plugins::register_picker_rarest_first(registry);
  plugins::register_choker_tit_for_tat(registry);
  if (pex) plugins::register_pex(registry);
  if (holepunch) plugins::register_ut_holepunch(registry);
  engine::SessionSettings settings;
  settings.listen = {host.endpoint(port).to_string()};
  settings.transports = {"tcp"};
  settings.disk_threads = 0;
  settings.encryption = mse::EncryptionPolicy::disabled;
  settings.storage = seed ? "storage_file" : "storage_memory";
  settings.use_resume = false;
  settings.raise_descriptor_limit = false;
  settings.random_seed = seed_value;
  settings.datagram_opener = host.datagram_opener();
  auto session = engine::Session::create(io.get_executor(), registry, Config{}, std::move(settings));
  BOOST_TEST_REQUIRE(session.has_value());
  return std::move(*session);
}

struct Outcome {
  bool finished = false;
  std::size_t connections_to_seed = 0;  // the leecher's
  std::size_t blocks_from_seed = 0;     // the leecher's
  bool asked = false, relayed = false, spoke_first = false, seed_waited = false, seed_asked = false;
};

// The relay, open, knows nobody; the seed and the leecher, each behind a firewall, know
// only the relay. `holepunch`: whether the leecher and the relay have ut_holepunch.
// `seed_pex`: whether the seed has ut_pex, and so learns of the leecher and asks too.
Outcome run_swarm(bool holepunch, bool seed_pex, std::chrono::minutes limit) {
  test::TempDir dir;
  const auto meta = make_torrent(dir.path());
  asio::io_context io;
  test::SimDriver driver(io);
  test::SimNetwork network(io.get_executor(), {.latency = 20ms, .uplink_bytes_per_second = 512 * 1024}, 55);
  Registry relay_registry, seed_registry, leech_registry;
  Member relay, seed, leech;
  relay.host = &network.add_host();
  seed.host = &network.add_host();
  leech.host = &network.add_host();
  relay.port = 6881;
  seed.port = 6882;
  leech.port = 6883;
  seed.host->set_firewalled(true);
  leech.host->set_firewalled(true);
  relay.session = make_session(io, relay_registry, *relay.host, relay.port, false, 1, holepunch);
  seed.session = make_session(io, seed_registry, *seed.host, seed.port, true, 2, true, seed_pex);
  leech.session = make_session(io, leech_registry, *leech.host, leech.port, false, 3, holepunch);
  for (auto* m : {&relay, &seed, &leech}) {
    m->subscription = m->session->events().subscribe(
        [m](const events::Event& e) { m->seen.push_back(e); },
        events::EventMask::of<events::PeerConnected, events::ExtensionNote, events::BlockReceived>());
  }
  const auto relay_at = relay.host->endpoint(relay.port);
  auto start = [&]() -> Task<void> {
    for (auto* m : {&relay, &seed, &leech}) {
      auto started = co_await m->session->start();
      BOOST_TEST_REQUIRE(started.has_value());
      engine::AddTorrentParams params{meta, m == &seed ? dir.path() : dir.path() / "out" / std::to_string(m->port)};
      if (m != &relay) params.peers = {relay_at};
      auto added = co_await m->session->add_torrent(std::move(params));
      BOOST_TEST_REQUIRE(added.has_value());
    }
  };
  driver.run(start(), 60s);
  const auto done = [&] {
    const auto status = leech.session->status(meta.info_hash);
    return status && status->state == TorrentState::seeding;
  };
  Outcome out;
  out.finished = driver.run_until(done, limit);
  const auto seed_at = seed.host->endpoint(seed.port);
  for (const auto& e : leech.seen) {
    if (const auto* c = std::get_if<events::PeerConnected>(&e); c != nullptr && c->endpoint == seed_at) {
      ++out.connections_to_seed;
    }
    if (const auto* b = std::get_if<events::BlockReceived>(&e); b != nullptr && b->endpoint == seed_at) {
      ++out.blocks_from_seed;
    }
  }
  const auto noted = [](const Member& m, const std::string& text) {
    return std::any_of(m.seen.begin(), m.seen.end(), [&](const events::Event& e) {
      const auto* n = std::get_if<events::ExtensionNote>(&e);
      return n != nullptr && n->text.find(text) != std::string::npos;
    });
  };
  out.asked = noted(leech, "asking the peer to relay a holepunch to " + seed_at.to_string());
  out.relayed = noted(relay, "relaying a holepunch to " + seed_at.to_string());
  out.spoke_first = noted(leech, "(we speak first)");
  out.seed_waited = noted(seed, "(it speaks first)");
  out.seed_asked = noted(seed, "asking the peer to relay a holepunch");
  for (auto* m : {&relay, &seed, &leech}) m->subscription.reset();
  auto stop = [&]() -> Task<void> {
    for (auto* m : {&relay, &seed, &leech}) co_await m->session->stop();
  };
  driver.run(stop(), 120s);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sim_holepunch)

// Only the leecher learns of the other (the seed has no ut_pex), so only it asks: it
// speaks first, and the seed takes its handshake as an incoming one's.
BOOST_AUTO_TEST_CASE(two_firewalled_peers_meet_through_a_relay_and_transfer_over_the_punched_connection) {
  const auto out = run_swarm(true, false, std::chrono::minutes(5));
  BOOST_TEST(out.finished);
  BOOST_TEST(out.asked);
  BOOST_TEST(out.relayed);
  BOOST_TEST(!out.seed_asked);
  BOOST_TEST(out.spoke_first);
  BOOST_TEST(out.seed_waited);
  BOOST_TEST(out.connections_to_seed == 1u);  // the punched one: its plain connect was dropped
  BOOST_TEST(out.blocks_from_seed > 0u);
}

// Both learn of the other by PEX and both ask: each is told to connect as the one that
// asked, both speak first (plaintext handshakes cross harmlessly), and one connection is
// made of the two simultaneous attempts.
BOOST_AUTO_TEST_CASE(when_both_ask_both_speak_first_and_one_connection_is_made) {
  const auto out = run_swarm(true, true, std::chrono::minutes(5));
  BOOST_TEST(out.finished);
  BOOST_TEST(out.asked);
  BOOST_TEST(out.seed_asked);
  BOOST_TEST(out.connections_to_seed == 1u);
  BOOST_TEST(out.blocks_from_seed > 0u);
}

// The control: without ut_holepunch the firewalls hold (each side's PEX-learned connect is
// dropped), and the leecher never reaches the seed: what it gets, the relay passes on.
BOOST_AUTO_TEST_CASE(without_holepunch_the_firewalled_seed_is_never_reached) {
  const auto out = run_swarm(false, true, std::chrono::minutes(2));
  BOOST_TEST(!out.asked);
  BOOST_TEST(out.connections_to_seed == 0u);
  BOOST_TEST(out.blocks_from_seed == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
