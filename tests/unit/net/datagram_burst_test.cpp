// DatagramService on real UDP sockets (127.0.0.1): a datagram goes to the kernel at once
// when nothing is queued before it, and a burst that is already waiting is read in one go,
// with the handlers' after_batch callback once at its end (uTP's one ack per burst).
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <vector>

#include <asio/io_context.hpp>
#include <asio/ip/udp.hpp>
#include <asio/steady_timer.hpp>

#include "corrent/net/asio_endpoint.hpp"
#include "corrent/net/datagram_service.hpp"
#include "corrent/net/limits.hpp"
#include "plain_datagram_socket.hpp"
#include "support/run_coro.hpp"

using namespace std::chrono_literals;
using asio::ip::udp;
using corrent::Task;
using corrent::net::Datagram;
using corrent::net::DatagramService;
using corrent::net::Endpoint;

namespace {

const Endpoint kLoopbackAny = Endpoint::v4({127, 0, 0, 1}, 0);

udp::socket remote_socket(asio::io_context& io) {
  return udp::socket(io, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
}

// Polls `done` every 2 ms for at most `limit`.
template <class Done>
Task<bool> within(std::chrono::milliseconds limit, Done done) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  for (auto waited = 0ms; waited < limit; waited += 2ms) {
    if (done()) co_return true;
    timer.expires_after(2ms);
    co_await timer.async_wait(corrent::use_nothrow);
  }
  co_return done();
}

struct Tally {
  std::size_t datagrams = 0;
  std::size_t batches = 0;
  std::size_t datagrams_at_first_batch = 0;
};

// Sends `count` datagrams to `to` before the executor runs, then runs until all arrived.
Tally burst_of(asio::io_context& io, DatagramService& service, const Endpoint& to, std::size_t count) {
  Tally tally;
  auto registration = service.add_handler(
      "counter",
      [&](const Datagram&) {
        ++tally.datagrams;
        return true;
      },
      [&] {
        if (++tally.batches == 1) tally.datagrams_at_first_batch = tally.datagrams;
      });
  auto remote = remote_socket(io);
  const std::vector<std::uint8_t> bytes(100, 0x42);
  for (std::size_t i = 0; i < count; ++i) remote.send_to(asio::buffer(bytes), corrent::net::to_udp(to));
  auto scenario = [&]() -> Task<void> {
    const bool all = co_await within(5000ms, [&] { return tally.datagrams == count; });
    BOOST_TEST(all);
    co_await service.stop();
  };
  corrent::test::run_coro(io, scenario(), 10s);
  return tally;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(datagram_burst)

BOOST_AUTO_TEST_CASE(a_datagram_goes_to_the_kernel_at_once_when_nothing_waits_before_it) {
  asio::io_context io;
  DatagramService service(io.get_executor());
  BOOST_TEST_REQUIRE(service.open(kLoopbackAny).has_value());
  auto remote = remote_socket(io);
  const std::vector<std::uint8_t> bytes{1, 2, 3};
  BOOST_TEST_REQUIRE(service.send(corrent::net::from_asio(remote.local_endpoint()), bytes).has_value());
  // The executor has not run: the datagram left in send() itself.
  BOOST_TEST(service.counters().sent == 1u);
  std::vector<std::uint8_t> got(16);
  udp::endpoint from;
  BOOST_TEST(remote.receive_from(asio::buffer(got), from) == bytes.size());
  auto stop = [&]() -> Task<void> { co_await service.stop(); };
  corrent::test::run_coro(io, stop(), 5s);
}

BOOST_AUTO_TEST_CASE(a_burst_already_waiting_is_read_in_one_go_then_after_batch_runs_once) {
  asio::io_context io;
  DatagramService service(io.get_executor());
  const auto local = service.open(kLoopbackAny);
  BOOST_TEST_REQUIRE(local.has_value());
  const Tally tally = burst_of(io, service, *local, 20);
  BOOST_TEST(tally.datagrams == 20u);
  BOOST_TEST(tally.batches == 1u);
  BOOST_TEST(tally.datagrams_at_first_batch == 20u);
}

BOOST_AUTO_TEST_CASE(a_burst_is_cut_at_the_batch_bound) {
  asio::io_context io;
  DatagramService service(io.get_executor());
  const auto local = service.open(kLoopbackAny);
  BOOST_TEST_REQUIRE(local.has_value());
  const std::size_t count = corrent::net::kMaxDatagramBatch + 1;
  const Tally tally = burst_of(io, service, *local, count);
  BOOST_TEST(tally.datagrams == count);
  BOOST_TEST(tally.batches == 2u);
  BOOST_TEST(tally.datagrams_at_first_batch == corrent::net::kMaxDatagramBatch);
}

BOOST_AUTO_TEST_CASE(a_socket_that_cannot_look_ahead_ends_a_batch_with_every_datagram) {
  asio::io_context io;
  DatagramService service(io.get_executor());
  auto udp = corrent::net::open_udp_socket(io.get_executor(), kLoopbackAny);
  BOOST_TEST_REQUIRE(udp.has_value());
  const auto local = service.add_socket(std::make_unique<corrent::test::PlainDatagramSocket>(std::move(*udp)));
  BOOST_TEST_REQUIRE(local.has_value());
  const Tally tally = burst_of(io, service, *local, 5);
  BOOST_TEST(tally.datagrams == 5u);
  BOOST_TEST(tally.batches == 5u);
}

BOOST_AUTO_TEST_SUITE_END()
