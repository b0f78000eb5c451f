// PeerConnection, pull-style: start_receiving(), receive(), shutdown(). run() does the
// work in a task the connection owns; the reader keeps each message in the inbox.
#include <utility>

#include <asio/error.hpp>

#include "corrent/net/task_group.hpp"
#include "corrent/wire/limits.hpp"
#include "corrent/wire/peer_connection.hpp"
#include "peer_inbox.hpp"

namespace corrent::wire {

void PeerConnection::start_receiving(std::vector<ExtensionSlot> extensions, TorrentView* torrent) {
  if (inbox_) return;
  inbox_ = std::make_unique<Inbox>(executor_);
  pull_task_ = std::make_unique<net::TaskGroup>(executor_);
  pull_task_->spawn(run_pulled(std::move(extensions), torrent));
}

Task<void> PeerConnection::run_pulled(std::vector<ExtensionSlot> extensions, TorrentView* torrent) {
  MessageHandler nothing;  // the messages reach receive() through the inbox instead
  const auto why = co_await run(nothing, std::move(extensions), torrent);
  inbox_->ended = why;
  inbox_->changed.notify_all();
}

Task<void> PeerConnection::keep_for_receive(const Message& m) {
  auto& inbox = *inbox_;
  // Back-pressure: the reader reads nothing more while receive()'s caller is behind. A
  // cancelled wait means run() is ending: the message is not kept.
  const bool room = co_await inbox.changed.wait_until([&] { return inbox.messages.size() < kMaxInboxMessages; });
  if (!room) co_return;
  inbox.messages.emplace_back(m);
  inbox.changed.notify_all();
}

Task<Result<ReceivedMessage>> PeerConnection::receive() {
  if (!inbox_) start_receiving();
  auto& inbox = *inbox_;
  co_await inbox.changed.wait_until([&] { return !inbox.messages.empty() || inbox.ended.has_value(); });
  if (!inbox.messages.empty()) {
    ReceivedMessage next = std::move(inbox.messages.front());
    inbox.messages.pop_front();
    inbox.changed.notify_all();  // room for the reader
    co_return Result<ReceivedMessage>(std::move(next));
  }
  if (inbox.ended) co_return fail(*inbox.ended);
  co_return fail(asio::error::operation_aborted);  // our caller was cancelled
}

Task<void> PeerConnection::shutdown() {
  if (!pull_task_) co_return;
  close();
  co_await pull_task_->stop();
  if (!inbox_->ended) inbox_->ended = close_reason_.value_or(peer_errc::closed_by_us);
  inbox_->changed.notify_all();
}

}  // namespace corrent::wire
