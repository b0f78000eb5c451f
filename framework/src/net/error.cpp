// The texts of the net module's error codes.
#include "corrent/net/error.hpp"

namespace corrent::net {

std::string_view describe(errc e) noexcept {
  switch (e) {
    case errc::ok: return "ok";
    case errc::bad_endpoint: return "not an endpoint (expected a.b.c.d:port or [v6]:port)";
    case errc::bad_address: return "not an IPv4 or IPv6 address";
    case errc::bad_port: return "port missing, not decimal, or above 65535";
    case errc::bad_url: return "not an absolute URL (scheme://host[:port]/path)";
    case errc::timed_out: return "timed out";
    case errc::stream_closed: return "stream closed";
    case errc::listen_failed: return "cannot listen on that address";
    case errc::datagram_too_large: return "datagram too large";
    case errc::send_queue_full: return "datagram send queue full";
    case errc::no_datagram_socket: return "no UDP socket for that address family";
    case errc::datagram_closed: return "datagram service stopped";
  }
  return "unknown net error";
}

}  // namespace corrent::net
