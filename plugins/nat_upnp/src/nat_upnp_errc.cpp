#include "nat_upnp_errc.hpp"

#include <string>

namespace corrent::nat_upnp {

std::string_view describe(errc e) noexcept {
  switch (e) {
    case errc::ok: return "no error";
    case errc::ssdp_too_large: return "upnp: SSDP reply over 2048 bytes";
    case errc::ssdp_bad_status: return "upnp: SSDP reply is not HTTP/1.x 200";
    case errc::ssdp_bad_header: return "upnp: SSDP header line without a name or ':'";
    case errc::ssdp_too_many_headers: return "upnp: SSDP reply has too many header lines";
    case errc::ssdp_no_location: return "upnp: SSDP reply has no LOCATION";
    case errc::ssdp_bad_location: return "upnp: SSDP LOCATION is not http:// with an IPv4 address";
    case errc::ssdp_foreign_location: return "upnp: SSDP LOCATION names a host other than the sender";
    case errc::description_too_large: return "upnp: device description over 64 KiB";
    case errc::description_malformed: return "upnp: device description is not a UPnP device XML";
    case errc::description_too_deep: return "upnp: devices nested too deep in the description";
    case errc::description_too_many: return "upnp: too many devices or services in the description";
    case errc::no_wan_service: return "upnp: no WANIPConnection or WANPPPConnection service";
    case errc::bad_control_url: return "upnp: controlURL unusable or on another host";
    case errc::soap_too_large: return "upnp: SOAP response over 16 KiB";
    case errc::soap_malformed: return "upnp: SOAP response malformed";
    case errc::http_error: return "upnp: gateway answered with an HTTP error status";
    case errc::bad_external_address: return "upnp: gateway gave no usable external IPv4 address";
    case errc::no_gateway: return "upnp: no Internet gateway device found";
    case errc::gateway_changed: return "upnp: gateway's external address or mapping changed";
  }
  return "upnp: unknown error";
}

namespace {

class GatewayCategory final : public std::error_category {
 public:
  [[nodiscard]] const char* name() const noexcept override { return "corrent.upnp_gateway"; }
  [[nodiscard]] std::string message(int code) const override {
    const std::string prefix = "upnp: gateway error " + std::to_string(code);
    switch (code) {
      case 401: return prefix + " (InvalidAction)";
      case 402: return prefix + " (InvalidArgs)";
      case 501: return prefix + " (ActionFailed)";
      case 606: return prefix + " (ActionNotAuthorized)";
      case 714: return prefix + " (NoSuchEntryInArray)";
      case 715: return prefix + " (WildCardNotPermittedInSrcIP)";
      case 716: return prefix + " (WildCardNotPermittedInExtPort)";
      case kConflictInMappingEntry: return prefix + " (ConflictInMappingEntry)";
      case 724: return prefix + " (SamePortValuesRequired)";
      case kOnlyPermanentLeasesSupported: return prefix + " (OnlyPermanentLeasesSupported)";
      case 726: return prefix + " (RemoteHostOnlySupportsWildcard)";
      case 727: return prefix + " (ExternalPortOnlySupportsWildcard)";
      case 728: return prefix + " (NoPortMapsAvailable)";
      case 729: return prefix + " (ConflictWithOtherMechanisms)";
      default: return prefix;
    }
  }
};

}  // namespace

const std::error_category& upnp_gateway_category() noexcept {
  static const GatewayCategory category;
  return category;
}

}  // namespace corrent::nat_upnp
