// The SSDP codec: our M-SEARCH, a good reply (any header case, LF-only lines), and one test
// per class of bad reply: not 200, no LOCATION, a LOCATION on another host, https or a
// host name, oversize (at the limit and past it), too many headers (likewise), a header
// without ':'.
#include <boost/test/unit_test.hpp>

#include <string>

#include "nat_upnp_errc.hpp"
#include "nat_upnp_limits.hpp"
#include "ssdp_message.hpp"

namespace {

namespace upnp = corrent::nat_upnp;
using corrent::net::Endpoint;

const Endpoint kSender = Endpoint::v4({192, 168, 1, 1}, 1900);

std::string reply_with(const std::string& headers, const std::string& status = "HTTP/1.1 200 OK") {
  return status + "\r\n" + headers + "\r\n";
}

const std::string kGoodHeaders =
    "CACHE-CONTROL: max-age=120\r\n"
    "ST: urn:schemas-upnp-org:device:InternetGatewayDevice:1\r\n"
    "USN: uuid:abc::urn:schemas-upnp-org:device:InternetGatewayDevice:1\r\n"
    "EXT:\r\n"
    "SERVER: Linux UPnP/1.0 miniupnpd/2.2\r\n"
    "LOCATION: http://192.168.1.1:5000/rootDesc.xml\r\n";

upnp::errc error_of(const std::string& datagram, const Endpoint& sender = kSender) {
  const auto r = upnp::parse_ssdp_reply(datagram, sender);
  BOOST_REQUIRE(!r);
  return static_cast<upnp::errc>(r.error().code.value());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(ssdp_message)

BOOST_AUTO_TEST_CASE(search_has_the_uda_headers) {
  const auto text = upnp::make_search(upnp::kSearchTargets[0], "239.255.255.250:1900");
  BOOST_TEST(text ==
             "M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: \"ssdp:discover\"\r\nMX: 2\r\n"
             "ST: urn:schemas-upnp-org:device:InternetGatewayDevice:1\r\n\r\n");
}

BOOST_AUTO_TEST_CASE(good_reply) {
  const auto r = upnp::parse_ssdp_reply(reply_with(kGoodHeaders), kSender);
  BOOST_REQUIRE_MESSAGE(r, (r ? "" : r.error().message()));
  BOOST_TEST(r->location.to_string() == "http://192.168.1.1:5000/rootDesc.xml");
  BOOST_TEST(r->st == "urn:schemas-upnp-org:device:InternetGatewayDevice:1");
  BOOST_TEST(r->usn == "uuid:abc::urn:schemas-upnp-org:device:InternetGatewayDevice:1");
}

BOOST_AUTO_TEST_CASE(names_are_case_insensitive_and_lf_alone_ends_a_line) {
  const auto r = upnp::parse_ssdp_reply("HTTP/1.0 200 OK\nlocation:   http://192.168.1.1/d.xml  \nSt: x\n\n", kSender);
  BOOST_REQUIRE(r);
  BOOST_TEST(r->location.to_string() == "http://192.168.1.1/d.xml");
  BOOST_TEST(r->st == "x");
}

BOOST_AUTO_TEST_CASE(not_200_is_refused) {
  BOOST_TEST((error_of(reply_with(kGoodHeaders, "HTTP/1.1 404 Not Found")) == upnp::errc::ssdp_bad_status));
  BOOST_TEST((error_of(reply_with(kGoodHeaders, "NOTIFY * HTTP/1.1")) == upnp::errc::ssdp_bad_status));
  BOOST_TEST((error_of(reply_with(kGoodHeaders, "HTTP/1.1 2000 OK")) == upnp::errc::ssdp_bad_status));
  BOOST_TEST((error_of("") == upnp::errc::ssdp_bad_status));
}

BOOST_AUTO_TEST_CASE(no_location_is_refused) {
  BOOST_TEST((error_of(reply_with("ST: x\r\nUSN: y\r\n")) == upnp::errc::ssdp_no_location));
}

BOOST_AUTO_TEST_CASE(location_on_another_host_is_refused) {
  BOOST_TEST((error_of(reply_with("LOCATION: http://10.0.0.5:5000/rootDesc.xml\r\n")) ==
              upnp::errc::ssdp_foreign_location));
  // The sender is IPv6: nothing to compare an IPv4 host with.
  BOOST_TEST((error_of(reply_with("LOCATION: http://192.168.1.1/d.xml\r\n"), Endpoint::v6({}, 1900)) ==
              upnp::errc::ssdp_foreign_location));
}

BOOST_AUTO_TEST_CASE(https_names_and_ipv6_locations_are_refused) {
  BOOST_TEST((error_of(reply_with("LOCATION: https://192.168.1.1/d.xml\r\n")) == upnp::errc::ssdp_bad_location));
  BOOST_TEST((error_of(reply_with("LOCATION: http://router.lan/d.xml\r\n")) == upnp::errc::ssdp_bad_location));
  BOOST_TEST((error_of(reply_with("LOCATION: http://[fe80::1]/d.xml\r\n")) == upnp::errc::ssdp_bad_location));
  BOOST_TEST((error_of(reply_with("LOCATION: not a url\r\n")) == upnp::errc::ssdp_bad_location));
}

BOOST_AUTO_TEST_CASE(oversize_is_refused_at_the_limit_plus_one) {
  // Pad inside a header so that the datagram stays a valid reply.
  const auto padded = [&](std::size_t size) {
    const std::string head = "HTTP/1.1 200 OK\r\n" + kGoodHeaders + "X-PAD: ";
    return head + std::string(size - head.size() - 4, 'p') + "\r\n\r\n";
  };
  BOOST_TEST(upnp::parse_ssdp_reply(padded(upnp::kMaxSsdpReplySize), kSender).has_value());
  BOOST_TEST((error_of(padded(upnp::kMaxSsdpReplySize + 1)) == upnp::errc::ssdp_too_large));
}

BOOST_AUTO_TEST_CASE(too_many_headers_are_refused_at_the_limit_plus_one) {
  const auto with_headers = [](std::size_t count) {
    std::string headers = "LOCATION: http://192.168.1.1/d.xml\r\n";
    for (std::size_t i = 1; i < count; ++i) headers += "X" + std::to_string(i) + ": v\r\n";
    return reply_with(headers);
  };
  BOOST_TEST(upnp::parse_ssdp_reply(with_headers(upnp::kMaxSsdpHeaders), kSender).has_value());
  BOOST_TEST((error_of(with_headers(upnp::kMaxSsdpHeaders + 1)) == upnp::errc::ssdp_too_many_headers));
}

BOOST_AUTO_TEST_CASE(a_header_without_colon_or_name_is_refused) {
  BOOST_TEST((error_of(reply_with("LOCATION http://192.168.1.1/d.xml\r\n")) == upnp::errc::ssdp_bad_header));
  BOOST_TEST((error_of(reply_with(": value\r\n")) == upnp::errc::ssdp_bad_header));
}

BOOST_AUTO_TEST_SUITE_END()
