// The SOAP codec: our envelope and SOAPAction, a response's arguments (any prefix), a fault's
// UPnP errorCode, and the bad responses: oversize, malformed, an HTTP error without a fault,
// a 200 without the action's response.
#include <boost/test/unit_test.hpp>

#include <string>

#include "nat_upnp_errc.hpp"
#include "nat_upnp_limits.hpp"
#include "soap_message.hpp"

namespace {

namespace upnp = corrent::nat_upnp;

const std::string kType = "urn:schemas-upnp-org:service:WANIPConnection:1";

std::string envelope(const std::string& body) {
  return "<?xml version=\"1.0\"?><s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" "
         "s:encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\"><s:Body>" + body + "</s:Body></s:Envelope>";
}

std::string fault(const std::string& code) {
  return envelope("<s:Fault><faultcode>s:Client</faultcode><faultstring>UPnPError</faultstring><detail>"
                  "<UPnPError xmlns=\"urn:schemas-upnp-org:control-1-0\"><errorCode>" + code +
                  "</errorCode><errorDescription>x</errorDescription></UPnPError></detail></s:Fault>");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(soap_message)

BOOST_AUTO_TEST_CASE(envelope_and_action_header) {
  const auto text = upnp::soap_envelope(kType, "AddPortMapping", {{"NewRemoteHost", ""}, {"NewPortMappingDescription", "a<b&"}});
  BOOST_TEST(text.find("<u:AddPortMapping xmlns:u=\"" + kType + "\">") != std::string::npos);
  BOOST_TEST(text.find("<NewRemoteHost></NewRemoteHost>") != std::string::npos);
  BOOST_TEST(text.find("<NewPortMappingDescription>a&lt;b&amp;</NewPortMappingDescription>") != std::string::npos);
  BOOST_TEST(text.find("</u:AddPortMapping></s:Body></s:Envelope>") != std::string::npos);
  BOOST_TEST(upnp::soap_action_header(kType, "AddPortMapping") == "\"" + kType + "#AddPortMapping\"");
}

BOOST_AUTO_TEST_CASE(response_arguments) {
  const auto r = upnp::parse_soap_response(
      200, envelope("<m:GetExternalIPAddressResponse xmlns:m=\"" + kType +
                    "\"><NewExternalIPAddress> 203.0.113.7 </NewExternalIPAddress></m:GetExternalIPAddressResponse>"),
      "GetExternalIPAddress");
  BOOST_REQUIRE_MESSAGE(r, (r ? "" : r.error().message()));
  const auto ip = upnp::find_argument(*r, "NewExternalIPAddress");
  BOOST_REQUIRE(ip.has_value());
  BOOST_TEST(*ip == "203.0.113.7");
  BOOST_TEST(!upnp::find_argument(*r, "Other").has_value());
  // An empty response (AddPortMapping has no out arguments).
  const auto empty = upnp::parse_soap_response(200, envelope("<u:AddPortMappingResponse xmlns:u=\"x\"/>"), "AddPortMapping");
  BOOST_REQUIRE(empty);
  BOOST_TEST(empty->empty());
}

BOOST_AUTO_TEST_CASE(fault_gives_the_upnp_error_code) {
  const auto r = upnp::parse_soap_response(500, fault("718"), "AddPortMapping");
  BOOST_REQUIRE(!r);
  BOOST_TEST((r.error().code == upnp::upnp_error(upnp::kConflictInMappingEntry)));
  BOOST_TEST(r.error().code.message().find("718 (ConflictInMappingEntry)") != std::string::npos);
  const auto permanent = upnp::parse_soap_response(500, fault(" 725 "), "AddPortMapping");
  BOOST_REQUIRE(!permanent);
  BOOST_TEST((permanent.error().code == upnp::upnp_error(upnp::kOnlyPermanentLeasesSupported)));
  // A fault without a usable code is an HTTP error.
  const auto bad_code = upnp::parse_soap_response(500, fault("x12"), "AddPortMapping");
  BOOST_REQUIRE(!bad_code);
  BOOST_TEST((bad_code.error().code == upnp::errc::http_error));
}

BOOST_AUTO_TEST_CASE(bad_responses) {
  const auto http = upnp::parse_soap_response(404, "<html/>", "AddPortMapping");
  BOOST_REQUIRE(!http);
  BOOST_TEST((http.error().code == upnp::errc::http_error));
  const auto malformed = upnp::parse_soap_response(200, "<s:Envelope><s:Body>", "AddPortMapping");
  BOOST_REQUIRE(!malformed);
  BOOST_TEST((malformed.error().code == upnp::errc::soap_malformed));
  const auto other = upnp::parse_soap_response(200, envelope("<u:DeletePortMappingResponse/>"), "AddPortMapping");
  BOOST_REQUIRE(!other);
  BOOST_TEST((other.error().code == upnp::errc::soap_malformed));
  const auto not_soap = upnp::parse_soap_response(200, "<AddPortMappingResponse/>", "AddPortMapping");
  BOOST_REQUIRE(!not_soap);
  BOOST_TEST((not_soap.error().code == upnp::errc::soap_malformed));
}

BOOST_AUTO_TEST_CASE(size_is_bounded) {
  const std::string base = envelope("<u:AddPortMappingResponse/>");
  const auto padded = [&](std::size_t size) { return base + std::string(size - base.size(), ' '); };
  BOOST_TEST(upnp::parse_soap_response(200, padded(upnp::kMaxSoapResponseSize), "AddPortMapping").has_value());
  const auto past = upnp::parse_soap_response(200, padded(upnp::kMaxSoapResponseSize + 1), "AddPortMapping");
  BOOST_REQUIRE(!past);
  BOOST_TEST((past.error().code == upnp::errc::soap_too_large));
}

BOOST_AUTO_TEST_SUITE_END()
