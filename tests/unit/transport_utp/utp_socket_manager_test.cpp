// UtpSocketManager's defences through a real UDP socket on 127.0.0.1: a SYN flood from one
// raw socket (the half-open bound, no amplification, nothing accepted, recovery), the RESET
// rate limit for packets of unknown connections, and the demultiplexer on the shared
// socket (KRPC and UDP tracker datagrams are left to later handlers; broken uTP is claimed).
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "corrent/net/datagram_service.hpp"
#include "support/run_coro.hpp"
#include "utp_loopback.hpp"

namespace {

using namespace corrent::transport_utp::test;
using corrent::Task;
using corrent::net::Datagram;
using corrent::net::DatagramService;
using corrent::test::run_coro;
using corrent::transport_utp::decode_packet;
using corrent::transport_utp::kHeaderSize;
using corrent::transport_utp::PacketType;
using corrent::transport_utp::UtpSettings;
using corrent::transport_utp::UtpSocketManager;
using asio::experimental::awaitable_operators::operator||;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kMaxHalfOpen = 8;
constexpr std::size_t kFlood = 1000;
constexpr std::size_t kBatch = 50;  // sent at once, then waited for: the socket drops none
constexpr std::uint32_t kResetsPerSecond = 50;
constexpr std::size_t kUnknownPackets = 500;

UtpSettings guarded() {
  UtpSettings s;
  s.max_half_open_inbound = kMaxHalfOpen;
  s.connection.half_open_timeout = 500ms;
  s.max_resets_per_second = kResetsPerSecond;
  return s;
}

std::uint64_t syns_seen(const UtpSocketManager& m) {
  return m.counters().syns_accepted + m.counters().syns_dropped;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(transport_utp_manager)

// 4. 1,000 SYNs with distinct ids from one raw socket: at most max_half_open are answered
// (each answer no bigger than the SYN), the rest are dropped and counted, accept() offers
// none of them (they never confirm), they expire after half_open_timeout, and then a real
// connect goes through.
BOOST_AUTO_TEST_CASE(a_syn_flood_is_bounded_unamplified_and_forgotten) {
  asio::io_context io;
  Node server(io, guarded());
  Node client(io);
  RawPeer flooder(io);
  const auto ids = distinct_ids(kFlood, 7);
  auto& manager = server.transport.manager();
  std::size_t most_half_open = 0;
  std::vector<std::vector<std::uint8_t>> replies;
  Clock::duration flood_took{};
  auto scenario = [&]() -> Task<void> {
    const auto start = Clock::now();
    for (std::size_t at = 0; at < kFlood; at += kBatch) {
      for (std::size_t i = at; i < at + kBatch; ++i) {
        flooder.send(make_packet(PacketType::syn, ids[i], static_cast<std::uint16_t>(i)), server.endpoint());
      }
      const bool taken = co_await within(2000ms, [&] {
        most_half_open = std::max(most_half_open, manager.half_open_count());
        return syns_seen(manager) == at + kBatch;
      });
      BOOST_REQUIRE_MESSAGE(taken, "SYNs seen: " << syns_seen(manager) << " of " << at + kBatch);
    }
    flood_took = Clock::now() - start;
    BOOST_TEST(manager.half_open_count() == kMaxHalfOpen);
    // Nothing to accept: the flooder never sends the packet that confirms a connection.
    asio::steady_timer quiet(co_await asio::this_coro::executor, 200ms);
    auto raced = co_await (server.listener->accept() || quiet.async_wait(corrent::use_nothrow));
    BOOST_TEST(raced.index() == 1u);
    // Past half_open_timeout they are gone.
    const bool expired = co_await within(2000ms, [&] { return manager.connection_count() == 0; });
    BOOST_TEST(expired);
    BOOST_TEST(manager.half_open_count() == 0u);
    co_await sleep_for(20ms);
    replies = flooder.drain();
    // Room again: a real connection is set up and offered.
    auto ends = co_await connect_pair(client.transport, *server.listener, server.endpoint());
    BOOST_TEST(ends.has_value());
    if (ends) ends->first.reset();
    if (ends) ends->second.reset();
    co_await client.transport.stop();
    co_await server.transport.stop();
  };
  run_coro(io, scenario(), 30s);
  BOOST_TEST_MESSAGE("flood of " << kFlood << " SYNs took "
                     << std::chrono::duration_cast<std::chrono::milliseconds>(flood_took).count() << " ms");
  BOOST_TEST(most_half_open <= kMaxHalfOpen);
  const auto& c = manager.counters();
  // All within one half_open_timeout: exactly the bound was answered.
  if (flood_took < 400ms) BOOST_TEST(c.syns_accepted == kMaxHalfOpen + 1);  // + the real connect
  BOOST_TEST(c.syns_accepted + c.syns_dropped == kFlood + 1);
  BOOST_TEST(c.resets_sent == 0u);  // a dropped SYN is not answered at all
  BOOST_TEST(replies.size() <= c.syns_accepted - 1);
  BOOST_TEST(replies.size() >= 1u);  // those within the bound were answered
  for (const auto& r : replies) {
    BOOST_TEST(r.size() <= kHeaderSize);  // the SYNs were kHeaderSize bytes: no amplification
    const auto decoded = decode_packet(r);
    BOOST_TEST((decoded && decoded->header.type == PacketType::state));
  }
}

// 5. 500 DATA packets for connections that do not exist: a RESET for the first
// max_resets_per_second of them within the second, the rest suppressed and counted.
BOOST_AUTO_TEST_CASE(resets_to_unknown_connections_are_rate_limited) {
  asio::io_context io;
  Node server(io, guarded());
  RawPeer prober(io);
  const auto ids = distinct_ids(kUnknownPackets, 11);
  auto& manager = server.transport.manager();
  std::vector<std::vector<std::uint8_t>> resets;
  Clock::duration took{};
  auto scenario = [&]() -> Task<void> {
    const auto start = Clock::now();
    for (std::size_t at = 0; at < kUnknownPackets; at += kBatch) {
      for (std::size_t i = at; i < at + kBatch; ++i) {
        prober.send(make_packet(PacketType::data, ids[i], static_cast<std::uint16_t>(i)), server.endpoint());
      }
      const bool taken = co_await within(2000ms, [&] { return manager.counters().unknown == at + kBatch; });
      BOOST_REQUIRE(taken);
    }
    took = Clock::now() - start;
    co_await sleep_for(50ms);
    resets = prober.drain();
    co_await server.transport.stop();
  };
  run_coro(io, scenario(), 20s);
  const auto& c = manager.counters();
  BOOST_TEST(c.unknown == kUnknownPackets);
  BOOST_TEST(c.resets_sent + c.resets_suppressed == kUnknownPackets);
  if (took < 900ms) {  // one rate window
    BOOST_TEST(c.resets_sent == kResetsPerSecond);
  } else {
    BOOST_TEST_MESSAGE("the probe took more than a second: more than one window");
    BOOST_TEST(c.resets_sent <= kResetsPerSecond * 2);
  }
  BOOST_TEST(resets.size() <= c.resets_sent);
  BOOST_TEST(resets.size() >= 1u);
  for (const auto& r : resets) {
    const auto decoded = decode_packet(r);
    BOOST_REQUIRE(decoded.has_value());
    BOOST_TEST((decoded->header.type == PacketType::reset));
    BOOST_TEST((std::find(ids.begin(), ids.end(), decoded->header.connection_id) != ids.end()));
  }
}

// 6. On the shared socket, the uTP handler (registered first) leaves a KRPC message ('d')
// and a UDP tracker reply (0x00000001...) to a later handler, and a datagram too short to
// be uTP; one that passes looks_like_utp but does not decode is claimed, counted as
// malformed and answered with nothing.
BOOST_AUTO_TEST_CASE(the_demultiplexer_claims_only_utp) {
  asio::io_context io;
  DatagramService service(io.get_executor());
  const auto local = service.open(kLoopback);
  BOOST_REQUIRE(local);
  corrent::transport_utp::UtpTransport transport(io.get_executor(), &service, UtpSettings{});
  auto listener = transport.listen(*local);
  BOOST_REQUIRE(listener);
  std::vector<std::vector<std::uint8_t>> later;
  auto registration = service.add_handler("after_utp", [&](const Datagram& d) {
    later.emplace_back(d.bytes.begin(), d.bytes.end());
    return true;
  });
  const std::string krpc = "d1:ad2:id20:abcdefghij0123456789e1:q4:ping1:t2:aa1:y1:qe";
  const std::vector<std::uint8_t> krpc_bytes(krpc.begin(), krpc.end());
  std::vector<std::uint8_t> tracker{0, 0, 0, 1, 0x12, 0x34, 0x56, 0x78};  // announce reply
  tracker.resize(26, 0);
  const std::vector<std::uint8_t> short_utp{0x41, 0, 0, 1, 0, 0, 0, 0, 0, 0};  // SYN v1, 10 bytes
  // A DATA v1 header naming a selective ack that is not there: truncated_extension.
  auto broken = make_packet(PacketType::data, 4242, 1);
  broken[1] = 1;
  BOOST_REQUIRE(!decode_packet(broken).has_value());
  RawPeer remote(io);
  auto scenario = [&]() -> Task<void> {
    for (const auto& bytes : {krpc_bytes, tracker, short_utp, broken}) remote.send(bytes, *local);
    const bool all = co_await within(2000ms, [&] { return service.counters().received == 4; });
    BOOST_TEST(all);
    co_await sleep_for(30ms);
    BOOST_TEST(remote.drain().empty());  // nothing answered the broken one
    co_await transport.stop();
    co_await service.stop();
  };
  run_coro(io, scenario(), 10s);
  BOOST_TEST(later.size() == 3u);
  if (later.size() == 3u) {
    BOOST_TEST((later[0] == krpc_bytes));
    BOOST_TEST((later[1] == tracker));
    BOOST_TEST((later[2] == short_utp));
  }
  const auto& c = transport.manager().counters();
  BOOST_TEST(c.malformed == 1u);
  BOOST_TEST(c.unknown == 0u);
  BOOST_TEST(c.resets_sent == 0u);
  BOOST_TEST(service.counters().claimed == 4u);
  BOOST_TEST(service.counters().unclaimed == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
