// UtpTransport through real UDP sockets on 127.0.0.1 (ephemeral ports, every wait bounded):
// a 4 MiB transfer both ways and a graceful close, listen() on the shared socket or a new
// one, connects nobody answers, stop() with a read pending, and a peer's RESET mid-transfer.
// The socket manager's defences (SYN flood, RESET rate, demultiplexing) are in
// utp_socket_manager_test.cpp.
#include <boost/test/unit_test.hpp>

#include <array>
#include <chrono>
#include <optional>
#include <vector>

#include <asio/error.hpp>

#include "test_bytes.hpp"
#include "corrent/net/datagram_service.hpp"
#include "corrent/net/error.hpp"
#include "support/run_coro.hpp"
#include "utp_loopback.hpp"

namespace {

using namespace corrent::transport_utp::test;
using corrent::Result;
using corrent::Task;
using corrent::net::DatagramService;
using corrent::net::Endpoint;
using corrent::net::Stream;
using corrent::test::run_coro;
using corrent::transport_utp::PacketType;
using corrent::transport_utp::UtpSettings;
using corrent::transport_utp::UtpTransport;
using asio::experimental::awaitable_operators::operator&&;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kTransfer = 4u << 20;

std::vector<std::byte> pattern(std::size_t size, std::uint32_t seed) { return utp_test::pattern<std::byte>(size, seed); }

// Writes `data` in 64 KiB steps, each as two parts of one write_gather.
Task<Result<void>> write_chunks(Stream& s, const std::vector<std::byte>& data) {
  const std::span<const std::byte> all(data);
  for (std::size_t at = 0; at < all.size(); at += 65536) {
    const auto chunk = all.subspan(at, std::min<std::size_t>(65536, all.size() - at));
    const std::array<std::span<const std::byte>, 2> parts{chunk.first(chunk.size() / 3),
                                                          chunk.subspan(chunk.size() / 3)};
    auto written = co_await s.write_gather(parts);
    if (!written) co_return written;
  }
  co_return Result<void>{};
}

// Reads until `want` bytes arrived (or, with want == 0, until an error); returns them and
// the error that ended the reading, if any.
struct ReadOutcome {
  std::vector<std::byte> bytes;
  std::error_code ended;
};
Task<ReadOutcome> read_up_to(Stream& s, std::size_t want) {
  ReadOutcome got;
  std::array<std::byte, 32768> buffer{};
  while (want == 0 || got.bytes.size() < want) {
    auto n = co_await s.read_some(buffer);
    if (!n) {
      got.ended = n.error();
      break;
    }
    got.bytes.insert(got.bytes.end(), buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(*n));
  }
  co_return got;
}

// One side's part of a transfer both ways: writes `out` while reading `want` bytes.
Task<void> pump(Stream& s, const std::vector<std::byte>& out, std::size_t want, Result<void>& wrote,
                ReadOutcome& read) {
  auto writer = [&]() -> Task<void> { wrote = co_await write_chunks(s, out); };
  auto reader = [&]() -> Task<void> { read = co_await read_up_to(s, want); };
  co_await (writer() && reader());
}

bool is_timeout(std::error_code ec) {
  return ec == std::error_code(corrent::net::errc::timed_out) || ec == asio::error::timed_out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(transport_utp_loopback)

// 1. 4 MiB each way at once, byte for byte; then a write followed at once by close(): the
// reader gets every byte, then eof (close is graceful, as TCP's).
BOOST_AUTO_TEST_CASE(four_mib_both_ways_then_a_graceful_close) {
  asio::io_context io;
  Node a(io), b(io);
  BOOST_TEST(a.transport.scheme() == "utp");
  const auto ab = pattern(kTransfer, 1), ba = pattern(kTransfer, 2), tail = pattern((1u << 20) + 7, 3);
  auto scenario = [&]() -> Task<void> {
    auto ends = co_await connect_pair(a.transport, *b.listener, b.endpoint());
    BOOST_REQUIRE_MESSAGE(ends, (ends ? std::string() : ends.error().message()));
    auto& out = *ends->first;
    auto& in = *ends->second;
    BOOST_TEST((out.remote() == b.endpoint()));
    BOOST_TEST((in.remote() == a.endpoint()));
    BOOST_TEST((in.local() == b.endpoint()));
    Result<void> wrote_a, wrote_b;
    ReadOutcome read_a, read_b;
    co_await (pump(out, ab, kTransfer, wrote_a, read_a) && pump(in, ba, kTransfer, wrote_b, read_b));
    BOOST_TEST(wrote_a.has_value());
    BOOST_TEST(wrote_b.has_value());
    BOOST_TEST(!read_a.ended);
    BOOST_TEST(!read_b.ended);
    BOOST_TEST((read_b.bytes == ab));
    BOOST_TEST((read_a.bytes == ba));
    // Written (into the send buffer, not yet delivered), closed at once: still all arrives.
    const auto last = co_await write_chunks(out, tail);
    BOOST_TEST(last.has_value());
    out.close();
    const auto rest = co_await read_up_to(in, 0);
    BOOST_TEST((rest.ended == asio::error::eof));
    BOOST_TEST((rest.bytes == tail));
    std::array<std::byte, 16> one{};
    const auto again = co_await in.read_some(one);
    BOOST_TEST((!again && again.error() == asio::error::eof));
    const auto closed_write = co_await out.write_all(std::as_bytes(std::span(one)));
    BOOST_TEST(!closed_write.has_value());
    ends->first.reset();
    ends->second.reset();
    co_await a.transport.stop();
    co_await b.transport.stop();
  };
  run_coro(io, scenario(), 60s);
}

// 2. listen() takes the socket the service already has open (the session's port); on a
// service with none it opens one; either way local_endpoints() says where.
BOOST_AUTO_TEST_CASE(listen_uses_the_open_socket_or_opens_one) {
  asio::io_context io;
  DatagramService shared(io.get_executor()), empty(io.get_executor());
  const auto bound = shared.open(kLoopback);
  BOOST_REQUIRE(bound);
  UtpTransport on_shared(io.get_executor(), &shared, UtpSettings{});
  UtpTransport on_empty(io.get_executor(), &empty, UtpSettings{});
  auto any_port = on_shared.listen(kLoopback);
  auto that_port = on_shared.listen(*bound);
  BOOST_REQUIRE(any_port);
  BOOST_REQUIRE(that_port);
  BOOST_TEST(((*any_port)->local_endpoints() == std::vector<Endpoint>{*bound}));
  BOOST_TEST(((*that_port)->local_endpoints() == std::vector<Endpoint>{*bound}));
  BOOST_TEST(shared.local_endpoints().size() == 1u);  // nothing else was opened
  auto opened = on_empty.listen(kLoopback);
  BOOST_REQUIRE(opened);
  const auto where = (*opened)->local_endpoints();
  BOOST_TEST((where == empty.local_endpoints()));
  BOOST_REQUIRE(where.size() == 1u);
  BOOST_TEST(where[0].port() != 0);
  BOOST_TEST((where[0].with_port(0) == kLoopback));
  auto scenario = [&]() -> Task<void> {
    // Both listen for real: each dials the other.
    auto one = co_await connect_pair(on_empty, **any_port, *bound);
    BOOST_TEST(one.has_value());
    auto two = co_await connect_pair(on_shared, **opened, where[0]);
    BOOST_TEST(two.has_value());
    if (two) BOOST_TEST((two->first->local() == *bound));  // it left from the shared socket
    for (auto* pair : {&one, &two}) {
      if (*pair) (*pair)->first.reset();
      if (*pair) (*pair)->second.reset();
    }
    co_await on_shared.stop();
    co_await on_empty.stop();
    co_await shared.stop();
    co_await empty.stop();
  };
  run_coro(io, scenario(), 20s);
}

// 3. Nobody answers: a plain UDP socket that drops everything gets three SYNs a second
// apart and the connect fails after about 3 s. A uTP socket that is not listening drops the
// SYNs too (it sends no RESET: syns_dropped counts them), so that connect times out alike.
// All three come back as net::errc::timed_out, as Transport::connect promises: the SYNs'
// give-up is mapped to it, and a caller's shorter timeout is with_timeout's.
BOOST_AUTO_TEST_CASE(connect_to_nobody_times_out_after_three_syns) {
  asio::io_context io;
  Node client(io);
  RawPeer deaf(io);
  DatagramService quiet_service(io.get_executor());
  const auto quiet = quiet_service.open(kLoopback);
  BOOST_REQUIRE(quiet);
  UtpTransport not_listening(io.get_executor(), &quiet_service, UtpSettings{});
  std::error_code to_deaf, to_quiet, short_wait;
  Clock::duration deaf_took{}, quiet_took{};
  auto attempt = [&](Endpoint to, std::chrono::milliseconds limit, std::error_code& why,
                     Clock::duration& took) -> Task<void> {
    const auto start = Clock::now();
    auto s = co_await client.transport.connect(to, limit);
    took = Clock::now() - start;
    BOOST_TEST(!s.has_value());
    if (!s) why = s.error();
  };
  auto scenario = [&]() -> Task<void> {
    Clock::duration unused{};
    co_await (attempt(deaf.endpoint(), 10s, to_deaf, deaf_took) &&
              attempt(*quiet, 10s, to_quiet, quiet_took) && attempt(deaf.endpoint(), 300ms, short_wait, unused));
    co_await not_listening.stop();
    co_await quiet_service.stop();
    co_await client.transport.stop();
  };
  run_coro(io, scenario(), 20s);
  BOOST_TEST_MESSAGE("deaf: " << to_deaf.message() << ", not listening: " << to_quiet.message());
  BOOST_TEST((to_deaf == std::error_code(corrent::net::errc::timed_out)));
  BOOST_TEST((to_quiet == std::error_code(corrent::net::errc::timed_out)));
  BOOST_TEST((short_wait == std::error_code(corrent::net::errc::timed_out)));
  BOOST_TEST(is_timeout(to_deaf));
  for (const auto took : {deaf_took, quiet_took}) {
    BOOST_TEST(took >= 2500ms);
    BOOST_TEST(took <= 4500ms);
  }
  const auto syns = deaf.drain();
  BOOST_TEST(syns.size() == 4u);  // three for the 10 s attempt, one for the 300 ms attempt
  for (const auto& p : syns) {
    const auto decoded = corrent::transport_utp::decode_packet(p);
    BOOST_TEST((decoded && decoded->header.type == PacketType::syn));
  }
  const auto& counters = not_listening.manager().counters();
  BOOST_TEST(counters.syns_dropped == 3u);
  BOOST_TEST(counters.syns_accepted == 0u);
  BOOST_TEST(counters.resets_sent == 0u);
  BOOST_TEST(not_listening.manager().connection_count() == 0u);
  BOOST_TEST(client.transport.manager().connection_count() == 0u);
}

// 7. stop() with a connection open and a read pending: the read ends at once with
// operation_aborted, a later write fails, and nothing leaks (the ASan build checks).
BOOST_AUTO_TEST_CASE(stop_ends_a_pending_read_promptly) {
  asio::io_context io;
  Node a(io), b(io);
  auto scenario = [&]() -> Task<void> {
    auto ends = co_await connect_pair(a.transport, *b.listener, b.endpoint());
    BOOST_REQUIRE(ends);
    auto& in = *ends->second;
    std::optional<Result<std::size_t>> read;
    Clock::duration took{};
    auto reader = [&]() -> Task<void> {
      std::array<std::byte, 64> buffer{};
      auto n = co_await in.read_some(buffer);
      read = n;
    };
    auto stopper = [&]() -> Task<void> {
      co_await sleep_for(50ms);
      BOOST_TEST(!read.has_value());  // still pending
      const auto start = Clock::now();
      co_await b.transport.stop();
      const bool ended = co_await within(1000ms, [&] { return read.has_value(); });
      took = Clock::now() - start;
      BOOST_TEST(ended);
    };
    co_await (reader() && stopper());
    BOOST_REQUIRE(read.has_value());
    BOOST_TEST((!*read && read->error() == asio::error::operation_aborted));
    BOOST_TEST(took < 200ms);
    const std::array<std::byte, 4> four{};
    const auto wrote = co_await in.write_all(four);
    BOOST_TEST((!wrote && wrote.error() == asio::error::operation_aborted));
    BOOST_TEST(b.transport.manager().connection_count() == 0u);
    co_await a.transport.stop();
  };
  run_coro(io, scenario(), 20s);
}

// 8. The peer resets the connection in the middle of a transfer (its transport stops; its
// own service stays up so that the RESET leaves): our pending read and write end with
// connection_reset.
BOOST_AUTO_TEST_CASE(a_peers_reset_mid_transfer_ends_the_pending_read) {
  asio::io_context io;
  Node a(io);
  DatagramService peer_service(io.get_executor());
  const auto peer_at = peer_service.open(kLoopback);
  BOOST_REQUIRE(peer_at);
  UtpTransport peer(io.get_executor(), &peer_service, UtpSettings{});
  auto peer_listener = peer.listen(*peer_at);
  BOOST_REQUIRE(peer_listener);
  const auto data = pattern(kTransfer, 4);
  auto scenario = [&]() -> Task<void> {
    auto ends = co_await connect_pair(a.transport, **peer_listener, *peer_at);
    BOOST_REQUIRE(ends);
    auto& out = *ends->first;
    auto& in = *ends->second;
    Result<void> wrote;
    ReadOutcome read;
    Clock::time_point reset_at{}, read_ended{};
    auto writer = [&]() -> Task<void> { wrote = co_await write_chunks(out, data); };
    auto reader = [&]() -> Task<void> {
      read = co_await read_up_to(out, 0);
      read_ended = Clock::now();
    };
    auto resetter = [&]() -> Task<void> {
      const auto some = co_await read_up_to(in, 256 * 1024);  // the transfer is under way
      BOOST_TEST(some.bytes.size() >= 256u * 1024);
      reset_at = Clock::now();
      co_await peer.stop();  // resets every connection: a RESET to us
    };
    co_await (writer() && reader() && resetter());
    BOOST_TEST((read.ended == asio::error::connection_reset));
    BOOST_TEST(read.bytes.empty());
    BOOST_TEST((!wrote && wrote.error() == asio::error::connection_reset));
    BOOST_TEST((read_ended - reset_at < 500ms));
    ends->first.reset();
    ends->second.reset();
    co_await a.transport.stop();
    co_await peer_service.stop();
  };
  run_coro(io, scenario(), 30s);
}

BOOST_AUTO_TEST_SUITE_END()
