// PeerConnection: construction, the handshake both ways, events, close.
#include "corrent/wire/peer_connection.hpp"

#include <utility>

#include <asio/this_coro.hpp>

#include "corrent/events/event_bus.hpp"
#include "corrent/net/error.hpp"
#include "corrent/net/timeout.hpp"
#include "corrent/net/task_group.hpp"
#include "corrent/wire/codec.hpp"
#include "peer_inbox.hpp"

namespace corrent::wire {

PeerConnection::PeerConnection(asio::any_io_executor executor,
                               std::unique_ptr<net::Stream> stream, PeerSettings settings,
                               bool incoming)
    : executor_(std::move(executor)),
      stream_(std::move(stream)),
      settings_(std::move(settings)),
      incoming_(incoming),
      remote_(stream_->remote()),
      local_(stream_->local()),
      queue_(executor_, settings_.send_queue_limit),
      piece_written_(executor_) {}

PeerConnection::~PeerConnection() {
  queue_.close(peer_errc::connection_closed);
  stream_->close();
}

Task<Result<PeerConnection::Ptr>> PeerConnection::connect(std::unique_ptr<net::Stream> stream,
                                                          Handshake ours,
                                                          std::optional<TorrentShape> shape,
                                                          PeerSettings settings) {
  const auto limit = settings.handshake_timeout;
  Ptr conn(new PeerConnection(co_await asio::this_coro::executor, std::move(stream),
                              std::move(settings), false));
  auto done = co_await net::with_timeout(conn->handshake_out(ours, shape), limit);
  if (!done) {
    conn->end_handshake(done.error());
    co_return tl::make_unexpected(conn->close_reason_.value_or(done.error()));
  }
  co_return std::move(conn);
}

Task<Result<PeerConnection::Ptr>> PeerConnection::accept(std::unique_ptr<net::Stream> stream,
                                                         LocalIdentity ours,
                                                         TorrentLookup lookup,
                                                         PeerSettings settings) {
  const auto limit = settings.handshake_timeout;
  Ptr conn(new PeerConnection(co_await asio::this_coro::executor, std::move(stream),
                              std::move(settings), true));
  auto done = co_await net::with_timeout(conn->handshake_in(ours, std::move(lookup)), limit);
  if (!done) {
    conn->end_handshake(done.error());
    co_return tl::make_unexpected(conn->close_reason_.value_or(done.error()));
  }
  co_return std::move(conn);
}

// Reads until the receive buffer holds at least `n` bytes.
Task<Result<void>> PeerConnection::read_at_least(std::size_t n) {
  while (rx_.size() < n) {
    auto space = rx_.free_space(n - rx_.size());
    CORRENT_CO_TRY(const std::size_t got, co_await stream_->read_some(space));
    rx_.commit(got);
  }
  co_return Result<void>{};
}

Task<Result<void>> PeerConnection::handshake_out(Handshake ours, std::optional<TorrentShape> shape) {
  ours_ = ours;
  set_shape(shape);
  const auto bytes = encode_handshake(ours_);
  CORRENT_CO_TRY_VOID(co_await stream_->write_all(bytes));
  CORRENT_CO_TRY_VOID(co_await read_at_least(kHandshakeHeadLength));
  auto head = decode_handshake_head(rx_.data());
  if (!head) co_return tl::make_unexpected(head.error().code);
  // Decided before the peer id is read: a peer answering for another torrent is dropped.
  if (head->info_hash != ours_.info_hash) co_return fail(peer_errc::info_hash_mismatch);
  theirs_.reserved = head->reserved;
  theirs_.info_hash = head->info_hash;
  CORRENT_CO_TRY_VOID(co_await read_at_least(kHandshakeLength));
  co_return read_peer_id();
}

Task<Result<void>> PeerConnection::handshake_in(LocalIdentity ours, TorrentLookup lookup) {
  CORRENT_CO_TRY_VOID(co_await read_at_least(kHandshakeHeadLength));
  auto head = decode_handshake_head(rx_.data());
  if (!head) co_return tl::make_unexpected(head.error().code);
  // The torrent is chosen from the info-hash alone; the peer id is not read yet.
  const auto match = lookup ? lookup(head->info_hash) : std::nullopt;
  if (!match) co_return fail(peer_errc::unknown_info_hash);
  theirs_.reserved = head->reserved;
  theirs_.info_hash = head->info_hash;
  ours_ = Handshake{ours.reserved, head->info_hash, ours.peer_id};
  set_shape(match->shape);
  const auto bytes = encode_handshake(ours_);
  CORRENT_CO_TRY_VOID(co_await stream_->write_all(bytes));
  CORRENT_CO_TRY_VOID(co_await read_at_least(kHandshakeLength));
  co_return read_peer_id();
}

Result<void> PeerConnection::read_peer_id() {
  auto id = decode_peer_id(rx_.data().subspan(kHandshakeHeadLength));
  if (!id) return tl::make_unexpected(id.error().code);
  theirs_.peer_id = *id;
  rx_.consume(kHandshakeLength);  // what follows stays buffered for the reader
  if (theirs_.peer_id == ours_.peer_id) return fail(peer_errc::self_connection);
  fast_ = ours_.reserved.fast() && theirs_.reserved.fast();
  extended_ = ours_.reserved.extension_protocol() && theirs_.reserved.extension_protocol();
  return {};
}

void PeerConnection::set_shape(std::optional<TorrentShape> shape) {
  shape_ = shape;
  if (shape_) framer_.set_max_message_length(max_message_length(shape_->piece_count));
}

void PeerConnection::end_handshake(std::error_code why) {
  if (why == net::errc::timed_out) why = peer_errc::handshake_timeout;
  if (!close_reason_) close_reason_ = why;
  ended_ = true;
  queue_.close(peer_errc::connection_closed);
  stream_->close();
  publish_closed(*close_reason_);
}

void PeerConnection::publish_closed(std::error_code why) {
  if (settings_.events == nullptr) return;
  settings_.events->publish(events::PeerClosed{remote_, why, why.message()});
}

void PeerConnection::publish_connected() {
  if (connected_published_) return;
  connected_published_ = true;
  if (settings_.events == nullptr) return;
  settings_.events->publish(
      events::PeerConnected{remote_, theirs_.peer_id, client_name(), incoming_, settings_.transport});
}

void PeerConnection::close(std::error_code why) {
  if (!close_reason_) close_reason_ = why;
  if (running_) {
    // The writer drains what is queued, then ends run() with the reason.
    queue_.finish();
    return;
  }
  queue_.close(peer_errc::connection_closed);
  stream_->close();
}

const std::optional<ExtensionHandshake>& PeerConnection::peer_extensions() const {
  static const std::optional<ExtensionHandshake> kNone;
  return dispatcher_ ? dispatcher_->peer_extensions() : kNone;
}

std::string PeerConnection::client_name() const {
  const auto& theirs = peer_extensions();
  if (theirs && !theirs->client.empty()) return theirs->client;
  return describe_peer_id(theirs_.peer_id);
}

std::uint64_t PeerConnection::unknown_extended() const {
  return dispatcher_ ? dispatcher_->unknown_extended() : 0;
}

}  // namespace corrent::wire
