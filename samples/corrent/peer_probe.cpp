#include "peer_probe.hpp"

#include <algorithm>
#include <map>
#include <vector>

#include <asio/error.hpp>
#include <asio/steady_timer.hpp>
#include <asio/this_coro.hpp>

#include "corrent/crypto/sha1.hpp"
#include "corrent/net/error.hpp"
#include "corrent/net/task_group.hpp"
#include "corrent/wire/limits.hpp"
#include "corrent/wire/peer_connection.hpp"

namespace corrent::cli {
namespace {

using Clock = std::chrono::steady_clock;

// Keeps what the peer announces and the blocks of the piece we asked for.
class ProbeHandler final : public wire::MessageHandler {
 public:
  ProbeHandler(std::uint32_t piece_count, std::optional<std::uint32_t> wanted)
      : have_(piece_count, false), wanted_(wanted) {}

  Result<void> on_bitfield(const wire::Bitfield& b) override {
    for (std::size_t i = 0; i < have_.size(); ++i) {
      have_[i] = (std::to_integer<unsigned>(b.bits[i / 8]) & (0x80U >> (i % 8))) != 0;
    }
    how = "bitfield";
    return {};
  }
  Result<void> on_have_all() override {
    std::fill(have_.begin(), have_.end(), true);
    how = "have all";
    return {};
  }
  Result<void> on_have_none() override {
    how = "have none";
    return {};
  }
  Result<void> on_have(PieceIndex p) override {
    have_[p.value] = true;
    return {};
  }
  Result<void> on_reject(const wire::Reject& r) override {
    if (wanted_ && r.piece.value == *wanted_) rejected = true;
    return {};
  }
  Result<void> on_extension_handshake(const wire::ExtensionHandshake&) override {
    extension_handshake = true;
    return {};
  }
  Task<Result<void>> on_piece(const wire::Piece& p) override {
    if (wanted_ && p.piece.value == *wanted_) blocks[p.begin].assign(p.block.begin(), p.block.end());
    co_return Result<void>{};
  }

  [[nodiscard]] bool has(std::uint32_t piece) const { return have_.at(piece); }
  [[nodiscard]] std::uint32_t count() const {
    return static_cast<std::uint32_t>(std::count(have_.begin(), have_.end(), true));
  }

  std::string how = "nothing";
  bool extension_handshake = false;
  bool rejected = false;
  std::map<std::uint32_t, std::vector<std::byte>> blocks;

 private:
  std::vector<bool> have_;
  std::optional<std::uint32_t> wanted_;
};

Task<void> run_connection(wire::PeerConnection* conn, ProbeHandler* handler,
                          std::optional<std::error_code>* ended) {
  *ended = co_await conn->run(*handler);
}

// Polls `done` every 10 ms until it holds or `deadline` passes; whether it held.
template <class F>
Task<bool> wait_for(F done, Clock::time_point deadline) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  while (!done()) {
    if (Clock::now() >= deadline) co_return false;
    timer.expires_after(std::chrono::milliseconds(10));
    co_await timer.async_wait(use_nothrow);
  }
  co_return true;
}

std::chrono::milliseconds left(Clock::time_point deadline) {
  return std::max(std::chrono::milliseconds(1),
                  std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()));
}

// Interested, unchoked (or the piece is allowed fast), every block requested, all arrived.
Task<ProbeReport::Fetch> fetch(wire::PeerConnection& conn, ProbeHandler& handler,
                               const metainfo::Metainfo& torrent, std::uint32_t piece,
                               const std::optional<std::error_code>& ended, Clock::time_point deadline) {
  ProbeReport::Fetch out;
  out.piece = piece;
  if (!handler.has(piece)) {
    out.failure = "the peer does not have piece " + std::to_string(piece);
    co_return out;
  }
  (void)co_await conn.send(wire::Interested{});
  if (!co_await wait_for([&] { return !conn.peer_choking() || ended; }, deadline) || ended) {
    out.failure = ended ? "connection closed while choked: " + ended->message() : "still choked at the timeout";
    co_return out;
  }
  const auto size = torrent.layout.piece_size(PieceIndex{piece});
  std::size_t blocks = 0;
  for (std::uint32_t begin = 0; begin < size; begin += wire::kBlockSize, ++blocks) {
    const auto length = std::min(wire::kBlockSize, size - begin);
    (void)co_await conn.send(wire::Request{PieceIndex{piece}, begin, length});
  }
  const bool all = co_await wait_for(
      [&] { return handler.blocks.size() == blocks || handler.rejected || ended; }, deadline);
  if (!all || handler.blocks.size() != blocks) {
    out.failure = handler.rejected ? "the peer rejected a request"
                  : ended          ? "connection closed: " + ended->message()
                                   : "not every block arrived before the timeout";
    co_return out;
  }
  crypto::Sha1 sha;
  for (const auto& [begin, block] : handler.blocks) {
    sha.update(block);
    out.bytes += static_cast<std::uint32_t>(block.size());
  }
  const auto digest = sha.finish();
  out.sha1 = digest.hex();
  out.ok = digest == torrent.piece_hash(PieceIndex{piece});
  if (!out.ok) out.failure = "SHA-1 mismatch";
  co_return out;
}

}  // namespace

std::string_view describe(probe_errc e) noexcept {
  switch (e) {
    case probe_errc::ok: return "ok";
    case probe_errc::refused_info_hash:
      return "the peer closed the connection instead of answering the handshake: it refused the info-hash "
             "(it does not serve this torrent)";
  }
  return "unknown probe error";
}

Task<Result<ProbeReport>> probe_peer(net::Transport& transport, net::Endpoint to,
                                     const metainfo::Metainfo& torrent,
                                     std::optional<std::uint32_t> fetch_piece,
                                     std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  CORRENT_CO_TRY(auto stream, co_await transport.connect(to, left(deadline)));
  wire::Reserved reserved;
  reserved.set_fast(true);
  reserved.set_extension_protocol(true);
  wire::PeerSettings settings;
  settings.handshake_timeout = std::min(settings.handshake_timeout, left(deadline));
  settings.client_name = "corrent peer";
  const wire::Handshake ours{reserved, torrent.info_hash, make_peer_id()};
  const auto& layout = torrent.layout;
  const wire::TorrentShape shape{layout.piece_count(), layout.piece_length(), layout.total_size()};
  auto shaken = co_await wire::PeerConnection::connect(std::move(stream), ours, shape, settings);
  if (!shaken) {
    // A peer that does not serve the info-hash hangs up instead of answering (BEP 3).
    const auto ec = shaken.error();
    const bool hung_up = ec == asio::error::eof || ec == std::errc::connection_reset || ec == std::errc::broken_pipe;
    co_return tl::make_unexpected(hung_up ? make_error_code(probe_errc::refused_info_hash) : ec);
  }
  auto conn = std::move(*shaken);

  ProbeHandler handler(layout.piece_count(), fetch_piece);
  std::optional<std::error_code> ended;
  net::TaskGroup group(co_await asio::this_coro::executor);
  group.spawn(run_connection(conn.get(), &handler, &ended));
  // What a peer says first: its extension handshake (when both speak BEP 10) and its
  // pieces. A peer with no piece may say nothing, so the wait for that is short.
  const auto announce_by = std::min(deadline, Clock::now() + std::chrono::seconds(5));
  co_await wait_for([&] {
    return ended || ((handler.extension_handshake || !conn->extensions_enabled()) && handler.how != "nothing");
  }, announce_by);

  ProbeReport report;
  report.endpoint = to;
  report.theirs = conn->peer_handshake();
  report.extensions = conn->peer_extensions();
  report.client = conn->client_name();
  report.piece_count = layout.piece_count();
  report.pieces_have = handler.count();
  report.pieces_how = handler.how;
  if (fetch_piece && !ended) report.fetch = co_await fetch(*conn, handler, torrent, *fetch_piece, ended, deadline);
  const auto failure = ended;
  conn->close();
  co_await wait_for([&] { return ended.has_value(); }, Clock::now() + std::chrono::seconds(1));
  co_await group.stop();
  if (failure && (fetch_piece || handler.how == "nothing")) co_return tl::make_unexpected(*failure);
  co_return report;
}

}  // namespace corrent::cli
