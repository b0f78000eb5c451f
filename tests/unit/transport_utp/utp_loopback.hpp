#pragma once
// What the loopback tests of transport_utp share (utp_transport_test.cpp,
// utp_socket_manager_test.cpp): transports on 127.0.0.1 with ephemeral ports, a plain UDP
// socket standing for a hostile or deaf peer, packets built with the plugin's codec, and
// bounded waits.
#include <boost/test/unit_test.hpp>

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include <asio/experimental/awaitable_operators.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/udp.hpp>
#include <asio/steady_timer.hpp>
#include <asio/this_coro.hpp>

#include "corrent/net/asio_endpoint.hpp"
#include "corrent/net/transport.hpp"
#include "utp_packet.hpp"
#include "utp_settings.hpp"
#include "utp_transport.hpp"

namespace corrent::transport_utp::test {

using namespace std::chrono_literals;
using StreamPtr = std::unique_ptr<net::Stream>;

inline const net::Endpoint kLoopback = net::Endpoint::v4({127, 0, 0, 1}, 0);

/// Sleeps `d` on the current executor.
inline Task<void> sleep_for(std::chrono::milliseconds d) {
  asio::steady_timer timer(co_await asio::this_coro::executor, d);
  (void)co_await timer.async_wait(use_nothrow);
}

/// Polls `done` every 2 ms for at most `limit`; returns done().
template <class Done>
Task<bool> within(std::chrono::milliseconds limit, Done done) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  for (auto waited = 0ms; waited < limit; waited += 2ms) {
    if (done()) co_return true;
    timer.expires_after(2ms);
    (void)co_await timer.async_wait(use_nothrow);
  }
  co_return done();
}

/// A transport that owns its DatagramService, listening on 127.0.0.1 (so that its connects,
/// too, leave from a loopback socket rather than one it would open on 0.0.0.0).
struct Node {
  explicit Node(asio::io_context& io, UtpSettings settings = {})
      : transport(io.get_executor(), nullptr, std::move(settings)) {
    auto opened = transport.listen(kLoopback);
    BOOST_REQUIRE(opened);
    listener = std::move(*opened);
  }
  [[nodiscard]] net::Endpoint endpoint() const { return listener->local_endpoints().at(0); }

  UtpTransport transport;
  std::unique_ptr<net::Listener> listener;
};

/// `from` dials `to` while `to` accepts: both ends (client first), or the first error.
/// The dialler speaks first, as BitTorrent's does: an inbound uTP connection is offered to
/// accept() only once the peer's first packet after our STATE arrives (the SYN-flood
/// guard), so it sends one byte, which the accepting end reads off.
inline Task<Result<std::pair<StreamPtr, StreamPtr>>> connect_pair(UtpTransport& from, net::Listener& to,
                                                                  net::Endpoint at) {
  using asio::experimental::awaitable_operators::operator&&;
  static constexpr std::array<std::byte, 1> kHello{std::byte{'h'}};
  auto dial = [&]() -> Task<Result<StreamPtr>> {
    auto s = co_await from.connect(at, 5000ms);
    if (!s) co_return s;
    auto said = co_await (*s)->write_all(kHello);
    if (!said) co_return tl::make_unexpected(said.error());
    co_return s;
  };
  auto take = [&]() -> Task<Result<StreamPtr>> {
    auto s = co_await to.accept();
    if (!s) co_return s;
    std::array<std::byte, 1> hello{};
    auto n = co_await (*s)->read_some(hello);
    if (!n) co_return tl::make_unexpected(n.error());
    co_return s;
  };
  auto ends = co_await (dial() && take());
  auto& out = std::get<0>(ends);
  auto& in = std::get<1>(ends);
  if (!out) co_return tl::make_unexpected(out.error());
  if (!in) co_return tl::make_unexpected(in.error());
  co_return std::make_pair(std::move(*out), std::move(*in));
}

/// A plain UDP socket on 127.0.0.1 standing for a peer: it sends what the test builds and
/// is read only when the test drains it.
struct RawPeer {
  explicit RawPeer(asio::io_context& io)
      : socket(io, asio::ip::udp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {}
  void send(std::span<const std::uint8_t> bytes, const net::Endpoint& to) {
    socket.send_to(asio::buffer(bytes.data(), bytes.size()), net::to_udp(to));
  }
  [[nodiscard]] net::Endpoint endpoint() const { return net::from_asio(socket.local_endpoint()); }
  /// Every datagram waiting now.
  std::vector<std::vector<std::uint8_t>> drain() {
    std::vector<std::vector<std::uint8_t>> got;
    while (socket.available() > 0) {
      std::vector<std::uint8_t> buffer(2048);
      asio::ip::udp::endpoint from;
      const std::size_t n = socket.receive_from(asio::buffer(buffer), from);
      buffer.resize(n);
      got.push_back(std::move(buffer));
    }
    return got;
  }
  asio::ip::udp::socket socket;
};

/// A header-only packet as a peer would send it.
inline std::vector<std::uint8_t> make_packet(PacketType type, std::uint16_t connection_id, std::uint16_t seq) {
  PacketHeader h;
  h.type = type;
  h.connection_id = connection_id;
  h.timestamp_us = 1;
  h.wnd_size = 1 << 20;
  h.seq_nr = seq;
  std::vector<std::uint8_t> out(kHeaderSize);
  out.resize(encode_packet(h, {}, {}, out));
  return out;
}

/// `n` distinct random connection ids, none next to another (a SYN's id + 1 is a key too).
inline std::vector<std::uint16_t> distinct_ids(std::size_t n, std::uint32_t seed) {
  std::vector<std::uint16_t> ids;
  std::uint32_t x = seed;
  std::vector<bool> used(0x10000);
  while (ids.size() < n) {
    x = x * 1664525u + 1013904223u;
    const auto id = static_cast<std::uint16_t>(x >> 16);
    const auto next = static_cast<std::uint16_t>(id + 1);
    const auto prev = static_cast<std::uint16_t>(id - 1);
    if (used[id] || used[next] || used[prev]) continue;
    used[id] = true;
    ids.push_back(id);
  }
  return ids;
}

}  // namespace corrent::transport_utp::test
