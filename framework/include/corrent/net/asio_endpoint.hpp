#pragma once
// Conversions between the sans-I/O net::Endpoint and Asio's TCP and UDP endpoints, kept
// apart from endpoint.hpp so that code which only handles addresses never includes Asio.

#include <asio/ip/address.hpp>
#include <asio/ip/basic_endpoint.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/ip/udp.hpp>

#include "corrent/net/endpoint.hpp"

namespace corrent::net {

/// The Asio endpoint of protocol P (asio::ip::tcp or asio::ip::udp) for `e`.
template <class P>
asio::ip::basic_endpoint<P> to_asio(const Endpoint& e) {
  const auto bytes = e.address_bytes();
  if (e.is_v4()) {
    asio::ip::address_v4::bytes_type v4{};
    for (std::size_t i = 0; i < v4.size(); ++i) v4[i] = bytes[i];
    return {asio::ip::address_v4(v4), e.port()};
  }
  asio::ip::address_v6::bytes_type v6{};
  for (std::size_t i = 0; i < v6.size(); ++i) v6[i] = bytes[i];
  return {asio::ip::address_v6(v6), e.port()};
}

inline asio::ip::tcp::endpoint to_tcp(const Endpoint& e) { return to_asio<asio::ip::tcp>(e); }
inline asio::ip::udp::endpoint to_udp(const Endpoint& e) { return to_asio<asio::ip::udp>(e); }

/// The net::Endpoint of an Asio TCP or UDP endpoint. An IPv6 scope id is dropped: peers
/// are never reached through link-local addresses.
template <class P>
Endpoint from_asio(const asio::ip::basic_endpoint<P>& e) {
  const auto address = e.address();
  if (address.is_v4()) return Endpoint::v4(address.to_v4().to_bytes(), e.port());
  return Endpoint::v6(address.to_v6().to_bytes(), e.port());
}

}  // namespace corrent::net
