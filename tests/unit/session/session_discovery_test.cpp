// The discovery seam through public headers only: a Discovery plugin registered in a
// Registry sees its torrent through the DiscoveryContext (info-hash, private flag, listen
// port, bytes left, the "completed" event once the download ends), and hears what the
// torrent's peers say that discovery needs (BEP 5 PORT, BEP 10 "yourip").
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "corrent/discovery/discovery.hpp"
#include "corrent/discovery/discovery_context.hpp"
#include "corrent/registry/plugin_context.hpp"
#include "corrent/registry/registry.hpp"
#include "corrent/wire/extension_handshake.hpp"
#include "scripted_peer.hpp"
#include "support/run_coro.hpp"

namespace {

using namespace scripted;
using corrent::DiscoveryContext;
using corrent::DiscoveryEvent;

// What the probe saw of its torrent.
struct Seen {
  int runs = 0;
  corrent::InfoHashBytes info_hash{};
  bool is_private = false;
  corrent::ListenPorts ports;
  std::uint64_t left_at_start = 0;
  std::vector<DiscoveryEvent> events;       // each change next_event() reported
  std::optional<std::uint64_t> left_when_completed;
  std::vector<corrent::net::Endpoint> dht_nodes;
  std::vector<std::pair<corrent::net::Endpoint, corrent::net::Endpoint>> addresses;  // ours, reporter
};

// A discovery plugin that finds nothing and records what it sees. It claims to be a DHT
// (wants PORT's nodes) and a source allowed for private torrents, so that it runs for both.
class Probe final : public corrent::Discovery {
 public:
  explicit Probe(Seen* seen) : seen_(seen) {}
  [[nodiscard]] bool allowed_for_private() const override { return true; }
  [[nodiscard]] bool wants_dht_nodes() const override { return true; }

  Task<corrent::Result<void>> run(DiscoveryContext& torrent) override {
    ++seen_->runs;
    seen_->info_hash = torrent.info_hash();
    seen_->is_private = torrent.is_private();
    seen_->ports = torrent.ports();
    seen_->left_at_start = torrent.bytes_left();
    DiscoveryEvent last = torrent.event();
    // Until cancelled; the torrent says "stopped" before it cancels us.
    while (last != DiscoveryEvent::stopped) {
      const DiscoveryEvent now = co_await torrent.next_event(last);
      if (now == last) break;  // cancelled
      seen_->events.push_back(now);
      if (now == DiscoveryEvent::completed) seen_->left_when_completed = torrent.bytes_left();
      last = now;
    }
    co_return corrent::Result<void>{};
  }
  void on_dht_node(const corrent::net::Endpoint& node) override { seen_->dht_nodes.push_back(node); }
  void on_external_address(const corrent::net::Endpoint& address, const corrent::net::Endpoint& reporter) override {
    seen_->addresses.emplace_back(address, reporter);
  }

 private:
  Seen* seen_;
};

void register_probe(Node& node, Seen& seen) {
  auto made = node.registry.add_discovery(
      "probe", [&seen](corrent::PluginContext&) -> corrent::Result<std::unique_ptr<corrent::Discovery>> {
        return std::unique_ptr<corrent::Discovery>(std::make_unique<Probe>(&seen));
      });
  BOOST_TEST_REQUIRE(made.has_value());
}

Task<void> start_and_add(Node& node, const Payload& payload, std::filesystem::path save_path) {
  co_await start(node);
  co_await add(node, payload, save_path);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(session_discovery)

// A private torrent downloaded from a scripted seed: the probe sees the info-hash, the
// private flag, the session's real listen port, every byte left at the start, then
// "completed" with nothing left, then "stopped" as the session stops.
BOOST_AUTO_TEST_CASE(a_discovery_plugin_sees_its_torrent_and_its_completion) {
  asio::io_context io;
  Payload payload(256 * 1024, 32 * 1024, /*is_private=*/true);
  corrent::test::TempDir work;
  Node node(work.path() / "resume");
  Seen seen;
  register_probe(node, seen);
  node.create(io);
  Peer seed;
  auto scenario = [&]() -> Task<void> {
    corrent::net::TaskGroup group(co_await asio::this_coro::executor);
    co_await start_and_add(node, payload, work.path() / "download");
    REQUIRE_WITHIN(5000ms, seen.runs == 1);
    BOOST_TEST((seen.info_hash == payload.meta.info_hash.bytes));
    BOOST_TEST(seen.is_private);
    const auto listening = node.session->listen_endpoints();
    BOOST_TEST_REQUIRE(!listening.empty());
    BOOST_TEST(seen.ports.tcp == listening.front().port());
    BOOST_TEST(seen.ports.external_tcp == 0);  // no port mapper
    BOOST_TEST(seen.ports.announced_tcp() == listening.front().port());
    BOOST_TEST(seen.left_at_start == payload.data.size());
    BOOST_TEST(seen.events.empty());  // still "started"
    co_await dial(node, payload, seed, group);
    co_await tell(seed, wire::HaveAll{});
    co_await tell(seed, wire::Unchoke{});
    REQUIRE_WITHIN(10000ms, !seen.events.empty());
    BOOST_TEST((seen.events.front() == DiscoveryEvent::completed));
    BOOST_TEST((seen.left_when_completed == std::optional<std::uint64_t>(0)));
    seed.conn->close();
    co_await group.stop();
    co_await node.stop();
    BOOST_TEST_REQUIRE(seen.events.size() == 2u);
    BOOST_TEST((seen.events.back() == DiscoveryEvent::stopped));
  };
  corrent::test::run_coro(io, scenario(), 30s);
}

// What the wire learns reaches the plugin: a peer's PORT (BEP 5) as a DHT node at the
// peer's address, and "yourip" of its extension handshake (BEP 10) as a hint of our
// address, with the peer that said it. With a DHT plugin built, our handshake has the
// DHT bit, so that peers send PORT at all.
BOOST_AUTO_TEST_CASE(port_and_yourip_from_a_peer_reach_the_discovery_plugins) {
  asio::io_context io;
  Payload payload(64 * 1024, 16 * 1024);
  corrent::test::TempDir work;
  Node node(work.path() / "resume");
  Seen seen;
  register_probe(node, seen);
  node.create(io);
  Peer peer;
  auto scenario = [&]() -> Task<void> {
    corrent::net::TaskGroup group(co_await asio::this_coro::executor);
    co_await start_and_add(node, payload, payload.dir.path());  // seeds
    REQUIRE_WITHIN(5000ms, seen.runs == 1);
    co_await dial(node, payload, peer, group);
    BOOST_TEST(peer.conn->peer_handshake().reserved.dht());
    co_await tell(peer, wire::HaveNone{});
    REQUIRE_WITHIN(5000ms, peer.their_extensions.has_value());
    // Our own connection already told the session "yourip" = the address it dialled.
    EXPECT_WITHIN(5000ms, !seen.addresses.empty());
    // A second extension handshake (allowed, BEP 10) with another address in it.
    wire::ExtensionHandshake again;
    again.yourip = std::string("\xcb\x00\x71\x07", 4);  // 203.0.113.7
    const auto encoded = wire::encode_extension_handshake(again);
    co_await tell(peer, wire::Extended{0, std::as_bytes(std::span(encoded))});
    co_await tell(peer, wire::Port{6999});
    REQUIRE_WITHIN(5000ms, !seen.dht_nodes.empty() && seen.addresses.size() >= 2);
    BOOST_TEST(seen.dht_nodes.front().to_string() == "127.0.0.1:6999");  // the peer's address, PORT's port
    BOOST_TEST(seen.addresses.front().first.to_string() == "127.0.0.1:0");
    BOOST_TEST(seen.addresses.back().first.to_string() == "203.0.113.7:0");
    // The reporter is the peer as the session sees it: our scripted peer, on loopback.
    const auto reporter = seen.addresses.back().second;
    BOOST_TEST(reporter.address_string() == "127.0.0.1");
    BOOST_TEST(reporter.port() != node.session->listen_endpoints().front().port());
    peer.conn->close();
    co_await group.stop();
    co_await node.stop();
  };
  corrent::test::run_coro(io, scenario(), 30s);
}

BOOST_AUTO_TEST_SUITE_END()
