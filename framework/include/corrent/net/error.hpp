#pragma once
// The error values of the net module (category "corrent.net").

#include <string_view>

#include "corrent/core/error.hpp"

namespace corrent::net {

/// Why a net operation failed (beyond the std::errc values the OS and Asio report).
enum class errc {
  ok = 0,
  bad_endpoint,   ///< text is not "a.b.c.d:port" or "[v6]:port"
  bad_address,    ///< the address part is not a valid IPv4 or IPv6 address
  bad_port,       ///< the port is missing, not decimal, or above 65535
  bad_url,        ///< not an absolute URL we accept (see net/url.hpp)
  timed_out,      ///< a bounded wait (with_timeout, a connect timeout) ran out
  stream_closed,  ///< the stream was closed by our side
  listen_failed,  ///< no acceptor could be opened and bound for the address asked
  datagram_too_large,  ///< a datagram above kMaxDatagramSize (net/limits.hpp)
  send_queue_full,     ///< kMaxDatagramSendQueue datagrams already wait to be sent
  no_datagram_socket,  ///< no open UDP socket of the destination's address family
  datagram_closed,     ///< the datagram service was stopped
};

/// A short text for each errc value.
std::string_view describe(errc e) noexcept;
constexpr const char* category_name(errc) noexcept { return "corrent.net"; }
CORRENT_ERROR_ENUM(errc)

}  // namespace corrent::net

CORRENT_ERROR_ENUM_TRAIT(corrent::net::errc);
