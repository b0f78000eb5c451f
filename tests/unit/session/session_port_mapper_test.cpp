// The nat seam through public headers only: a PortMapper plugin registered in a Registry
// is run by Session::start() with the session's listen port; what it maps is published
// (PortMapped, Session::external_endpoints), announced to trackers and to peers (BEP 10
// "p"); its WAN address is the session's external address; Session::stop() has it remove
// the mapping, and cuts off one whose removal overruns its bound. Without a mapper, the
// external address comes from hints two reporters agree on (BEP 24, BEP 10 "yourip").
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <optional>
#include <vector>

#include <asio/steady_timer.hpp>
#include <asio/this_coro.hpp>

#include "corrent/events/event.hpp"
#include "corrent/net/port_mapper.hpp"
#include "corrent/registry/plugin_context.hpp"
#include "corrent/registry/registry.hpp"
#include "scripted_peer.hpp"
#include "support/run_coro.hpp"
#include "unit/tracker/fake_tracker.hpp"

namespace {

using namespace scripted;
using corrent::PortMapping;
using corrent::PortProtocol;
using corrent::PortRequest;
namespace events = corrent::events;

// What the mapper was asked and did.
struct MapperLog {
  std::vector<PortRequest> wanted;
  std::vector<PortRequest> removed;  // removals it finished
  bool cut_off = false;              // its removal was aborted by the session
};

// A gateway in a test: maps each wanted port to 203.0.113.9:(port + 1000) at once, keeps
// the mappings until cancelled, then removes them, which takes `removal` (a wait after
// resetting its cancellation state, as a real mapper's request to the gateway would).
class FakeMapper final : public corrent::PortMapper {
 public:
  FakeMapper(MapperLog* log, std::chrono::milliseconds removal) : log_(log), removal_(removal) {}

  static corrent::net::Endpoint external_of(const PortRequest& r) {
    return corrent::net::Endpoint::v4({203, 0, 113, 9}, static_cast<std::uint16_t>(r.local_port + 1000));
  }

  Task<corrent::Result<void>> run(std::vector<PortRequest> wanted, corrent::MappingSink& sink) override {
    log_->wanted = wanted;
    for (const auto& r : wanted) sink.on_mapped(r, external_of(r));
    asio::steady_timer timer(co_await asio::this_coro::executor, std::chrono::hours(1));
    (void)co_await timer.async_wait(corrent::use_nothrow);  // until cancelled
    co_await asio::this_coro::reset_cancellation_state();
    for (const auto& r : wanted) {
      timer.expires_after(removal_);
      auto [ec] = co_await timer.async_wait(corrent::use_nothrow);
      if (ec) {
        log_->cut_off = true;
        co_return tl::make_unexpected(ec);
      }
      log_->removed.push_back(r);
      sink.on_unmapped(r, asio::error::operation_aborted);
    }
    co_return corrent::Result<void>{};
  }

 private:
  MapperLog* log_;
  std::chrono::milliseconds removal_;
};

void register_mapper(Node& node, MapperLog& log, std::chrono::milliseconds removal) {
  auto made = node.registry.add_port_mapper(
      "fake_nat", [&log, removal](corrent::PluginContext&) -> corrent::Result<std::unique_ptr<corrent::PortMapper>> {
        return std::unique_ptr<corrent::PortMapper>(std::make_unique<FakeMapper>(&log, removal));
      });
  BOOST_TEST_REQUIRE(made.has_value());
}

// Registers a FakeTracker (scheme "fake") and points `tracker` at the one the session builds;
// its replies say our address is `external_ip` (BEP 24) when given.
void register_tracker(Node& node, corrent::test::FakeTracker** tracker,
                      std::optional<corrent::net::Endpoint> external_ip = std::nullopt) {
  auto made = node.registry.add_tracker(
      "fake_tracker", [tracker, external_ip](corrent::PluginContext&) -> corrent::Result<std::unique_ptr<corrent::tracker::TrackerProtocol>> {
        auto t = std::make_unique<corrent::test::FakeTracker>();
        corrent::tracker::AnnounceResponse reply;
        reply.interval = std::chrono::seconds(1800);
        reply.external_ip = external_ip;
        t->fallback.reply = reply;
        *tracker = t.get();
        return std::unique_ptr<corrent::tracker::TrackerProtocol>(std::move(t));
      });
  BOOST_TEST_REQUIRE(made.has_value());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(session_port_mapper)

// The mapper gets the listen port; its mapping is an event, an external endpoint of the
// session, and the port a tracker is told; at stop it is removed (and said so), and the
// session forgets it.
BOOST_AUTO_TEST_CASE(a_port_mapper_maps_the_listen_port_and_removes_it_at_stop) {
  asio::io_context io;
  Payload payload(64 * 1024, 16 * 1024);
  payload.meta.trackers = {{"fake://tracker/announce"}};
  corrent::test::TempDir work;
  Node node(work.path() / "resume");
  MapperLog log;
  register_mapper(node, log, 20ms);
  corrent::test::FakeTracker* tracker = nullptr;
  register_tracker(node, &tracker);
  node.create(io);
  BOOST_TEST_REQUIRE(tracker != nullptr);
  std::vector<events::Event> seen;
  auto subscription = node.session->events().subscribe(
      [&seen](const events::Event& e) { seen.push_back(e); },
      events::EventMask::of<events::PortMapped, events::PortUnmapped>());
  std::vector<events::ExternalAddressChanged> addresses;
  auto address_subscription = node.session->events().subscribe(
      [&addresses](const events::Event& e) { addresses.push_back(std::get<events::ExternalAddressChanged>(e)); },
      events::EventMask::of<events::ExternalAddressChanged>());
  auto scenario = [&]() -> Task<void> {
    co_await start(node);
    const auto listening = node.session->listen_endpoints();
    BOOST_TEST_REQUIRE(!listening.empty());
    const PortRequest expected{listening.front().port(), PortProtocol::tcp};
    // The shared UDP socket is on the same port, and mapped too.
    BOOST_TEST_REQUIRE(node.session->udp_endpoints().size() == 1u);
    const PortRequest expected_udp{node.session->udp_endpoints().front().port(), PortProtocol::udp};
    BOOST_TEST(expected_udp.local_port == expected.local_port);
    REQUIRE_WITHIN(5000ms, node.session->external_endpoints().size() == 2u);
    BOOST_TEST_REQUIRE(log.wanted.size() == 2u);
    BOOST_TEST((log.wanted[0] == expected));
    BOOST_TEST((log.wanted[1] == expected_udp));
    const auto external = FakeMapper::external_of(expected);
    const auto mapped = node.session->external_endpoints();
    BOOST_TEST((mapped.front() == PortMapping{expected, external}));
    BOOST_TEST((mapped.back() == PortMapping{expected_udp, FakeMapper::external_of(expected_udp)}));
    BOOST_TEST((node.session->view().external_endpoints() == mapped));  // what a Service sees
    // The gateway's WAN address is ours, said once (the second mapping agrees).
    const auto wan = external.with_port(0);
    BOOST_TEST_REQUIRE(node.session->external_address().has_value());
    BOOST_TEST(node.session->external_address()->to_string() == wan.to_string());
    BOOST_TEST((node.session->view().external_address() == node.session->external_address()));
    BOOST_TEST_REQUIRE(addresses.size() == 1u);
    BOOST_TEST(addresses.front().address.to_string() == wan.to_string());
    BOOST_TEST(addresses.front().source == "fake_nat");
    BOOST_TEST_REQUIRE(seen.size() == 2u);
    const auto* event = std::get_if<events::PortMapped>(&seen.front());
    BOOST_TEST_REQUIRE(event != nullptr);
    BOOST_TEST(event->mapper == "fake_nat");
    BOOST_TEST((event->request == expected));
    BOOST_TEST(event->external.to_string() == external.to_string());
    // A torrent announces the external port, not the one it listens on.
    corrent::engine::AddTorrentParams params{payload.meta, payload.dir.path()};
    const auto added = co_await node.session->add_torrent(std::move(params));
    BOOST_TEST_REQUIRE(added.has_value());
    REQUIRE_WITHIN(5000ms, !tracker->calls.empty());
    BOOST_TEST(tracker->calls.front().request.port == external.port());
    BOOST_TEST(tracker->calls.front().request.port != expected.local_port);
    // The torrent's status says what it announces.
    const auto status = node.session->status(payload.meta.info_hash);
    BOOST_TEST_REQUIRE(status.has_value());
    BOOST_TEST(status->ports.tcp == expected.local_port);
    BOOST_TEST(status->ports.announced_tcp() == external.port());
    BOOST_TEST(status->ports.announced_udp() == FakeMapper::external_of(expected_udp).port());
    // So does the extension handshake's "p" (BEP 10), to a peer that connects to us.
    Peer peer;
    corrent::net::TaskGroup group(co_await asio::this_coro::executor);
    co_await dial(node, payload, peer, group);
    REQUIRE_WITHIN(5000ms, peer.their_extensions.has_value());
    BOOST_TEST_REQUIRE(peer.their_extensions->listen_port.has_value());
    BOOST_TEST(*peer.their_extensions->listen_port == external.port());
    peer.conn->close();
    co_await group.stop();
    co_await node.stop();
    BOOST_TEST(!log.cut_off);
    BOOST_TEST_REQUIRE(log.removed.size() == 2u);
    BOOST_TEST((log.removed.front() == expected));
    BOOST_TEST(node.session->external_endpoints().empty());
    BOOST_TEST_REQUIRE(seen.size() == 4u);
    const auto* gone = std::get_if<events::PortUnmapped>(&seen[2]);
    BOOST_TEST_REQUIRE(gone != nullptr);
    BOOST_TEST((gone->request == expected));
    BOOST_TEST((gone->error == asio::error::operation_aborted));
    // The "stopped" announce went before the mapping was removed, with the external port.
    BOOST_TEST((tracker->calls.back().request.event == corrent::tracker::AnnounceEvent::stopped));
    BOOST_TEST(tracker->calls.back().request.port == external.port());
  };
  corrent::test::run_coro(io, scenario(), 30s);
}

// A mapper whose removal would take an hour is cancelled again once the session's bound
// has passed: stop() returns in bounded time, and the session forgets the mapping.
BOOST_AUTO_TEST_CASE(a_mapper_that_does_not_finish_its_removal_is_cut_off_at_the_bound) {
  asio::io_context io;
  corrent::test::TempDir work;
  Node node(work.path() / "resume");
  node.settings.port_mapper_stop_timeout = 300ms;
  MapperLog log;
  register_mapper(node, log, std::chrono::hours(1));
  node.create(io);
  auto scenario = [&]() -> Task<void> {
    co_await start(node);
    REQUIRE_WITHIN(5000ms, !node.session->external_endpoints().empty());
    const auto before = std::chrono::steady_clock::now();
    co_await node.session->stop();
    const auto took = std::chrono::steady_clock::now() - before;
    BOOST_TEST(log.cut_off);
    BOOST_TEST(log.removed.empty());
    BOOST_TEST((took >= 300ms));  // the removal had its time
    BOOST_TEST((took < 3s));
    BOOST_TEST(node.session->external_endpoints().empty());
    co_await node.stop();  // the test's own transports; the session's stop is done already
  };
  corrent::test::run_coro(io, scenario(), 30s);
}

// No mapper: a tracker's "external ip" (BEP 24) alone is one vote, not enough; a peer's
// "yourip" (BEP 10) agreeing with it makes two distinct reporters, and the address is ours.
BOOST_AUTO_TEST_CASE(trackers_and_peers_that_agree_give_the_external_address) {
  asio::io_context io;
  Payload payload(64 * 1024, 16 * 1024);
  payload.meta.trackers = {{"fake://tracker/announce"}};
  corrent::test::TempDir work;
  Node node(work.path() / "resume");
  // The scripted peer dials from 127.0.0.1, and its "yourip" says so: the tracker agrees.
  const auto loopback = corrent::net::Endpoint::v4({127, 0, 0, 1}, 0);
  corrent::test::FakeTracker* tracker = nullptr;
  register_tracker(node, &tracker, loopback);
  node.create(io);
  BOOST_TEST_REQUIRE(tracker != nullptr);
  std::vector<events::ExternalAddressChanged> addresses;
  auto subscription = node.session->events().subscribe(
      [&addresses](const events::Event& e) { addresses.push_back(std::get<events::ExternalAddressChanged>(e)); },
      events::EventMask::of<events::ExternalAddressChanged>());
  auto scenario = [&]() -> Task<void> {
    co_await start(node);
    corrent::engine::AddTorrentParams params{payload.meta, payload.dir.path()};
    const auto added = co_await node.session->add_torrent(std::move(params));
    BOOST_TEST_REQUIRE(added.has_value());
    REQUIRE_WITHIN(5000ms, !tracker->calls.empty());
    asio::steady_timer settle(co_await asio::this_coro::executor, 100ms);
    (void)co_await settle.async_wait(corrent::use_nothrow);
    BOOST_TEST(!node.session->external_address().has_value());  // one reporter is not enough
    BOOST_TEST(addresses.empty());
    Peer peer;
    corrent::net::TaskGroup group(co_await asio::this_coro::executor);
    co_await dial(node, payload, peer, group);
    REQUIRE_WITHIN(5000ms, node.session->external_address().has_value());
    BOOST_TEST(node.session->external_address()->to_string() == loopback.to_string());
    BOOST_TEST_REQUIRE(addresses.size() == 1u);
    BOOST_TEST(addresses.front().source == "votes");
    peer.conn->close();
    co_await group.stop();
    co_await node.stop();
  };
  corrent::test::run_coro(io, scenario(), 30s);
}

BOOST_AUTO_TEST_SUITE_END()
