#pragma once
// Bounded socket I/O for the server's connections: every read and write has a time limit
// (slowloris, a reader that stopped reading), so that no connection holds its slot for
// ever.

#include <span>
#include <string>

#include <asio/ip/tcp.hpp>

#include "corrent/core/clock.hpp"
#include "corrent/core/result.hpp"
#include "corrent/core/task.hpp"

namespace corrent::stream_http {

/// Writes all of `bytes`; net::errc::timed_out if that takes longer than `limit`.
Task<Result<void>> write_all(asio::ip::tcp::socket& socket, std::span<const char> bytes, Clock::duration limit);

/// Appends what the socket has next (up to 4 KiB) to `buffer`; net::errc::timed_out
/// after `limit`; asio::error::eof when the client closed.
Task<Result<void>> read_more(asio::ip::tcp::socket& socket, std::string& buffer, Clock::duration limit);

/// Closes the connection without losing the last response: our side is shut down first,
/// then what the client still sends is read and dropped (at most kLingerBytes, for at most
/// kLingerTime) until it closes too. Closing with unread bytes in the socket would send a
/// reset, which may destroy the response before the client reads it (a 431 for a head too
/// large is sent while the head still comes); nginx's lingering_close, for the same reason.
Task<void> linger_close(asio::ip::tcp::socket& socket);

}  // namespace corrent::stream_http
