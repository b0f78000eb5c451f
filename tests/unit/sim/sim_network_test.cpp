// The simulated network itself: virtual time, latency, bandwidth, loss, and that the same
// seed gives the same run.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include <array>
#include <span>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/error.hpp>
#include <asio/io_context.hpp>

#include "corrent/core/clock.hpp"
#include "support/sim_driver.hpp"
#include "support/sim_network.hpp"

namespace {

using namespace std::chrono_literals;
using corrent::Clock;
using corrent::Task;
using corrent::test::SimDriver;
using corrent::test::SimLink;
using corrent::test::SimNetwork;

// Virtual time is advanced in steps of 1 ms: a due timer fires within one step.
constexpr auto kStep = 1ms;

std::vector<std::byte> pattern(std::size_t n) {
  std::vector<std::byte> out(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<std::byte>((i * 7 + i / 251) & 0xff);
  return out;
}

// Reads until `want` bytes or an error; returns them.
Task<std::vector<std::byte>> read_all(corrent::net::Stream& stream, std::size_t want) {
  std::vector<std::byte> got;
  std::vector<std::byte> buffer(4096);
  while (got.size() < want) {
    auto n = co_await stream.read_some(buffer);
    if (!n) break;
    got.insert(got.end(), buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(*n));
  }
  co_return got;
}

struct Pair {
  std::unique_ptr<corrent::net::Stream> client, server;
};

Task<Pair> connect_pair(corrent::test::SimHost& from, corrent::test::SimHost& to) {
  corrent::test::SimTransport near(from), far(to);
  auto listener = far.listen(to.endpoint(6881));
  BOOST_TEST_REQUIRE(listener.has_value());
  auto client = co_await near.connect(to.endpoint(6881), 5000ms);
  BOOST_TEST_REQUIRE(client.has_value());
  auto server = co_await (*listener)->accept();
  BOOST_TEST_REQUIRE(server.has_value());
  co_return Pair{std::move(*client), std::move(*server)};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sim_network)

BOOST_AUTO_TEST_CASE(an_hour_of_timers_passes_in_virtual_time) {
  asio::io_context io;
  SimDriver driver(io, 100ms);
  const auto start = Clock::now();
  BOOST_TEST((start == SimDriver::kStart));
  bool fired = false;
  corrent::Timer timer(io.get_executor(), 1h);
  timer.async_wait([&](std::error_code ec) { fired = !ec; });
  BOOST_TEST(driver.run_until([&] { return fired; }, 2h));
  BOOST_TEST((Clock::now() - start >= 1h));
  BOOST_TEST((Clock::now() - start <= 1h + 100ms));
}

BOOST_AUTO_TEST_CASE(a_connect_takes_one_round_trip_and_a_write_its_serialisation_then_the_latency) {
  asio::io_context io;
  SimDriver driver(io);
  SimLink link;
  link.latency = 25ms;
  link.uplink_bytes_per_second = 1'000'000;
  SimNetwork network(io.get_executor(), link, 1);
  auto& a = network.add_host();
  auto& b = network.add_host();
  BOOST_TEST(a.endpoint(1).to_string() == "127.0.0.2:1");
  BOOST_TEST(b.endpoint(1).to_string() == "127.0.0.3:1");

  const auto t0 = Clock::now();
  auto pair = driver.run(connect_pair(a, b), 10s);
  const auto connected = Clock::now() - t0;
  BOOST_TEST((connected >= 50ms && connected <= 50ms + kStep));
  BOOST_TEST(pair.client->remote().to_string() == "127.0.0.3:6881");
  BOOST_TEST((pair.server->remote() == pair.client->local()));

  const auto data = pattern(100'000);  // 100 ms at 1 MB/s
  const auto t1 = Clock::now();
  auto& client = *pair.client;
  auto writer = [&]() -> Task<void> {
    BOOST_TEST((co_await client.write_all(data)).has_value());
  };
  driver.run(writer(), 10s);
  const auto written = Clock::now() - t1;
  BOOST_TEST((written >= 100ms && written <= 100ms + kStep));
  const auto got = driver.run(read_all(*pair.server, data.size()), 10s);
  const auto arrived = Clock::now() - t1;
  BOOST_TEST((arrived >= 125ms && arrived <= 125ms + 2 * kStep));
  BOOST_TEST((got == data));
  BOOST_TEST(network.counters().stream_bytes == data.size());
}

BOOST_AUTO_TEST_CASE(one_uplink_is_shared_by_the_connections_of_a_host) {
  asio::io_context io;
  SimDriver driver(io);
  SimLink link;
  link.latency = 10ms;
  link.uplink_bytes_per_second = 1'000'000;
  SimNetwork network(io.get_executor(), link, 1);
  auto& a = network.add_host();
  auto& b = network.add_host();
  auto& c = network.add_host();
  auto to_b = driver.run(connect_pair(a, b), 10s);
  auto to_c = driver.run(connect_pair(a, c), 10s);
  const auto data = pattern(50'000);  // 50 ms each, 100 ms for both
  const auto t0 = Clock::now();
  int done = 0;
  auto writer = [&](corrent::net::Stream& s) -> Task<void> {
    BOOST_TEST((co_await s.write_all(data)).has_value());
    ++done;
  };
  asio::co_spawn(io, writer(*to_b.client), asio::detached);
  asio::co_spawn(io, writer(*to_c.client), asio::detached);
  BOOST_TEST(driver.run_until([&] { return done == 2; }, 10s));
  const auto took = Clock::now() - t0;
  BOOST_TEST((took >= 100ms && took <= 100ms + kStep));
}

BOOST_AUTO_TEST_CASE(a_connect_to_a_closed_port_is_refused_after_a_round_trip) {
  asio::io_context io;
  SimDriver driver(io);
  SimNetwork network(io.get_executor(), SimLink{}, 1);
  auto& a = network.add_host();
  auto& b = network.add_host();
  corrent::test::SimTransport transport(a);
  const auto t0 = Clock::now();
  auto attempt = [&]() -> Task<corrent::Result<std::unique_ptr<corrent::net::Stream>>> {
    co_return co_await transport.connect(b.endpoint(9999), 5000ms);
  };
  auto result = driver.run(attempt(), 10s);
  BOOST_TEST_REQUIRE(!result.has_value());
  BOOST_TEST((result.error() == std::errc::connection_refused));
  BOOST_TEST((Clock::now() - t0 >= 2 * SimLink{}.latency));
  BOOST_TEST(network.counters().refused == 1u);
}

BOOST_AUTO_TEST_CASE(a_lossy_stream_delivers_everything_in_order_only_later) {
  auto transfer = [](double loss) {
    asio::io_context io;
    SimDriver driver(io);
    SimLink link;
    link.latency = 10ms;
    link.uplink_bytes_per_second = 10'000'000;
    link.loss = loss;
    SimNetwork network(io.get_executor(), link, 42);
    auto& a = network.add_host();
    auto& b = network.add_host();
    auto pair = driver.run(connect_pair(a, b), 10s);
    const auto data = pattern(200'000);
    auto& client = *pair.client;
    auto writer = [&]() -> Task<void> {
      for (std::size_t at = 0; at < data.size(); at += 10'000) {
        BOOST_TEST((co_await client.write_all(std::span(data).subspan(at, 10'000))).has_value());
      }
    };
    asio::co_spawn(io, writer(), asio::detached);
    const auto t0 = Clock::now();
    const auto got = driver.run(read_all(*pair.server, data.size()), 60s);
    BOOST_TEST((got == data));
    return std::make_pair(Clock::now() - t0, network.counters().segments_lost);
  };
  const auto [clean_time, clean_lost] = transfer(0.0);
  const auto [lossy_time, lossy_lost] = transfer(0.05);
  BOOST_TEST(clean_lost == 0u);
  BOOST_TEST(lossy_lost > 0u);
  BOOST_TEST((lossy_time >= clean_time + SimLink{}.retransmit_delay));
}

BOOST_AUTO_TEST_CASE(closing_a_stream_ends_the_other_side_after_its_data) {
  asio::io_context io;
  SimDriver driver(io);
  SimNetwork network(io.get_executor(), SimLink{}, 1);
  auto& a = network.add_host();
  auto& b = network.add_host();
  auto pair = driver.run(connect_pair(a, b), 10s);
  const auto data = pattern(3000);
  auto& client = *pair.client;
  auto writer = [&]() -> Task<void> {
    BOOST_TEST((co_await client.write_all(data)).has_value());
    client.close();
  };
  driver.run(writer(), 10s);
  const auto got = driver.run(read_all(*pair.server, data.size() + 1), 10s);
  BOOST_TEST((got == data));
  std::vector<std::byte> one(1);
  auto after = [&]() -> Task<corrent::Result<std::size_t>> { co_return co_await pair.server->read_some(one); };
  const auto end = driver.run(after(), 10s);
  BOOST_TEST_REQUIRE(!end.has_value());
  BOOST_TEST((end.error() == asio::error::eof));
}

// Which of 200 datagrams arrive, under 30% loss.
std::vector<int> arrivals(std::uint64_t seed) {
  asio::io_context io;
  SimDriver driver(io);
  SimLink link;
  link.loss = 0.3;
  SimNetwork network(io.get_executor(), link, seed);
  auto& a = network.add_host();
  auto& b = network.add_host();
  auto sender = a.open_datagram(a.endpoint(0));
  auto receiver = b.open_datagram(b.endpoint(6881));
  BOOST_TEST_REQUIRE(sender.has_value());
  BOOST_TEST_REQUIRE(receiver.has_value());
  BOOST_TEST((a.open_datagram(corrent::net::Endpoint::v6({}, 0)).error() == asio::error::address_family_not_supported));
  std::vector<int> got;
  auto receive = [&]() -> Task<void> {
    std::array<std::uint8_t, 16> buffer{};
    for (;;) {
      corrent::net::Endpoint from;
      auto n = co_await (*receiver)->receive(buffer, from);
      if (!n) co_return;
      BOOST_TEST((from == (*sender)->local_endpoint()));
      got.push_back(buffer[0]);
    }
  };
  asio::co_spawn(io, receive(), asio::detached);
  auto send = [&]() -> Task<void> {
    for (int i = 0; i < 200; ++i) {
      const std::array<std::uint8_t, 1> one{static_cast<std::uint8_t>(i)};
      BOOST_TEST((co_await (*sender)->send(b.endpoint(6881), one)).has_value());
    }
  };
  driver.run(send(), 1s);
  driver.run_until([] { return false; }, 1s);  // let everything land
  BOOST_TEST(network.counters().datagrams == 200u);
  BOOST_TEST(got.size() == 200u - network.counters().datagrams_lost);
  (*receiver)->close();
  driver.run_until([] { return false; }, 10ms);
  return got;
}

BOOST_AUTO_TEST_CASE(datagrams_are_lost_the_same_way_for_the_same_seed) {
  const auto first = arrivals(7);
  const auto again = arrivals(7);
  const auto other = arrivals(8);
  BOOST_TEST(first.size() > 100u);  // about 140 of 200
  BOOST_TEST(first.size() < 180u);
  BOOST_TEST((first == again));
  BOOST_TEST((first != other));
}

BOOST_AUTO_TEST_SUITE_END()
