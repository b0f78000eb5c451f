// The in-memory PipeStream the wire tests run on: it must behave like a socket.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>

#include <asio/error.hpp>
#include <asio/io_context.hpp>

#include "corrent/net/task_group.hpp"
#include "corrent/net/timeout.hpp"
#include "support/pipe_stream.hpp"
#include "support/run_coro.hpp"

namespace {

using namespace std::chrono_literals;
using corrent::Result;
using corrent::Task;
using corrent::test::PipeStream;
using corrent::test::run_coro;

std::span<const std::byte> bytes_of(const std::string& s) { return std::as_bytes(std::span(s)); }

Task<Result<std::string>> read_exactly(corrent::net::Stream& s, std::size_t n) {
  std::string out;
  std::array<std::byte, 64> buf{};
  while (out.size() < n) {
    CORRENT_CO_TRY(const auto got, co_await s.read_some(std::span(buf).first(std::min(buf.size(), n - out.size()))));
    for (std::size_t i = 0; i < got; ++i) out.push_back(static_cast<char>(buf[i]));
  }
  co_return out;
}

Task<void> read_into(corrent::net::Stream* s, std::span<std::byte> buf,
                     std::optional<Result<std::size_t>>* out) {
  *out = co_await s->read_some(buf);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(net_pipe_stream)

BOOST_AUTO_TEST_CASE(what_one_end_writes_the_other_reads) {
  asio::io_context io;
  auto [a, b] = PipeStream::make_pair(io.get_executor());
  const std::string first = "hello ", second = "world";
  const std::array<std::span<const std::byte>, 2> parts{bytes_of(first), bytes_of(second)};
  BOOST_REQUIRE(run_coro(io, a->write_gather(parts)));
  auto got = run_coro(io, read_exactly(*b, 11));
  BOOST_REQUIRE(got);
  BOOST_TEST(*got == "hello world");
  BOOST_TEST((a->remote() == b->local()));
  BOOST_TEST(a->bytes_written() == 11u);
}

BOOST_AUTO_TEST_CASE(close_gives_the_other_end_eof_after_the_data) {
  asio::io_context io;
  auto [a, b] = PipeStream::make_pair(io.get_executor());
  const std::string data = "bye";
  BOOST_REQUIRE(run_coro(io, a->write_all(bytes_of(data))));
  a->close();
  BOOST_TEST(*run_coro(io, read_exactly(*b, 3)) == "bye");
  std::array<std::byte, 4> buf{};
  auto eof = run_coro(io, b->read_some(buf));
  BOOST_REQUIRE(!eof);
  BOOST_TEST(eof.error() == asio::error::eof);
  auto write = run_coro(io, b->write_all(bytes_of(data)));
  BOOST_REQUIRE(!write);
  BOOST_TEST(write.error() == asio::error::broken_pipe);
}

BOOST_AUTO_TEST_CASE(a_pending_read_ends_on_close_and_on_cancellation) {
  asio::io_context io;
  auto [a, b] = PipeStream::make_pair(io.get_executor());
  std::array<std::byte, 4> buf{};
  // Cancellation (through with_timeout's `||`): the read sees operation_aborted.
  auto timed = run_coro(io, corrent::net::with_timeout(a->read_some(buf), 20ms));
  BOOST_REQUIRE(!timed);
  BOOST_TEST(timed.error() == std::error_code(corrent::net::errc::timed_out));
  // close() of the reading end while its read waits.
  std::optional<Result<std::size_t>> pending;
  corrent::net::TaskGroup group(io.get_executor());
  group.spawn(read_into(a.get(), std::span(buf), &pending));
  io.restart();
  io.run_for(10ms);
  BOOST_TEST(!pending.has_value());
  a->close();
  io.restart();
  io.run_for(10ms);
  BOOST_REQUIRE(pending.has_value());
  BOOST_TEST(pending->error() == asio::error::operation_aborted);
  run_coro(io, group.stop());
}

BOOST_AUTO_TEST_CASE(drip_mode_delivers_one_byte_per_interval) {
  asio::io_context io;
  auto [a, b] = PipeStream::make_pair(io.get_executor());
  a->set_drip(20ms);
  const std::string data = "abcd";
  const auto start = std::chrono::steady_clock::now();
  BOOST_REQUIRE(run_coro(io, a->write_all(bytes_of(data))));
  BOOST_TEST((std::chrono::steady_clock::now() - start >= 80ms));
  std::array<std::byte, 16> buf{};
  auto got = run_coro(io, b->read_some(buf));
  BOOST_REQUIRE(got);
  BOOST_TEST(*got == 4u);
}

BOOST_AUTO_TEST_SUITE_END()
