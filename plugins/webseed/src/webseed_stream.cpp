#include "webseed_stream.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <variant>

#include <asio/error.hpp>
#include <asio/experimental/awaitable_operators.hpp>

#include "corrent/crypto/random.hpp"
#include "corrent/net/url.hpp"
#include "webseed_errc.hpp"
#include "webseed_limits.hpp"

namespace corrent::webseed {

using namespace asio::experimental::awaitable_operators;

PeerId make_webseed_peer_id() {
  PeerId id;
  constexpr std::size_t kPrefix = sizeof(kPeerIdPrefix) - 1;
  std::memcpy(id.bytes.data(), kPeerIdPrefix, kPrefix);
  crypto::random_bytes(std::as_writable_bytes(std::span(id.bytes).subspan(kPrefix)));
  return id;
}

std::optional<net::Endpoint> webseed_endpoint(std::string_view url) {
  const auto parsed = net::parse_url(url);
  if (!parsed) return std::nullopt;
  const std::string literal =
      parsed->host_is_v6() ? "[" + parsed->host + "]:" + std::to_string(parsed->port)
                           : parsed->host + ":" + std::to_string(parsed->port);
  if (auto ip = net::Endpoint::parse(literal)) return *ip;
  return net::Endpoint::v4({0, 0, 0, 0}, parsed->port);
}

Result<std::unique_ptr<WebSeedStream>> WebSeedStream::create(asio::any_io_executor executor,
                                                             std::shared_ptr<const metainfo::Metainfo> meta,
                                                             std::string url, FetchSettings settings,
                                                             std::shared_ptr<StreamReport> report) {
  const auto remote = webseed_endpoint(url);
  if (!remote) return fail(errc::bad_url);
  return std::make_unique<WebSeedStream>(std::move(executor), std::move(meta), std::move(url), settings,
                                         std::move(report), *remote);
}

WebSeedStream::WebSeedStream(asio::any_io_executor executor, std::shared_ptr<const metainfo::Metainfo> meta,
                             std::string url, FetchSettings settings, std::shared_ptr<StreamReport> report,
                             net::Endpoint remote)
    : executor_(executor),
      meta_(std::move(meta)),
      url_(std::move(url)),
      settings_(settings),
      report_(std::move(report)),
      remote_(remote),
      protocol_(meta_->info_hash, make_webseed_peer_id(),
                wire::TorrentShape{meta_->layout.piece_count(), meta_->layout.piece_length(),
                                   meta_->layout.total_size()}),
      activity_(executor) {}

WebSeedStream::~WebSeedStream() { end({}); }

void WebSeedStream::end(std::error_code why) {
  if (!error_ && why) error_ = why;
  if (!report_ || report_->ended) return;
  report_->ended = true;
  report_->why = why;
  if (report_->on_end) report_->on_end();
}

void WebSeedStream::close() noexcept {
  closed_ = true;
  activity_.notify_all();
  end({});
}

Task<Result<void>> WebSeedStream::write_gather(net::ConstBuffers parts) {
  if (closed_) co_return fail(asio::error::operation_aborted);
  if (error_) co_return fail(error_);
  for (const auto part : parts) {
    auto taken = protocol_.on_bytes(part);
    if (!taken) {
      end(taken.error());
      activity_.notify_all();  // the reader ends with the same error
      co_return tl::make_unexpected(taken.error());
    }
  }
  activity_.notify_all();
  co_return Result<void>{};
}

Task<Result<std::size_t>> WebSeedStream::read_some(std::span<std::byte> into) {
  while (true) {
    if (closed_) co_return fail(asio::error::operation_aborted);
    if (protocol_.pending_output() > 0) co_return protocol_.take_output(into);
    if (error_) co_return fail(error_);
    if (protocol_.unchoked() && !protocol_.requests().empty()) {
      auto served = co_await serve_oldest();
      if (closed_) co_return fail(asio::error::operation_aborted);
      if (!served) {
        // Aborted is the engine's reader giving up, not the server's fault: end nothing.
        if (served.error() == asio::error::operation_aborted) co_return tl::make_unexpected(served.error());
        end(served.error());
        co_return tl::make_unexpected(served.error());
      }
      continue;
    }
    const bool woken = co_await activity_.wait();
    if (!woken) co_return fail(asio::error::operation_aborted);
  }
}

const std::vector<std::byte>* WebSeedStream::cached(PieceIndex piece) const {
  const auto it = std::find_if(cache_.begin(), cache_.end(), [&](const auto& e) { return e.first == piece; });
  return it == cache_.end() ? nullptr : &it->second;
}

Task<bool> WebSeedStream::wait_closed() {
  const bool closed = co_await activity_.wait_until([this] { return closed_; });
  co_return closed;
}

Task<Result<void>> WebSeedStream::serve_oldest() {
  const PieceIndex piece = protocol_.requests().front().piece;
  if (cached(piece) == nullptr) {
    auto fetched = co_await (fetch_verified_piece(executor_, url_, meta_, piece, settings_) || wait_closed());
    if (fetched.index() == 1) co_return fail(asio::error::operation_aborted);
    auto& bytes = std::get<0>(fetched);
    if (!bytes) co_return tl::make_unexpected(bytes.error());
    if (report_) ++report_->pieces_fetched;
    if (cache_.size() >= kPieceCacheSize) cache_.pop_front();
    cache_.emplace_back(piece, std::move(*bytes));
  }
  // The engine may have cancelled requests meanwhile: serve whichever is oldest now, if
  // its piece is here (else the next read fetches it).
  if (protocol_.requests().empty()) co_return Result<void>{};
  const auto r = protocol_.requests().front();
  const auto* bytes = cached(r.piece);
  if (bytes == nullptr) co_return Result<void>{};
  protocol_.serve_front(std::span<const std::byte>(*bytes).subspan(r.begin, r.length));
  co_return Result<void>{};
}

}  // namespace corrent::webseed
