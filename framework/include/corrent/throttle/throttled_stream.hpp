#pragma once
// A Stream whose reads and writes draw tokens from rate limits: the session's, and its
// torrent's once that is known. Without a limit in force it adds nothing to a read or
// a write but a check.
//
//   auto scopes = std::make_shared<ConnectionLimits>(ConnectionLimits{session_limits, nullptr});
//   stream = throttled_stream(std::move(stream), down_scheduler, up_scheduler, scopes);
//   ...                                   // the handshake names the torrent:
//   scopes->torrent = torrent_limits;     // from the next read or write on

#include <memory>

#include "corrent/net/stream.hpp"
#include "corrent/throttle/rate_limits.hpp"
#include "corrent/throttle/scheduler.hpp"

namespace corrent::throttle {

/// The scopes a connection's bytes count against. Either may be null (not limited there).
struct ConnectionLimits {
  std::shared_ptr<LimitPair> session;
  std::shared_ptr<LimitPair> torrent;
};

/// Wraps `inner`: a read asks `down` for tokens first and reads at most the grant
/// (returning what it did not use); a write goes out in granted pieces, in order. The
/// schedulers must outlive the stream. A read or write cancelled while it waits for
/// tokens ends with asio::error::operation_aborted, as one cancelled in the inner stream.
[[nodiscard]] std::unique_ptr<net::Stream> throttled_stream(std::unique_ptr<net::Stream> inner, Scheduler& down,
                                                            Scheduler& up,
                                                            std::shared_ptr<const ConnectionLimits> limits);

}  // namespace corrent::throttle
