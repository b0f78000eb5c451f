// PeerConnection::run: the reader, the writer and the inactivity watchdog, joined by `||`.
#include <algorithm>
#include <variant>

#include <asio/experimental/awaitable_operators.hpp>
#include "corrent/core/clock.hpp"
#include <asio/this_coro.hpp>

#include "corrent/events/event_bus.hpp"
#include "corrent/net/error.hpp"
#include "corrent/net/task_group.hpp"
#include "corrent/wire/codec.hpp"
#include "corrent/wire/peer_connection.hpp"
#include "corrent/wire/validate.hpp"

namespace corrent::wire {

namespace {

bool is_fast_message(const Message& m) {
  return std::holds_alternative<Suggest>(m) || std::holds_alternative<HaveAll>(m) ||
         std::holds_alternative<HaveNone>(m) || std::holds_alternative<Reject>(m) ||
         std::holds_alternative<AllowedFast>(m);
}

// Whether the coroutine running this was cancelled (a timer used as a condition variable
// ends with operation_aborted both when woken and when cancelled).
Task<bool> cancelled() {
  const auto state = co_await asio::this_coro::cancellation_state;
  co_return state.cancelled() != asio::cancellation_type::none;
}

}  // namespace

Task<std::error_code> PeerConnection::run(MessageHandler& handler,
                                          std::vector<ExtensionSlot> extensions,
                                          TorrentView* torrent) {
  using asio::experimental::awaitable_operators::operator||;
  if (running_ || ended_) co_return std::error_code(peer_errc::connection_closed);
  running_ = true;
  dispatcher_.emplace(handler);
  // The extensions' own coroutines; stopped below, before the dispatcher that owns their
  // ExtensionPeers can go.
  net::TaskGroup extension_tasks(executor_);
  if (extended_) {
    attach_extensions(extensions, torrent);
    send_extension_handshake();
    auto tasks = dispatcher_->extension_tasks();  // named: GCC 12 and temporaries in coroutines
    for (auto& task : tasks) extension_tasks.spawn(std::move(task));
  } else {
    publish_connected();  // no "v" to wait for
  }
  last_received_ = last_sent_ = Clock::now();
  if (close_reason_) queue_.finish();  // close() came before run()

  auto outcome = co_await (reader() || writer() || watchdog());
  const std::error_code first = std::visit([](std::error_code e) { return e; }, outcome);
  // close()'s reason wins over the cancellation it caused in the others.
  const std::error_code why = close_reason_.value_or(first);
  close_reason_ = why;
  running_ = false;
  ended_ = true;
  queue_.close(peer_errc::connection_closed);
  stream_->close();
  // run() itself may have been cancelled (a TaskGroup stopping, `||` in the engine's Peer);
  // a cancelled coroutine's next co_await would throw, leaving the extensions' coroutines
  // running on ExtensionPeers about to be destroyed. Wait for them in any case.
  co_await asio::this_coro::reset_cancellation_state();
  co_await extension_tasks.stop();
  publish_closed(why);
  co_return why;
}

Task<std::error_code> PeerConnection::reader() {
  for (;;) {
    for (;;) {
      auto frame = framer_.next(rx_.data());
      if (!frame) co_return frame.error().code;
      if (!*frame) break;
      const auto consumed = (*frame)->consumed;
      auto handled = co_await handle_frame((*frame)->body);
      if (!handled) co_return handled.error();
      rx_.consume(consumed);
      last_received_ = Clock::now();
    }
    auto space = rx_.free_space(std::max(kRecvReadChunk, framer_.bytes_needed()));
    if (space.empty()) co_return std::error_code(errc::recv_buffer_full);
    auto got = co_await stream_->read_some(space);
    if (!got) co_return got.error();
    rx_.commit(*got);
  }
}

Task<Result<void>> PeerConnection::handle_frame(std::span<const std::byte> body) {
  auto decoded = decode_message(body);
  if (!decoded) {
    // BEP 3: ignore messages we do not know (their length is already bounded).
    if (decoded.error().code == errc::unknown_message) {
      ++unknown_messages_;
      co_return Result<void>{};
    }
    co_return tl::make_unexpected(decoded.error().code);
  }
  const Message& m = *decoded;
  CORRENT_CO_TRY_VOID(check_negotiated(m));
  if (shape_) CORRENT_CO_TRY_VOID(validate(m, *shape_));
  note_received(m);
  CORRENT_CO_TRY_VOID(co_await dispatcher_->dispatch(m));
  publish_connected();  // after the extension handshake (or whatever came first)
  if (inbox_) co_await keep_for_receive(m);  // waits while the inbox is full
  co_return Result<void>{};
}

Result<void> PeerConnection::check_negotiated(const Message& m) const {
  if (!fast_ && is_fast_message(m)) return fail(peer_errc::not_negotiated);
  if (!extended_ && std::holds_alternative<Extended>(m)) return fail(peer_errc::not_negotiated);
  return {};
}

void PeerConnection::note_received(const Message& m) {
  if (std::holds_alternative<Choke>(m)) peer_choking_ = true;
  if (std::holds_alternative<Unchoke>(m)) peer_choking_ = false;
  if (std::holds_alternative<Interested>(m)) peer_interested_ = true;
  if (std::holds_alternative<NotInterested>(m)) peer_interested_ = false;
  if (const auto* piece = std::get_if<Piece>(&m); piece && settings_.events != nullptr) {
    settings_.events->publish(events::BlockReceived{
        remote_, piece->piece, piece->begin, static_cast<std::uint32_t>(piece->block.size())});
  }
}

Task<std::error_code> PeerConnection::writer() {
  // Several queued messages go out in one gathered write: a run of REQUESTs, or PIECEs
  // queued back to back, costs one system call instead of one each.
  std::vector<SendQueue::Entry> batch;
  std::vector<std::span<const std::byte>> parts;
  for (;;) {
    co_await queue_.wait_for_entry();
    batch.clear();
    while (batch.size() < kMaxGatheredMessages) {
      auto entry = queue_.pop();
      if (!entry) break;
      batch.push_back(std::move(*entry));
    }
    if (batch.empty()) {
      // Empty: finishing (a graceful close is complete), or woken by cancellation.
      if (queue_.finishing() || queue_.closed()) co_return close_reason_.value_or(peer_errc::closed_by_us);
      if (co_await cancelled()) co_return std::error_code(asio::error::operation_aborted);
      continue;
    }
    parts.clear();
    for (auto& entry : batch) {
      parts.emplace_back(entry.head);
      if (!entry.body.empty()) parts.push_back(entry.body);
      if (entry.waiter) entry.waiter->in_flight = true;
    }
    write_started_ = Clock::now();
    auto written = co_await stream_->write_gather(parts);
    write_started_.reset();
    last_sent_ = Clock::now();
    const bool pieces_written = std::any_of(batch.begin(), batch.end(),
                                            [](const auto& e) { return e.counted_piece; });
    for (auto& entry : batch) {
      if (entry.counted_piece) --pieces_queued_;
      if (!entry.waiter) continue;
      entry.waiter->in_flight = false;
      entry.waiter->finished = true;
      if (!written) entry.waiter->error = written.error();
      entry.waiter->done.notify_all();
    }
    if (pieces_written) piece_written_.notify_all();
    if (!written) co_return written.error();
  }
}

Task<std::error_code> PeerConnection::watchdog() {
  Timer timer(executor_);
  const auto inactivity = settings_.inactivity_timeout;
  const auto keep_alive = settings_.keep_alive_interval;
  for (;;) {
    const auto now = Clock::now();
    if (now - last_received_ >= inactivity) co_return std::error_code(peer_errc::inactivity_timeout);
    if (write_started_ && now - *write_started_ >= inactivity) {
      co_return std::error_code(net::errc::timed_out);  // the peer stopped reading
    }
    auto next = std::min(last_received_ + inactivity, last_sent_ + keep_alive);
    if (write_started_) next = std::min(next, *write_started_ + inactivity);
    if (now - last_sent_ >= keep_alive) {
      // Nothing written for a keep-alive period. If something is queued or being written,
      // last_sent_ moves soon; check again one period on (never later than due).
      if (queue_.empty() && !write_started_ && queue_.accepting()) queue_owned(KeepAlive{});
      next = std::min(last_received_ + inactivity, now + keep_alive);
    }
    timer.expires_at(next);
    auto [ec] = co_await timer.async_wait(use_nothrow);
    if (ec) co_return ec;  // cancelled: another coroutine ended first
  }
}

}  // namespace corrent::wire
