#pragma once
// FakeSocks5Relay: a SOCKS5 proxy on 127.0.0.1 that takes UDP ASSOCIATE only (RFC 1928
// section 7), for the tests of tracker_udp behind a proxy. One association at a time: a
// relay socket of its own per association, which takes datagrams only from the sender the
// client named, strips their header and sends the payload to the target (a name is
// "localhost", resolved here); anything else that reaches the relay goes back to the client
// with its sender's header. The association ends when the client closes the control
// connection, or (close_after_replies) when the relay closes it. Records what it saw.

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include <asio/experimental/awaitable_operators.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/ip/udp.hpp>
#include <asio/read.hpp>
#include <asio/write.hpp>

#include "corrent/core/task.hpp"
#include "corrent/net/asio_endpoint.hpp"
#include "corrent/net/socks5.hpp"

namespace corrent::test {

class FakeSocks5Relay {
 public:
  using Bytes = std::vector<std::uint8_t>;

  explicit FakeSocks5Relay(asio::io_context& io)
      : io_(io),
        acceptor_(io, asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)),
        stranger_(io, asio::ip::udp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {}

  [[nodiscard]] std::string address() const {
    return "127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port());
  }
  [[nodiscard]] std::string url() const { return "socks5://" + address(); }

  /// Serves clients one after another until cancelled.
  Task<void> serve() {
    while (true) {
      auto [ec, client] = co_await acceptor_.async_accept(use_nothrow);
      if (ec) co_return;
      co_await handle(std::move(client));
    }
  }

  bool refuse_udp = false;       ///< answer UDP ASSOCIATE with REP 07, command not supported
  bool stranger_first = false;   ///< the client's first datagram is answered by another socket
  int close_after_replies = 0;   ///< end the association after relaying this many replies (0: never)

  int associations = 0;                      ///< UDP ASSOCIATE requests answered with success
  std::vector<net::Endpoint> expected_senders;  ///< DST.ADDR/DST.PORT of each request
  std::vector<net::Socks5Target> targets;    ///< DST of each datagram from the client
  std::vector<net::Endpoint> relays;         ///< the relay socket of each association
  int stranger_replies = 0;                  ///< datagrams sent by the stranger

 private:
  using tcp = asio::ip::tcp;
  using udp = asio::ip::udp;

  static Bytes u32(std::uint32_t v) {
    return {static_cast<std::uint8_t>(v >> 24), static_cast<std::uint8_t>(v >> 16), static_cast<std::uint8_t>(v >> 8),
            static_cast<std::uint8_t>(v)};
  }

  Task<bool> read(tcp::socket& s, Bytes& out, std::size_t n) {
    out.resize(n);
    auto [ec, got] = co_await asio::async_read(s, asio::buffer(out), use_nothrow);
    co_return !ec;
  }

  Task<void> handle(tcp::socket client) {
    Bytes in;
    // Greeting: VER NMETHODS METHODS; we take no authentication.
    // Each co_await into a named value: GCC 12 and co_await under `!` (see Condition).
    bool ok = co_await read(client, in, 2);
    if (!ok) co_return;
    const std::size_t methods = in[1];
    ok = co_await read(client, in, methods);
    if (!ok) co_return;
    Bytes out{5, 0};
    (void)co_await asio::async_write(client, asio::buffer(out), use_nothrow);
    // Request: VER CMD RSV ATYP DST.ADDR DST.PORT, an address here (the sender).
    ok = co_await read(client, in, 4);
    if (!ok) co_return;
    const bool v6 = in[3] == 4;
    if (in[1] != 3 || (in[3] != 1 && !v6)) co_return;
    ok = co_await read(client, in, v6 ? 18 : 6);
    if (!ok) co_return;
    const std::size_t port_at = v6 ? 16 : 4;
    const auto sender_port = static_cast<std::uint16_t>(in[port_at] << 8 | in[port_at + 1]);
    const auto sender = net::Endpoint::from_address_bytes(std::span(in.data(), port_at), sender_port);
    if (!sender) co_return;
    expected_senders.push_back(*sender);
    if (refuse_udp) {
      out = {5, 7, 0, 1, 0, 0, 0, 0, 0, 0};
      (void)co_await asio::async_write(client, asio::buffer(out), use_nothrow);
      co_return;
    }
    udp::socket relay(io_, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    const auto port = relay.local_endpoint().port();
    relays.push_back(net::from_asio(relay.local_endpoint()));
    out = {5, 0, 0, 1, 127, 0, 0, 1, static_cast<std::uint8_t>(port >> 8), static_cast<std::uint8_t>(port)};
    (void)co_await asio::async_write(client, asio::buffer(out), use_nothrow);
    ++associations;
    using namespace asio::experimental::awaitable_operators;
    co_await (drain(client) || relay_datagrams(relay, net::to_udp(*sender)));
  }

  // Until the client closes the control connection.
  static Task<void> drain(tcp::socket& client) {
    std::array<std::uint8_t, 64> buffer{};
    while (true) {
      auto [ec, n] = co_await client.async_read_some(asio::buffer(buffer), use_nothrow);
      if (ec) co_return;
    }
  }

  Task<void> relay_datagrams(udp::socket& relay, udp::endpoint client) {
    Bytes buffer(70000);
    udp::endpoint from;
    int replies = 0;
    while (true) {
      auto [ec, n] = co_await relay.async_receive_from(asio::buffer(buffer), from, use_nothrow);
      if (ec) co_return;
      if (from == client) {
        const auto header = net::parse_socks5_udp_header(std::as_bytes(std::span(buffer.data(), n)));
        if (!header) continue;
        targets.push_back(header->target);
        udp::endpoint to;
        if (const auto* address = std::get_if<net::Endpoint>(&header->target)) {
          to = net::to_udp(*address);
        } else {
          const auto& name = std::get<net::Socks5HostName>(header->target);
          if (name.name != "localhost") continue;
          to = udp::endpoint(asio::ip::make_address("127.0.0.1"), name.port);
        }
        const Bytes payload(buffer.begin() + static_cast<std::ptrdiff_t>(header->size),
                            buffer.begin() + static_cast<std::ptrdiff_t>(n));
        if (stranger_first && targets.size() == 1 && payload.size() >= 16) {
          co_await send_from_stranger(payload, to, client);
          continue;
        }
        (void)co_await relay.async_send_to(asio::buffer(payload), to, use_nothrow);
      } else {
        const auto reply = wrap(net::from_asio(from), std::span(buffer.data(), n));
        (void)co_await relay.async_send_to(asio::buffer(reply), client, use_nothrow);
        if (close_after_replies > 0 && ++replies >= close_after_replies) co_return;
      }
    }
  }

  // A relay-shaped connect reply to `request`, as if from `tracker`, sent by another socket.
  Task<void> send_from_stranger(const Bytes& request, udp::endpoint tracker, udp::endpoint client) {
    Bytes reply = u32(0);  // action: connect
    reply.insert(reply.end(), request.begin() + 12, request.begin() + 16);  // its transaction id
    for (const auto& part : {u32(0x01234567), u32(0x89abcdef)}) reply.insert(reply.end(), part.begin(), part.end());
    const auto datagram = wrap(net::from_asio(tracker), reply);
    (void)co_await stranger_.async_send_to(asio::buffer(datagram), client, use_nothrow);
    ++stranger_replies;
  }

  static Bytes wrap(const net::Endpoint& from, std::span<const std::uint8_t> payload) {
    const auto header = net::encode_socks5_udp_header(net::Socks5Target{from});
    Bytes out;
    for (const auto b : *header) out.push_back(static_cast<std::uint8_t>(b));
    out.insert(out.end(), payload.begin(), payload.end());
    return out;
  }

  asio::io_context& io_;
  tcp::acceptor acceptor_;
  udp::socket stranger_;
};

}  // namespace corrent::test
