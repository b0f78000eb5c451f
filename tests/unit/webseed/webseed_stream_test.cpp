// A WebSeedStream driven by the test as the engine would drive it (handshake, INTERESTED,
// REQUESTs; reading the handshake, BITFIELD, UNCHOKE and PIECEs) against a local HTTP
// server: right bytes are served block by block, one fetch per piece; wrong bytes end the
// stream with bad_data before any block goes out; a failing server is retried, then the
// stream ends; close() ends a pending read.
#include <boost/test/unit_test.hpp>

#include <asio/experimental/awaitable_operators.hpp>
#include <asio/io_context.hpp>

#include "corrent/core/peer_id.hpp"
#include "corrent/wire/codec.hpp"
#include "corrent/wire/framer.hpp"
#include "corrent/wire/handshake.hpp"
#include "support/run_coro.hpp"
#include "webseed_errc.hpp"
#include "webseed_stream.hpp"
#include "webseed_engine_side.hpp"
#include "webseed_test_support.hpp"

namespace {

using namespace std::chrono_literals;
using namespace asio::experimental::awaitable_operators;
namespace wire = corrent::wire;
using corrent::PieceIndex;
using corrent::Result;
using corrent::Task;
using corrent::webseed::StreamReport;
using corrent::webseed::WebSeedStream;
using webseed_test::Engine;
using webseed_test::make_torrent;
using webseed_test::TestTorrent;

constexpr std::uint32_t kPiece = 32 * 1024;

// Three files (one a pad file) whose pieces straddle the file boundaries.
TestTorrent three_files() {
  return make_torrent("data",
                      {{"data/a.bin", corrent::test::pattern_bytes(40'000, 1)},
                       {"data/.pad/24", std::string(24'000, '\0'), true},
                       {"data/b c.bin", corrent::test::pattern_bytes(50'000, 2)}},
                      kPiece, true);
}

std::map<std::string, std::string> files_of(const TestTorrent& t, const std::string& prefix) {
  return {{prefix + "/data/a.bin", t.all.substr(0, 40'000)}, {prefix + "/data/b%20c.bin", t.all.substr(64'000)}};
}

struct Fixture {
  asio::io_context io;
  corrent::test::LoopbackHttpServer server{io};
  std::shared_ptr<StreamReport> report = std::make_shared<StreamReport>();
  corrent::webseed::FetchSettings settings{3, 100ms, 2000ms};

  std::unique_ptr<WebSeedStream> stream(const TestTorrent& t, const std::string& url) {
    auto made = WebSeedStream::create(io.get_executor(), std::make_shared<const corrent::metainfo::Metainfo>(t.meta),
                                      url, settings, report);
    BOOST_TEST_REQUIRE(made.has_value());
    return std::move(*made);
  }
};

std::vector<wire::Request> blocks_of(const TestTorrent& t, PieceIndex p) {
  std::vector<wire::Request> out;
  const auto size = t.meta.layout.piece_size(p);
  for (std::uint32_t at = 0; at < size; at += 16384) out.push_back({p, at, std::min<std::uint32_t>(16384, size - at)});
  return out;
}

std::vector<std::byte> expected_block(const TestTorrent& t, const wire::Request& r) {
  const auto* at = reinterpret_cast<const std::byte*>(t.all.data()) + std::size_t{r.piece.value} * kPiece + r.begin;
  return {at, at + r.length};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(webseed_stream)

BOOST_AUTO_TEST_CASE(every_block_is_the_files_bytes_and_each_piece_is_fetched_once) {
  Fixture f;
  const auto t = three_files();  // 114 000 bytes: 4 pieces, the last 15 696 bytes
  const auto files = files_of(t, "/seed");
  auto stream = f.stream(t, f.server.url("/seed"));
  Engine engine{*stream};
  auto drive = [&]() -> Task<void> {
    co_await engine.open(t.meta);
    for (std::uint32_t p = 0; p < t.meta.layout.piece_count(); ++p) {
      const auto blocks = blocks_of(t, PieceIndex{p});
      for (const auto& r : blocks) {
        const auto sent = co_await engine.send(r);
        BOOST_TEST_REQUIRE(sent.has_value());
      }
      for (const auto& r : blocks) {
        const auto body = co_await engine.read_message();
        BOOST_TEST_REQUIRE(body.has_value());
        const auto message = wire::decode_message(*body);
        BOOST_TEST_REQUIRE(message.has_value());
        const auto* piece = std::get_if<wire::Piece>(&*message);
        BOOST_TEST_REQUIRE(piece != nullptr);
        BOOST_TEST(piece->piece.value == p);
        BOOST_TEST(piece->begin == r.begin);
        const std::vector<std::byte> got(piece->block.begin(), piece->block.end());
        BOOST_TEST((got == expected_block(t, r)));
      }
    }
  };
  corrent::test::run_coro(
      f.io, [&]() -> Task<void> { co_await (f.server.serve([&](const std::string& head) -> std::optional<std::string> {
                                              return webseed_test::serve_file(files, head);
                                            }) ||
                                            drive()); }(),
      10s);
  // Piece 0: a.bin; piece 1: a.bin's end, the pad (not fetched) and the start of b c.bin;
  // pieces 2 and 3: b c.bin. One GET per file range, none twice.
  BOOST_TEST(f.server.requests.size() == 5u);
  for (const auto& head : f.server.requests) BOOST_TEST(head.find(".pad") == std::string::npos);
  BOOST_TEST(f.server.requests[0].find("GET /seed/data/a.bin ") == 0u);
  BOOST_TEST(f.server.requests[0].find("Range: bytes=0-32767\r\n") != std::string::npos);
  BOOST_TEST(f.server.requests[1].find("Range: bytes=32768-39999\r\n") != std::string::npos);
  BOOST_TEST(f.server.requests[2].find("GET /seed/data/b%20c.bin ") == 0u);
  BOOST_TEST(f.server.requests[2].find("Range: bytes=0-1535\r\n") != std::string::npos);
  BOOST_TEST(f.report->pieces_fetched == 4u);
  BOOST_TEST(!f.report->ended);
  stream.reset();
  BOOST_TEST(f.report->ended);
}

BOOST_AUTO_TEST_CASE(a_server_without_range_support_is_used_through_whole_files) {
  Fixture f;
  const auto t = make_torrent("one.bin", {{"one.bin", corrent::test::pattern_bytes(70'000, 3)}}, kPiece, false);
  auto stream = f.stream(t, f.server.url("/mirror/one.bin"));
  Engine engine{*stream};
  auto drive = [&]() -> Task<void> {
    co_await engine.open(t.meta);
    const wire::Request last{PieceIndex{2}, 0, 70'000 - 2 * kPiece};
    const auto sent = co_await engine.send(last);
    BOOST_TEST_REQUIRE(sent.has_value());
    const auto body = co_await engine.read_message();
    BOOST_TEST_REQUIRE(body.has_value());
    const auto message = wire::decode_message(*body);
    BOOST_TEST_REQUIRE(message.has_value());
    const auto* piece = std::get_if<wire::Piece>(&*message);
    BOOST_TEST_REQUIRE(piece != nullptr);
    const std::vector<std::byte> got(piece->block.begin(), piece->block.end());
    BOOST_TEST((got == expected_block(t, last)));
  };
  corrent::test::run_coro(
      f.io, [&]() -> Task<void> { co_await (f.server.serve([&](const std::string& head) -> std::optional<std::string> {
                                              if (head.find("GET /mirror/one.bin ") != 0) return corrent::test::http_reply("", "404 Not Found");
                                              return corrent::test::http_reply(t.all);  // Range ignored
                                            }) ||
                                            drive()); }(),
      10s);
  BOOST_TEST(f.server.requests.size() == 1u);
}

BOOST_AUTO_TEST_CASE(wrong_bytes_end_the_stream_with_bad_data_and_nothing_served) {
  Fixture f;
  const auto t = make_torrent("one.bin", {{"one.bin", corrent::test::pattern_bytes(70'000, 3)}}, kPiece, false);
  std::string wrong = t.all;
  wrong[100] = static_cast<char>(wrong[100] ^ 1);  // piece 0 differs by one bit
  const std::map<std::string, std::string> files{{"/one.bin", wrong}};
  auto stream = f.stream(t, f.server.url("/one.bin"));
  Engine engine{*stream};
  std::optional<Result<std::vector<std::byte>>> after;
  auto drive = [&]() -> Task<void> {
    co_await engine.open(t.meta);
    for (const auto& r : blocks_of(t, PieceIndex{0})) {
      const auto sent = co_await engine.send(r);
      BOOST_TEST_REQUIRE(sent.has_value());
    }
    after = co_await engine.read_message();
  };
  corrent::test::run_coro(
      f.io, [&]() -> Task<void> { co_await (f.server.serve([&](const std::string& head) -> std::optional<std::string> {
                                              return webseed_test::serve_file(files, head);
                                            }) ||
                                            drive()); }(),
      10s);
  BOOST_TEST_REQUIRE(after.has_value());
  BOOST_TEST_REQUIRE(!after->has_value());
  BOOST_TEST(after->error() == corrent::webseed::errc::bad_data);
  BOOST_TEST(engine.buffer.empty());  // not one byte of the piece went out
  BOOST_TEST(f.server.requests.size() == 1u);  // a wrong hash is not retried
  BOOST_TEST(f.report->ended);
  BOOST_TEST(f.report->why == corrent::webseed::errc::bad_data);
  BOOST_TEST(f.report->pieces_fetched == 0u);
}

BOOST_AUTO_TEST_CASE(a_failing_server_is_retried_then_the_stream_ends) {
  Fixture f;
  const auto t = make_torrent("one.bin", {{"one.bin", corrent::test::pattern_bytes(70'000, 3)}}, kPiece, false);
  auto stream = f.stream(t, f.server.url("/one.bin"));
  Engine engine{*stream};
  std::optional<Result<std::vector<std::byte>>> after;
  const auto started = std::chrono::steady_clock::now();
  auto drive = [&]() -> Task<void> {
    co_await engine.open(t.meta);
    const auto sent = co_await engine.send(wire::Request{PieceIndex{1}, 0, 16384});
    BOOST_TEST_REQUIRE(sent.has_value());
    after = co_await engine.read_message();
  };
  corrent::test::run_coro(
      f.io, [&]() -> Task<void> { co_await (f.server.serve([&](const std::string&) -> std::optional<std::string> {
                                              return corrent::test::http_reply("oops", "500 Internal Server Error");
                                            }) ||
                                            drive()); }(),
      10s);
  BOOST_TEST_REQUIRE(after.has_value());
  BOOST_TEST_REQUIRE(!after->has_value());
  BOOST_TEST(after->error() == corrent::webseed::errc::fetch_failed);
  BOOST_TEST(f.server.requests.size() == 3u);  // max_retries attempts
  // Back-off: 100 ms, then 200 ms, between the three attempts.
  BOOST_TEST((std::chrono::steady_clock::now() - started >= 300ms));
  BOOST_TEST(f.report->why == corrent::webseed::errc::fetch_failed);
  // Later reads and writes fail the same way.
  const auto again = corrent::test::run_coro(f.io, stream->read_some(std::span<std::byte>(engine.buffer.data(), 0)));
  BOOST_TEST(!again.has_value());
}

BOOST_AUTO_TEST_CASE(close_ends_a_pending_read_and_a_fetch_under_way) {
  Fixture f;
  const auto t = make_torrent("one.bin", {{"one.bin", corrent::test::pattern_bytes(70'000, 3)}}, kPiece, false);
  auto stream = f.stream(t, f.server.url("/one.bin"));
  Engine engine{*stream};
  std::optional<Result<std::vector<std::byte>>> after;
  auto drive = [&]() -> Task<void> {
    co_await engine.open(t.meta);
    const auto sent = co_await engine.send(wire::Request{PieceIndex{0}, 0, 16384});
    BOOST_TEST_REQUIRE(sent.has_value());
    after = co_await engine.read_message();
  };
  auto closer = [&]() -> Task<void> {
    corrent::Timer timer(co_await asio::this_coro::executor);
    while (f.server.requests.empty()) {
      timer.expires_after(5ms);
      co_await timer.async_wait(corrent::use_nothrow);
    }
    stream->close();
  };
  corrent::test::run_coro(
      f.io, [&]() -> Task<void> { co_await (f.server.serve([&](const std::string&) -> std::optional<std::string> {
                                              return std::nullopt;  // never answers
                                            }) ||
                                            (drive() && closer())); }(),
      5s);
  BOOST_TEST_REQUIRE(after.has_value());
  BOOST_TEST_REQUIRE(!after->has_value());
  BOOST_TEST(after->error() == asio::error::operation_aborted);
  BOOST_TEST(f.report->ended);
  BOOST_TEST(!f.report->why);
  const auto write = corrent::test::run_coro(f.io, engine.send(wire::Interested{}));
  BOOST_TEST(!write.has_value());
}

BOOST_AUTO_TEST_CASE(remote_is_the_ip_literal_or_the_unspecified_address_with_the_port) {
  using corrent::webseed::webseed_endpoint;
  BOOST_TEST(webseed_endpoint("http://127.0.0.1:8080/x")->to_string() == "127.0.0.1:8080");
  BOOST_TEST(webseed_endpoint("http://[::1]/x")->to_string() == "[::1]:80");
  BOOST_TEST(webseed_endpoint("https://mirror.example/x")->to_string() == "0.0.0.0:443");
  BOOST_TEST(!webseed_endpoint("not a url").has_value());
}

BOOST_AUTO_TEST_SUITE_END()
