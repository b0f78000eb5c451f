#pragma once
// Shared pieces of the PeerConnection and dispatcher tests: a torrent shape, handshakes,
// a handler that records what it is given, and helpers to run connections over a
// PipeStream pair.

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <asio/experimental/awaitable_operators.hpp>
#include <asio/io_context.hpp>

#include "corrent/net/timeout.hpp"
#include "corrent/wire/codec.hpp"
#include "corrent/wire/peer_connection.hpp"
#include "support/pipe_stream.hpp"
#include "support/run_coro.hpp"

namespace peer_test {

using namespace std::chrono_literals;
using corrent::PieceIndex;
using corrent::Result;
using corrent::Task;
using corrent::test::PipeStream;
using corrent::test::run_coro;
namespace wire = corrent::wire;

/// 5 pieces of 32 KiB, the last one 10 000 bytes.
inline wire::TorrentShape shape() { return {5, 32 * 1024, 4 * 32 * 1024 + 10000}; }

inline corrent::metainfo::InfoHash info_hash(std::uint8_t fill) {
  corrent::metainfo::InfoHash h;
  h.bytes.fill(fill);
  return h;
}

inline corrent::PeerId peer_id(char c) {
  corrent::PeerId id;
  id.bytes.fill(static_cast<std::uint8_t>(c));
  return id;
}

inline wire::Reserved all_bits() {
  wire::Reserved r;
  r.set_fast(true);
  r.set_extension_protocol(true);
  r.set_dht(true);
  return r;
}

inline wire::Handshake handshake(char id, std::uint8_t hash = 0xAB) {
  return {all_bits(), info_hash(hash), peer_id(id)};
}

/// Settings with short timeouts for tests.
inline wire::PeerSettings quick_settings(std::string client = "corrent-test/1.0") {
  wire::PeerSettings s;
  s.handshake_timeout = 1000ms;
  s.inactivity_timeout = 2000ms;
  s.keep_alive_interval = 1000ms;
  s.client_name = std::move(client);
  return s;
}

/// Records every message as a short text, and keeps copies of what it is given.
class RecordingHandler : public wire::MessageHandler {
 public:
  std::vector<std::string> log;
  std::vector<std::byte> bitfield;
  std::vector<std::vector<std::byte>> blocks;
  std::optional<wire::ExtensionHandshake> extensions;

  Result<void> on_keep_alive() override { return note("keep-alive"); }
  Result<void> on_choke() override { return note("choke"); }
  Result<void> on_unchoke() override { return note("unchoke"); }
  Result<void> on_interested() override { return note("interested"); }
  Result<void> on_not_interested() override { return note("not interested"); }
  Result<void> on_have(PieceIndex p) override { return note("have " + std::to_string(p.value)); }
  Result<void> on_bitfield(const wire::Bitfield& b) override {
    bitfield.assign(b.bits.begin(), b.bits.end());
    return note("bitfield");
  }
  Result<void> on_have_all() override { return note("have all"); }
  Result<void> on_request(const wire::Request& r) override {
    return note("request " + std::to_string(r.piece.value) + " " + std::to_string(r.begin) + " " +
                std::to_string(r.length));
  }
  Task<Result<void>> on_piece(const wire::Piece& p) override {
    blocks.emplace_back(p.block.begin(), p.block.end());
    co_return note("piece " + std::to_string(p.piece.value) + " " + std::to_string(p.begin));
  }
  Result<void> on_extension_handshake(const wire::ExtensionHandshake& h) override {
    extensions = h;
    return note("extension handshake");
  }
  [[nodiscard]] bool saw(const std::string& what) const {
    return std::find(log.begin(), log.end(), what) != log.end();
  }

 private:
  Result<void> note(std::string what) {
    log.push_back(std::move(what));
    return {};
  }
};

/// Runs the io_context until `done()` or `limit` passes; whether done() became true.
inline bool run_until(asio::io_context& io, const std::function<bool()>& done,
                      std::chrono::milliseconds limit = 3000ms) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  io.restart();
  while (!done() && std::chrono::steady_clock::now() < deadline) io.run_one_for(10ms);
  return done();
}

/// Both handshakes over a pipe: `a` connects, `b` accepts (knowing only torrent 0xAB).
struct Connected {
  wire::PeerConnection::Ptr a;
  wire::PeerConnection::Ptr b;
};

inline Task<Result<Connected>> connect_both(std::unique_ptr<PipeStream> sa,
                                            std::unique_ptr<PipeStream> sb,
                                            wire::PeerSettings a_settings,
                                            wire::PeerSettings b_settings) {
  using asio::experimental::awaitable_operators::operator&&;
  const wire::TorrentLookup lookup = [](const corrent::metainfo::InfoHash& h) {
    return h == info_hash(0xAB) ? std::optional<wire::TorrentMatch>(wire::TorrentMatch{shape()})
                                : std::nullopt;
  };
  auto [a, b] = co_await (
      wire::PeerConnection::connect(std::move(sa), handshake('A'), shape(), a_settings) &&
      wire::PeerConnection::accept(std::move(sb), {all_bits(), peer_id('B')}, lookup, b_settings));
  if (!a) co_return tl::make_unexpected(a.error());
  if (!b) co_return tl::make_unexpected(b.error());
  co_return Connected{std::move(*a), std::move(*b)};
}

/// Runs `conn` to its end, storing why it ended.
inline Task<void> run_to_end(wire::PeerConnection* conn, wire::MessageHandler* handler,
                             std::vector<wire::ExtensionSlot> extensions,
                             std::optional<std::error_code>* ended) {
  *ended = co_await conn->run(*handler, std::move(extensions));
}

/// The bytes of `m` on the wire.
inline std::vector<std::byte> encoded(const wire::Message& m) {
  std::vector<std::byte> out;
  wire::encode(m, out);
  return out;
}

/// Reads whatever arrives on a raw pipe end within `limit`.
inline std::vector<std::byte> drain(asio::io_context& io, PipeStream& s,
                                    std::chrono::milliseconds limit) {
  std::vector<std::byte> out;
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    std::array<std::byte, 4096> buf{};
    auto got = run_coro(io, corrent::net::with_timeout(s.read_some(buf), deadline - std::chrono::steady_clock::now()));
    if (!got) break;
    out.insert(out.end(), buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(*got));
  }
  return out;
}

}  // namespace peer_test
