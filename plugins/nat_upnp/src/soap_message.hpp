#pragma once
// UPnP control (UPnP Device Architecture 1.1, section 3.2), sans I/O: the SOAP envelope of
// an action, and the parse of the gateway's answer: the out arguments of
// <u:ActionResponse>, or the UPnP errorCode of a <s:Fault> as upnp_error(code).

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "corrent/core/result.hpp"

namespace corrent::nat_upnp {

/// Arguments of an action or its response, in order: (name, value).
using SoapArguments = std::vector<std::pair<std::string, std::string>>;

/// The value of argument `name`, or nullopt.
[[nodiscard]] std::optional<std::string_view> find_argument(const SoapArguments& args, std::string_view name);

/// The SOAPAction header's value: "\"<service_type>#<action>\"".
[[nodiscard]] std::string soap_action_header(std::string_view service_type, std::string_view action);

/// The envelope of `action` of `service_type` with `args` (values XML-escaped).
[[nodiscard]] std::string soap_envelope(std::string_view service_type, std::string_view action,
                                        const SoapArguments& args);

/// Parses the body of the HTTP response (status `status`) to `action`. Errors: a fault's
/// errorCode as upnp_error(code) (category "corrent.upnp_gateway"), else nat_upnp::errc
/// soap_too_large, soap_malformed (no <actionResponse> in a 200, or XML that does not parse;
/// offset: where), http_error (another status without a fault).
[[nodiscard]] ParseResult<SoapArguments> parse_soap_response(int status, std::string_view body,
                                                             std::string_view action);

}  // namespace corrent::nat_upnp
