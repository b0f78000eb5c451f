#pragma once
// A transport whose outgoing connections go through a SOCKS5 proxy (RFC 1928): the inner
// transport (tcp) connects to the proxy, socks5_connect opens the tunnel to the peer. The
// session puts it in front of its TCP transport when SessionSettings::proxy is set.
//
//   auto proxied = net::socks5_transport(executor, tcp, *net::parse_proxy_url("socks5://127.0.0.1:1080"));
//   auto stream = co_await proxied->connect(peer, 10s);   // the proxy dials the peer

#include <memory>

#include <asio/any_io_executor.hpp>

#include "corrent/net/socks5.hpp"
#include "corrent/net/transport.hpp"

namespace corrent::net {

/// Wraps `inner` (which must outlive it). connect(to, timeout): the proxy's address
/// (resolved here if it is a name), inner.connect() to it, then the SOCKS5 handshake
/// for `to`, all within `timeout`. Errors: the inner transport's (the proxy is down),
/// socks5_errc (the proxy refused: connection_refused, host_unreachable, auth_failed, ...),
/// net::errc::timed_out. Hole punching is a plain connect (no simultaneous open through a
/// proxy). listen() is the inner transport's: the proxy carries outgoing connections only.
/// A connected stream's remote() is `to` (the peer), its local() our end towards the proxy.
[[nodiscard]] std::unique_ptr<Transport> socks5_transport(asio::any_io_executor executor, Transport& inner,
                                                          ProxySettings proxy);

}  // namespace corrent::net
