// PeerConnection: the sending side (send, extended messages, the extension handshake) and
// the PeerContext each attached extension gets.
#include <variant>

#include <asio/error.hpp>

#include "corrent/bencode/encode.hpp"
#include "corrent/wire/codec.hpp"
#include "corrent/events/event_bus.hpp"
#include "corrent/wire/peer_connection.hpp"

namespace corrent::wire {

/// The PeerContext of one attached extension: its sends go out under the id the peer
/// gave its name. Owned by the Dispatcher, which the connection owns.
class PeerConnection::ExtensionContext final : public PeerContext {
 public:
  ExtensionContext(PeerConnection& conn, std::string name, TorrentView* torrent)
      : conn_(conn), name_(std::move(name)), torrent_(torrent) {}

  Task<Result<void>> send(std::span<const std::byte> payload) override {
    return conn_.send_extended(name_, payload);
  }
  [[nodiscard]] std::optional<std::uint8_t> peer_id_for_extension() const override {
    return conn_.dispatcher_ ? conn_.dispatcher_->peer_id_of(name_) : std::nullopt;
  }
  [[nodiscard]] net::Endpoint remote() const override { return conn_.remote(); }
  [[nodiscard]] PeerId peer_id() const override { return conn_.peer_handshake().peer_id; }
  void close(std::error_code why) override { conn_.close(why); }
  [[nodiscard]] TorrentView* torrent() override { return torrent_; }
  Result<void> dont_have(PieceIndex piece) override {
    if (!conn_.dispatcher_) return {};
    return conn_.dispatcher_->handler().on_dont_have(piece);
  }
  void note(std::string text) override {
    if (conn_.settings_.events == nullptr) return;
    conn_.settings_.events->publish(events::ExtensionNote{conn_.peer_handshake().info_hash, conn_.remote(),
                                                          name_, std::move(text)});
  }

 private:
  PeerConnection& conn_;
  std::string name_;
  TorrentView* torrent_;
};

Task<Result<void>> PeerConnection::send(Message m) {
  if (!queue_.accepting()) co_return fail(peer_errc::connection_closed);
  if (const auto* piece = std::get_if<Piece>(&m)) {
    const auto header = encode_piece_header(piece->piece, piece->begin,
                                            static_cast<std::uint32_t>(piece->block.size()));
    std::vector<std::byte> head(header.begin(), header.end());  // named: GCC 12 and co_await
    co_return co_await send_borrowed(std::move(head), piece->block);
  }
  if (const auto* ext = std::get_if<Extended>(&m)) {
    const auto header =
        encode_extended_header(ext->id, static_cast<std::uint32_t>(ext->payload.size()));
    std::vector<std::byte> head(header.begin(), header.end());
    co_return co_await send_borrowed(std::move(head), ext->payload);
  }
  co_await queue_.wait_for_room();
  if (!queue_.accepting()) co_return fail(peer_errc::connection_closed);
  if (std::holds_alternative<Choke>(m)) am_choking_ = true;
  if (std::holds_alternative<Unchoke>(m)) am_choking_ = false;
  if (std::holds_alternative<Interested>(m)) am_interested_ = true;
  if (std::holds_alternative<NotInterested>(m)) am_interested_ = false;
  queue_owned(m);
  co_return Result<void>{};
}

Task<Result<void>> PeerConnection::send_piece(PieceIndex piece, std::uint32_t begin,
                                              std::vector<std::byte> message) {
  if (message.size() <= kPieceHeaderSize) co_return fail(errc::block_out_of_range);
  co_await queue_.wait_for_room();
  if (!queue_.accepting()) co_return fail(peer_errc::connection_closed);
  const auto length = static_cast<std::uint32_t>(message.size() - kPieceHeaderSize);
  const auto header = encode_piece_header(piece, begin, length);
  std::copy(header.begin(), header.end(), message.begin());
  SendQueue::Entry entry;
  entry.head = std::move(message);
  entry.counted_piece = true;
  ++pieces_queued_;
  queue_.push(std::move(entry));
  co_return Result<void>{};
}

Task<void> PeerConnection::wait_for_piece_room(std::size_t limit) {
  (void)co_await piece_written_.wait_until([this, limit] { return pieces_queued_ < limit || !queue_.accepting(); });
}

Task<Result<void>> PeerConnection::send_extended(std::string_view name,
                                                 std::span<const std::byte> payload) {
  if (!queue_.accepting()) co_return fail(peer_errc::connection_closed);
  const auto id = dispatcher_ ? dispatcher_->peer_id_of(name) : std::nullopt;
  if (!extended_ || !id) co_return fail(peer_errc::extension_not_supported);
  const auto header = encode_extended_header(*id, static_cast<std::uint32_t>(payload.size()));
  std::vector<std::byte> head(header.begin(), header.end());
  co_return co_await send_borrowed(std::move(head), payload);
}

void PeerConnection::queue_owned(const Message& m) {
  SendQueue::Entry entry;
  encode(m, entry.head);
  queue_.push(std::move(entry));
}

namespace {

// Marks a borrowed entry abandoned if its sender goes away (cancellation) before the
// writer took it; if the writer is writing it right now, the connection must end, since
// the bytes it is writing belong to the sender.
class BorrowGuard {
 public:
  BorrowGuard(std::shared_ptr<SendQueue::Waiter> waiter, net::Stream& stream)
      : waiter_(std::move(waiter)), stream_(stream) {}
  ~BorrowGuard() {
    if (waiter_->finished) return;
    waiter_->abandoned = true;
    if (waiter_->in_flight) stream_.close();
  }
  BorrowGuard(const BorrowGuard&) = delete;
  BorrowGuard& operator=(const BorrowGuard&) = delete;

 private:
  std::shared_ptr<SendQueue::Waiter> waiter_;
  net::Stream& stream_;
};

}  // namespace

Task<Result<void>> PeerConnection::send_borrowed(std::vector<std::byte> head,
                                                 std::span<const std::byte> body) {
  co_await queue_.wait_for_room();
  if (!queue_.accepting()) co_return fail(peer_errc::connection_closed);
  auto waiter = std::make_shared<SendQueue::Waiter>(executor_);
  BorrowGuard guard(waiter, *stream_);
  queue_.push({std::move(head), body, waiter});
  if (!co_await waiter->done.wait_until([w = waiter.get()] { return w->finished; })) {
    co_return tl::make_unexpected(make_error_code(asio::error::operation_aborted));  // the guard abandons it
  }
  if (waiter->error) co_return tl::make_unexpected(waiter->error);
  co_return Result<void>{};
}

void PeerConnection::attach_extensions(std::span<const ExtensionSlot> extensions, TorrentView* torrent) {
  dispatcher_->attach(extensions, [this, torrent](std::string_view name) {
    return std::unique_ptr<PeerContext>(new ExtensionContext(*this, std::string(name), torrent));
  });
}

void PeerConnection::set_upload_only(bool on) {
  if (settings_.upload_only == on) return;
  settings_.upload_only = on;
  if (running_ && extended_ && queue_.accepting()) send_extension_handshake();
}

void PeerConnection::send_extension_handshake() {
  ExtensionHandshake ours;
  ours.m = dispatcher_->our_extension_ids();
  ours.client = settings_.client_name;
  ours.listen_port = settings_.listen_port;
  ours.reqq = settings_.reqq;
  ours.upload_only = settings_.upload_only;
  const auto address = remote_.address_bytes();
  ours.yourip = std::string(reinterpret_cast<const char*>(address.data()), address.size());
  const auto payload = encode_extension_handshake(ours, dispatcher_->extension_fields());
  const auto bytes = std::as_bytes(std::span(payload));
  queue_owned(Extended{kExtensionHandshakeId, bytes});
}

}  // namespace corrent::wire
