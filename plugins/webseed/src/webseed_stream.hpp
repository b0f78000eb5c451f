#pragma once
// WebSeedStream: a web seed as a virtual peer. An in-process net::Stream that speaks the
// peer protocol (BEP 3) to the engine (PeerProtocol) and HTTP to the server: each request
// of the engine is served from the piece it belongs to, fetched whole by ranged GETs and
// checked against its SHA-1 before any of its blocks goes out (piece_fetcher.hpp).
//
// The fetching happens inside read_some(): the engine's reader asks for bytes, and while
// none are waiting and a request is, read_some fetches its piece. So the stream has no
// coroutine of its own; close() aborts a fetch under way.
//
// The stream ends (read_some fails) on a piece whose hash is wrong (errc::bad_data: the
// service bans the URL for the torrent), on a piece no attempt could fetch
// (errc::fetch_failed), and on an engine that misbehaves (bad_request, too_many_requests).
// How it ended goes to the StreamReport it shares with the service.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include <asio/any_io_executor.hpp>

#include "corrent/core/condition.hpp"
#include "corrent/core/peer_id.hpp"
#include "corrent/core/result.hpp"
#include "corrent/core/task.hpp"
#include "corrent/metainfo/metainfo.hpp"
#include "corrent/net/endpoint.hpp"
#include "corrent/net/stream.hpp"
#include "peer_protocol.hpp"
#include "piece_fetcher.hpp"

namespace corrent::webseed {

/// What a stream tells whoever made it, once it has ended (on the session executor).
struct StreamReport {
  bool ended = false;
  std::error_code why;              ///< the error read_some ended with; empty if closed
  std::uint32_t pieces_fetched = 0;  ///< verified pieces fetched
  /// Called once, when the stream ends (error, close, or destruction).
  std::function<void()> on_end;
};

/// A peer id for a web seed: kPeerIdPrefix and 12 random bytes.
[[nodiscard]] PeerId make_webseed_peer_id();

/// The endpoint remote() gives for `url`: its host and port if the host is an IP literal,
/// else 0.0.0.0 with the URL's port (a name is not resolved here: remote() must be known
/// before the first fetch, and the same for the stream's whole life). nullopt if `url`
/// does not parse.
[[nodiscard]] std::optional<net::Endpoint> webseed_endpoint(std::string_view url);

class WebSeedStream final : public net::Stream {
 public:
  /// `meta` must be a torrent with at least one piece. Errors: bad_url.
  static Result<std::unique_ptr<WebSeedStream>> create(asio::any_io_executor executor,
                                                       std::shared_ptr<const metainfo::Metainfo> meta,
                                                       std::string url, FetchSettings settings,
                                                       std::shared_ptr<StreamReport> report);
  WebSeedStream(asio::any_io_executor executor, std::shared_ptr<const metainfo::Metainfo> meta, std::string url,
                FetchSettings settings, std::shared_ptr<StreamReport> report, net::Endpoint remote);
  ~WebSeedStream() override;
  WebSeedStream(const WebSeedStream&) = delete;
  WebSeedStream& operator=(const WebSeedStream&) = delete;

  Task<Result<std::size_t>> read_some(std::span<std::byte> into) override;
  Task<Result<void>> write_gather(net::ConstBuffers parts) override;
  void close() noexcept override;
  [[nodiscard]] net::Endpoint remote() const override { return remote_; }
  /// 0.0.0.0:0: the stream has no socket of its own.
  [[nodiscard]] net::Endpoint local() const override { return net::Endpoint{}; }

 private:
  // Makes sure the oldest request's piece is in the cache (fetching it), then serves it.
  Task<Result<void>> serve_oldest();
  Task<bool> wait_closed();
  [[nodiscard]] const std::vector<std::byte>* cached(PieceIndex piece) const;
  void end(std::error_code why);

  asio::any_io_executor executor_;
  std::shared_ptr<const metainfo::Metainfo> meta_;
  std::string url_;
  FetchSettings settings_;
  std::shared_ptr<StreamReport> report_;
  net::Endpoint remote_;
  PeerProtocol protocol_;
  Condition activity_;  // engine bytes came, or close()
  std::deque<std::pair<PieceIndex, std::vector<std::byte>>> cache_;  // newest last
  std::error_code error_;
  bool closed_ = false;
};

}  // namespace corrent::webseed
