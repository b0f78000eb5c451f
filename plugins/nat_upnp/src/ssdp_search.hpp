#pragma once
// One SSDP search: an M-SEARCH per search target (ssdp_message.hpp) sent from a UDP socket
// of our own to the group (or, in tests, to a responder on 127.0.0.1), then the unicast
// replies collected for a bounded time and count. Replies that do not parse, or whose
// LOCATION is not on the sender, are dropped.

#include <chrono>
#include <vector>

#include <asio/any_io_executor.hpp>

#include "corrent/core/result.hpp"
#include "corrent/core/task.hpp"
#include "corrent/net/endpoint.hpp"
#include "ssdp_message.hpp"

namespace corrent::nat_upnp {

/// Where to search, and for how long.
struct SearchSettings {
  net::Endpoint target;               ///< 239.255.255.250:1900 unless a test says otherwise
  std::chrono::milliseconds duration; ///< how long replies are collected
};

/// Sends the searches and returns the distinct replies (by LOCATION) that arrived within
/// `settings.duration`, at most kMaxSearchReplies, after reading at most
/// kMaxSearchDatagrams datagrams. Errors: the socket's (it could not be opened or the
/// searches not sent); operation_aborted if the caller is cancelled.
Task<Result<std::vector<SsdpReply>>> ssdp_search(asio::any_io_executor executor, SearchSettings settings);

}  // namespace corrent::nat_upnp
