#pragma once
// PeerConnection::Inbox: the messages a pull-style connection (start_receiving) keeps for
// receive(), and how it ended. Private to the wire module.

#include <deque>
#include <optional>
#include <system_error>

#include <asio/any_io_executor.hpp>

#include "corrent/core/condition.hpp"
#include "corrent/wire/peer_connection.hpp"
#include "corrent/wire/received_message.hpp"

namespace corrent::wire {

class PeerConnection::Inbox {
 public:
  explicit Inbox(const asio::any_io_executor& executor) : changed(executor) {}

  std::deque<ReceivedMessage> messages;  // at most kMaxInboxMessages
  std::optional<std::error_code> ended;  // run() returned this
  /// A message kept or taken, or the end: one condition serves the reader waiting for
  /// room and receive() waiting for a message.
  Condition changed;
};

}  // namespace corrent::wire
