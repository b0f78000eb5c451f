#include "igd_client.hpp"

#include <string>
#include <utility>

#include <asio/ip/udp.hpp>

#include "corrent/net/asio_endpoint.hpp"
#include "corrent/net/http/errc.hpp"
#include "corrent/net/http/http_client.hpp"
#include "nat_upnp_errc.hpp"
#include "nat_upnp_limits.hpp"

namespace corrent::nat_upnp {
namespace {

net::http::HttpOptions options_for(std::chrono::milliseconds limit, std::size_t max_body) {
  net::http::HttpOptions options;
  options.receive_timeout = limit;
  options.total_timeout = limit;
  options.max_body_bytes = max_body;
  options.max_redirects = 0;
  return options;
}

// Our address towards `host`: connecting a UDP socket sends nothing, it only asks the
// kernel which local address routes there.
Result<net::Endpoint> local_address_towards(const asio::any_io_executor& executor, const net::Url& url) {
  auto remote = net::Endpoint::parse(url.host + ":" + std::to_string(url.port));
  if (!remote || !remote->is_v4()) return fail(errc::bad_control_url);
  asio::ip::udp::socket socket(executor);
  asio::error_code ec;
  socket.open(asio::ip::udp::v4(), ec);
  if (!ec) socket.connect(net::to_udp(*remote), ec);
  if (ec) return tl::make_unexpected(ec);
  const auto local = socket.local_endpoint(ec);
  if (ec) return tl::make_unexpected(ec);
  return net::from_asio(local).with_port(0);
}

const char* protocol_name(PortProtocol protocol) { return protocol == PortProtocol::tcp ? "TCP" : "UDP"; }

}  // namespace

Task<Result<Gateway>> IgdClient::describe(SsdpReply reply) const {
  // Arguments named before the co_await: GCC 12 mishandles class temporaries in its expression.
  std::string url = reply.location.to_string();
  auto options = options_for(timeout_, kMaxDescriptionSize);
  auto response = co_await net::http::http_get(executor_, std::move(url), std::move(options));
  if (!response && response.error() == net::http::errc::body_too_large) co_return fail(errc::description_too_large);
  if (!response) co_return tl::make_unexpected(response.error());
  if (response->status != 200) co_return fail(errc::http_error);
  auto service = parse_description(response->body, reply.location);
  if (!service) co_return tl::make_unexpected(service.error().code);
  CORRENT_CO_TRY(const auto internal, local_address_towards(executor_, service->control_url));
  co_return Gateway{std::move(*service), internal};
}

Task<Result<SoapArguments>> IgdClient::call(Gateway gateway, std::string action, SoapArguments args,
                                            std::chrono::milliseconds limit) const {
  // One byte over the SOAP bound is enough to know a response is too large.
  auto options = options_for(limit, kMaxSoapResponseSize + 1);
  options.headers = {{"Content-Type", "text/xml; charset=\"utf-8\""},
                     {"SOAPAction", soap_action_header(gateway.service.service_type, action)}};
  std::string method = "POST";
  std::string url = gateway.service.control_url.to_string();
  std::string body = soap_envelope(gateway.service.service_type, action, args);
  auto response = co_await net::http::http_request(executor_, std::move(method), std::move(url), std::move(body),
                                                   std::move(options));
  if (!response && response.error() == net::http::errc::body_too_large) co_return fail(errc::soap_too_large);
  if (!response) co_return tl::make_unexpected(response.error());
  auto parsed = parse_soap_response(response->status, response->body, action);
  if (!parsed) co_return tl::make_unexpected(parsed.error().code);
  co_return std::move(*parsed);
}

Task<Result<void>> IgdClient::add_port_mapping(Gateway gateway, MappingAsk ask) const {
  SoapArguments args{
      {"NewRemoteHost", ""},
      {"NewExternalPort", std::to_string(ask.external_port)},
      {"NewProtocol", protocol_name(ask.request.protocol)},
      {"NewInternalPort", std::to_string(ask.request.local_port)},
      {"NewInternalClient", gateway.internal.address_string()},
      {"NewEnabled", "1"},
      {"NewPortMappingDescription", std::string(kMappingDescription)},
      {"NewLeaseDuration", std::to_string(ask.lease.count())},
  };
  std::string action = "AddPortMapping";
  CORRENT_CO_TRY(const auto ignored, co_await call(std::move(gateway), std::move(action), std::move(args), timeout_));
  (void)ignored;
  co_return Result<void>{};
}

Task<Result<net::Endpoint>> IgdClient::external_address(Gateway gateway) const {
  std::string action = "GetExternalIPAddress";
  SoapArguments none;
  CORRENT_CO_TRY(const auto out, co_await call(std::move(gateway), std::move(action), std::move(none), timeout_));
  const auto text = find_argument(out, "NewExternalIPAddress");
  if (!text) co_return fail(errc::bad_external_address);
  auto address = net::Endpoint::parse(std::string(*text) + ":0");
  if (!address || !address->is_v4() || address->is_unspecified()) co_return fail(errc::bad_external_address);
  co_return *address;
}

Task<Result<void>> IgdClient::delete_port_mapping(Gateway gateway, PortRequest request, std::uint16_t external_port,
                                                  std::chrono::milliseconds limit) const {
  SoapArguments args{
      {"NewRemoteHost", ""},
      {"NewExternalPort", std::to_string(external_port)},
      {"NewProtocol", protocol_name(request.protocol)},
  };
  std::string action = "DeletePortMapping";
  CORRENT_CO_TRY(const auto ignored, co_await call(std::move(gateway), std::move(action), std::move(args), limit));
  (void)ignored;
  co_return Result<void>{};
}

}  // namespace corrent::nat_upnp
