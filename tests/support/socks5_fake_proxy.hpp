#pragma once
// Socks5FakeProxy: an in-process SOCKS5 proxy (RFC 1928) on 127.0.0.1 for tests of what
// goes through a proxy (http_get, the session's socks5_transport). It takes CONNECT only,
// by name ("localhost") or by loopback address, relays each tunnel to that address, and
// records what it was asked and from where it dialled, so that a test can tell a proxied
// connection from a direct one. Tunnels run side by side, each until one end closes.
// Run serve() beside the client under `||`, so it is cancelled when the client is done:
//   co_await (proxy.serve() || client());

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>

#include "corrent/core/task.hpp"
#include "corrent/net/endpoint.hpp"
#include "corrent/net/socks5.hpp"

namespace corrent::test {

class Socks5FakeProxy {
 public:
  /// RFC 1929 user name and password.
  struct Credentials {
    std::string user;
    std::string password;
  };

  /// One CONNECT request, as the proxy saw it.
  struct Connect {
    std::string target;  ///< "name:port" for ATYP 3, Endpoint::to_string() for an address
    int address_type = 0;                    ///< ATYP: 1 IPv4, 3 name, 4 IPv6
    std::optional<net::Endpoint> address;    ///< the target, when given as an address
    net::Endpoint client;                    ///< where the request came from
    std::optional<net::Endpoint> dialled_from;  ///< our end of the tunnel to the target
  };

  /// Bound to 127.0.0.1 on a port the OS chooses.
  explicit Socks5FakeProxy(asio::io_context& io);

  [[nodiscard]] std::uint16_t port() const;
  /// How to reach this proxy: 127.0.0.1, port(), and `credentials` when required.
  [[nodiscard]] net::ProxySettings settings() const;

  /// Accepts and serves clients until cancelled (or the acceptor fails); on cancellation
  /// closes every tunnel before returning.
  Task<void> serve();

  /// Required of every client when set (method 2 only); nullopt: no authentication.
  std::optional<Credentials> credentials;
  bool refuse = false;  ///< answer every CONNECT with REP 05, connection refused
  bool silent = false;  ///< read the greeting, then never answer

  std::vector<Connect> connects;    ///< every CONNECT request, in order
  std::size_t authenticated = 0;    ///< clients whose credentials matched
  std::size_t auth_failures = 0;    ///< clients whose credentials did not

 private:
  Task<void> handle(asio::ip::tcp::socket client);
  Task<bool> negotiate(asio::ip::tcp::socket& client);

  asio::ip::tcp::acceptor acceptor_;
};

}  // namespace corrent::test
