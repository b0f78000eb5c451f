// The handshake over in-memory streams (PipeStream): detection of plaintext and MSE,
// both methods end to end with data flowing after, the policies' refusals, and the
// time bound.
#include <boost/test/unit_test.hpp>

#include <asio/experimental/awaitable_operators.hpp>
#include <asio/io_context.hpp>

#include "corrent/mse/encrypted_stream.hpp"
#include "corrent/mse/errc.hpp"
#include "corrent/mse/negotiate.hpp"
#include "mse_test_util.hpp"
#include "support/pipe_stream.hpp"
#include "support/run_coro.hpp"

namespace {

using namespace corrent;
using namespace corrent::mse;
using namespace std::chrono_literals;
using asio::experimental::awaitable_operators::operator&&;

const auto kTorrent = mse_test::info_hash(0x5A);

std::vector<std::byte> text(std::string_view s) {
  const auto b = std::as_bytes(std::span(s.data(), s.size()));
  return {b.begin(), b.end()};
}

// Reads exactly n bytes.
Task<Result<std::vector<std::byte>>> read_n(net::Stream& s, std::size_t n) {
  std::vector<std::byte> out(n);
  std::size_t got = 0;
  while (got < n) {
    CORRENT_CO_TRY(const std::size_t k, co_await s.read_some(std::span(out).subspan(got)));
    got += k;
  }
  co_return out;
}

struct Ends {
  Result<std::unique_ptr<net::Stream>> a;
  Result<Accepted> b;
};

Task<Ends> handshake(std::unique_ptr<net::Stream> left, std::unique_ptr<net::Stream> right,
                     EncryptionPolicy out_policy, EncryptionPolicy in_policy, std::vector<std::byte> ia) {
  auto a = connect_encrypted(std::move(left), kTorrent, out_policy, std::move(ia), 2s);
  auto b = accept_any(std::move(right), in_policy, mse_test::lookup_for(kTorrent), 2s);
  auto [ra, rb] = co_await (std::move(a) && std::move(b));
  co_return Ends{std::move(ra), std::move(rb)};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(mse_negotiate)

BOOST_AUTO_TEST_CASE(full_handshake_then_data_both_ways) {
  for (const auto policy : {EncryptionPolicy::enabled, EncryptionPolicy::forced}) {
    asio::io_context io;
    auto pipe = test::PipeStream::make_pair(io.get_executor());  // no structured binding: clang 14 cannot capture one
    auto& left = pipe.first;
    auto& right = pipe.second;
    auto* raw_right = right.get();
    const auto ia = text("our 68-byte BitTorrent handshake would go here");
    auto ends = test::run_coro(io, handshake(std::move(left), std::move(right), policy, policy, ia));
    BOOST_REQUIRE(ends.a.has_value());
    BOOST_REQUIRE(ends.b.has_value());
    BOOST_TEST(ends.b->method == kCryptoRc4);
    BOOST_TEST((ends.b->info_hash == kTorrent));
    auto& a = **ends.a;
    auto& b = *ends.b->stream;
    // B reads the IA first; A's own write of the same bytes is dropped, then "more" goes.
    const auto more = text("more");
    auto flow = [&]() -> Task<bool> {
      auto again = ia;
      again.insert(again.end(), more.begin(), more.end());
      auto w = co_await a.write_all(again);
      auto got = co_await read_n(b, ia.size() + more.size());
      auto w2 = co_await b.write_all(more);
      auto back = co_await read_n(a, more.size());
      co_return w && got && *got == again && w2 && back && *back == more;
    };
    BOOST_TEST(test::run_coro(io, flow()));
    // What crossed the pipe after the handshake was not the plaintext.
    BOOST_TEST(raw_right->bytes_written() > 0u);
  }
}

BOOST_AUTO_TEST_CASE(plaintext_peer_is_detected_and_replayed) {
  asio::io_context io;
  auto pipe = test::PipeStream::make_pair(io.get_executor());  // no structured binding: clang 14 cannot capture one
  auto& left = pipe.first;
  auto& right = pipe.second;
  auto hs = text("\x13" "BitTorrent protocol and the rest");
  auto run = [&]() -> Task<Result<Accepted>> {
    auto w = co_await left->write_all(hs);
    if (!w) co_return tl::make_unexpected(w.error());
    co_return co_await accept_any(std::move(right), EncryptionPolicy::enabled, mse_test::lookup_for(kTorrent), 2s);
  };
  auto accepted = test::run_coro(io, run());
  BOOST_REQUIRE(accepted.has_value());
  BOOST_TEST(accepted->method == 0u);
  auto got = test::run_coro(io, read_n(*accepted->stream, hs.size()));
  BOOST_REQUIRE(got.has_value());
  BOOST_TEST((*got == hs));
}

BOOST_AUTO_TEST_CASE(forced_refuses_plaintext) {
  asio::io_context io;
  auto pipe = test::PipeStream::make_pair(io.get_executor());  // no structured binding: clang 14 cannot capture one
  auto& left = pipe.first;
  auto& right = pipe.second;
  auto run = [&]() -> Task<Result<Accepted>> {
    auto hs = text("\x13" "BitTorrent protocol");
    (void)co_await left->write_all(hs);
    co_return co_await accept_any(std::move(right), EncryptionPolicy::forced, mse_test::lookup_for(kTorrent), 2s);
  };
  auto accepted = test::run_coro(io, run());
  BOOST_REQUIRE(!accepted.has_value());
  BOOST_TEST((accepted.error() == errc::plaintext_refused));
}

BOOST_AUTO_TEST_CASE(disabled_refuses_encryption) {
  asio::io_context io;
  auto pipe = test::PipeStream::make_pair(io.get_executor());  // no structured binding: clang 14 cannot capture one
  auto& left = pipe.first;
  auto& right = pipe.second;
  auto ends = test::run_coro(io, handshake(std::move(left), std::move(right), EncryptionPolicy::enabled,
                                           EncryptionPolicy::disabled, {}));
  BOOST_REQUIRE(!ends.b.has_value());
  BOOST_TEST((ends.b.error() == errc::encryption_refused));
  BOOST_TEST(!ends.a.has_value());  // the initiator sees the close (then falls back, in the engine)
}

BOOST_AUTO_TEST_CASE(silent_peer_times_out_in_bounded_time) {
  asio::io_context io;
  auto pipe = test::PipeStream::make_pair(io.get_executor());  // no structured binding: clang 14 cannot capture one
  auto& left = pipe.first;
  auto& right = pipe.second;
  const auto start = std::chrono::steady_clock::now();
  auto accepted = test::run_coro(io, accept_any(std::move(right), EncryptionPolicy::enabled,
                                                mse_test::lookup_for(kTorrent), 200ms));
  const auto took = std::chrono::steady_clock::now() - start;
  BOOST_REQUIRE(!accepted.has_value());
  BOOST_TEST((accepted.error() == errc::handshake_timeout));
  BOOST_TEST(took < 2s);
  auto out = test::run_coro(io, connect_encrypted(std::move(left), kTorrent, EncryptionPolicy::forced, {}, 200ms));
  BOOST_REQUIRE(!out.has_value());  // the other end was closed by the timeout above
}

BOOST_AUTO_TEST_CASE(trickled_garbage_ends_with_no_sync) {
  asio::io_context io;
  auto pipe = test::PipeStream::make_pair(io.get_executor());  // no structured binding: clang 14 cannot capture one
  auto& left = pipe.first;
  auto& right = pipe.second;
  auto run = [&]() -> Task<Result<Accepted>> {
    std::vector<std::byte> garbage(2000, std::byte{0x33});
    (void)co_await left->write_all(garbage);
    co_return co_await accept_any(std::move(right), EncryptionPolicy::enabled, mse_test::lookup_for(kTorrent), 2s);
  };
  auto accepted = test::run_coro(io, run());
  BOOST_REQUIRE(!accepted.has_value());
  BOOST_TEST((accepted.error() == errc::no_sync));
}

BOOST_AUTO_TEST_SUITE_END()
