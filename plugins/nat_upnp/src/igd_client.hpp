#pragma once
// Talking to one Internet gateway device over HTTP: fetch and parse its description, then
// the three actions of WANIPConnection/WANPPPConnection we use (AddPortMapping,
// GetExternalIPAddress, DeletePortMapping) as SOAP POSTs with the core's HTTP client.
// Every request is bounded by one time-out (resolve, connect, send, body), and every
// response by size (kMaxDescriptionSize, kMaxSoapResponseSize). No redirects are followed:
// a gateway has no reason to send us elsewhere.

#include <chrono>
#include <cstdint>
#include <utility>

#include <asio/any_io_executor.hpp>

#include "corrent/core/result.hpp"
#include "corrent/core/task.hpp"
#include "corrent/net/endpoint.hpp"
#include "corrent/net/port_mapper.hpp"
#include "device_description.hpp"
#include "soap_message.hpp"
#include "ssdp_message.hpp"

namespace corrent::nat_upnp {

/// A gateway we can map ports with.
struct Gateway {
  WanService service;
  /// Our own LAN IPv4 address as the gateway sees it (NewInternalClient): the local
  /// address of a socket connected to the control URL's host.
  net::Endpoint internal;
};

/// What one AddPortMapping asks for.
struct MappingAsk {
  PortRequest request;
  std::uint16_t external_port = 0;
  std::chrono::seconds lease{0};  ///< 0: permanent
};

/// Talks to gateways on `executor`; each request takes at most `timeout`.
class IgdClient {
 public:
  IgdClient(asio::any_io_executor executor, std::chrono::milliseconds timeout)
      : executor_(std::move(executor)), timeout_(timeout) {}

  /// Fetches and parses the description `reply` points to, and finds our LAN address.
  /// Errors: the HTTP client's, nat_upnp::errc (description_*, no_wan_service,
  /// bad_control_url, http_error for a status other than 200).
  Task<Result<Gateway>> describe(SsdpReply reply) const;

  /// AddPortMapping (NewRemoteHost empty, NewEnabled 1, description "corrent").
  Task<Result<void>> add_port_mapping(Gateway gateway, MappingAsk ask) const;
  /// GetExternalIPAddress; errc::bad_external_address if it is not a usable IPv4 address.
  Task<Result<net::Endpoint>> external_address(Gateway gateway) const;
  /// DeletePortMapping of (external port, protocol), waiting at most `limit`.
  Task<Result<void>> delete_port_mapping(Gateway gateway, PortRequest request, std::uint16_t external_port,
                                         std::chrono::milliseconds limit) const;

 private:
  Task<Result<SoapArguments>> call(Gateway gateway, std::string action, SoapArguments args,
                                   std::chrono::milliseconds limit) const;

  asio::any_io_executor executor_;
  std::chrono::milliseconds timeout_;
};

}  // namespace corrent::nat_upnp
