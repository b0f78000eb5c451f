#pragma once
// Why UPnP port mapping failed. Two categories:
// - "corrent.nat_upnp": one value per class of bad input or failed step, so a test can say
//   which check fired and a log says what the gateway got wrong;
// - "corrent.upnp_gateway": the UPnP errorCode of a SOAP fault, as the gateway sent it
//   (718 ConflictInMappingEntry, 725 OnlyPermanentLeasesSupported, ...): upnp_error(718).

#include <string_view>
#include <system_error>

#include "corrent/core/error.hpp"

namespace corrent::nat_upnp {

enum class errc {
  ok = 0,
  // SSDP replies
  ssdp_too_large,          ///< a datagram over kMaxSsdpReplySize bytes
  ssdp_bad_status,         ///< the first line is not "HTTP/1.x 200 ..."
  ssdp_bad_header,         ///< a header line without ':', or whose name is not a token
  ssdp_too_many_headers,   ///< more than kMaxSsdpHeaders header lines
  ssdp_no_location,        ///< no LOCATION header
  ssdp_bad_location,       ///< LOCATION not an http:// URL with an IPv4 literal host
  ssdp_foreign_location,   ///< LOCATION names a host other than the reply's sender
  // Device descriptions
  description_too_large,   ///< over kMaxDescriptionSize bytes
  description_malformed,   ///< not well-formed XML, or no <root><device>
  description_too_deep,    ///< devices nested deeper than kMaxDeviceDepth
  description_too_many,    ///< more than kMaxDevices devices or kMaxServices services
  no_wan_service,          ///< no WANIPConnection or WANPPPConnection service
  bad_control_url,         ///< a controlURL that does not resolve, or names another host
  // SOAP
  soap_too_large,          ///< a response over kMaxSoapResponseSize bytes
  soap_malformed,          ///< not a SOAP envelope with the expected response element
  http_error,              ///< an HTTP status other than 200 (for SOAP: without a UPnP fault)
  bad_external_address,    ///< GetExternalIPAddress gave no usable IPv4 address
  // The mapper
  no_gateway,              ///< no Internet gateway answered the search
  gateway_changed,         ///< the gateway's external address changed, or it lost our mapping
};

std::string_view describe(errc e) noexcept;
constexpr const char* category_name(errc) noexcept { return "corrent.nat_upnp"; }
CORRENT_ERROR_ENUM(errc)

/// The category of UPnP errorCodes from SOAP faults; its message names the well-known ones.
const std::error_category& upnp_gateway_category() noexcept;
/// The error_code of UPnP errorCode `code` (e.g. 718).
inline std::error_code upnp_error(int code) noexcept { return {code, upnp_gateway_category()}; }

/// The UPnP errorCodes the mapper reacts to (UPnP IGD WANIPConnection:1, section 2.4.16).
inline constexpr int kConflictInMappingEntry = 718;
inline constexpr int kOnlyPermanentLeasesSupported = 725;

}  // namespace corrent::nat_upnp

CORRENT_ERROR_ENUM_TRAIT(corrent::nat_upnp::errc);
