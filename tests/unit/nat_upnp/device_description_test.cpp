// The description parser: IGD v1 and v2 trees, a PPP-only gateway, the best service when
// several are offered, relative and absolute control URLs, URLBase, and one test per class
// of bad input: no WAN service, devices nested too deep (at the limit and past it), too many
// devices or services, oversize (likewise), malformed XML, a control URL on another host.
#include <boost/test/unit_test.hpp>

#include <string>

#include "device_description.hpp"
#include "igd_samples.hpp"
#include "nat_upnp_errc.hpp"
#include "nat_upnp_limits.hpp"

namespace {

namespace upnp = corrent::nat_upnp;
using nat_upnp_test::igd;
using nat_upnp_test::service;

const corrent::net::Url kLocation = *corrent::net::parse_url("http://192.168.1.1:5000/desc/rootDesc.xml");

upnp::errc error_of(const std::string& xml) {
  const auto r = upnp::parse_description(xml, kLocation);
  BOOST_REQUIRE(!r);
  return static_cast<upnp::errc>(r.error().code.value());
}

// A device nested `depth` deep (root device = 1) holding a WANIPConnection:1.
std::string nested(std::size_t depth) {
  std::string inner = "<device><serviceList>" + service(std::string(upnp::kWanIpConnection1), "/ctl") +
                      "</serviceList></device>";
  for (std::size_t i = 1; i < depth; ++i) inner = "<device><deviceList>" + inner + "</deviceList></device>";
  return "<root>" + inner + "</root>";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(device_description)

BOOST_AUTO_TEST_CASE(igd_v1_with_a_relative_control_url) {
  const auto r = upnp::parse_description(nat_upnp_test::igd_v1(), kLocation);
  BOOST_REQUIRE_MESSAGE(r, (r ? "" : r.error().message()));
  BOOST_TEST(r->service_type == upnp::kWanIpConnection1);
  BOOST_TEST(r->control_url.to_string() == "http://192.168.1.1:5000/ctl/IPConn");
  // A path without '/' resolves against the description's directory.
  const auto relative = upnp::parse_description(nat_upnp_test::igd_v1("ctl/IPConn"), kLocation);
  BOOST_REQUIRE(relative);
  BOOST_TEST(relative->control_url.to_string() == "http://192.168.1.1:5000/desc/ctl/IPConn");
}

BOOST_AUTO_TEST_CASE(igd_v2_prefers_wanipconnection_2) {
  const std::string services = service(std::string(upnp::kWanPppConnection1), "/ppp") +
                               service(std::string(upnp::kWanIpConnection1), "/ip1") +
                               service(std::string(upnp::kWanIpConnection2), "/ip2");
  const auto r = upnp::parse_description(igd("2", services), kLocation);
  BOOST_REQUIRE(r);
  BOOST_TEST(r->service_type == upnp::kWanIpConnection2);
  BOOST_TEST(r->control_url.path() == "/ip2");
}

BOOST_AUTO_TEST_CASE(ppp_only_gateway) {
  const auto r = upnp::parse_description(igd("1", service(std::string(upnp::kWanPppConnection1), "/ppp")), kLocation);
  BOOST_REQUIRE(r);
  BOOST_TEST(r->service_type == upnp::kWanPppConnection1);
  BOOST_TEST(r->control_url.path() == "/ppp");
}

BOOST_AUTO_TEST_CASE(absolute_control_url_and_url_base) {
  const auto absolute = upnp::parse_description(nat_upnp_test::igd_v1("http://192.168.1.1:6000/ctl"), kLocation);
  BOOST_REQUIRE(absolute);
  BOOST_TEST(absolute->control_url.to_string() == "http://192.168.1.1:6000/ctl");
  const auto based = upnp::parse_description(
      igd("1", service(std::string(upnp::kWanIpConnection1), "ctl/IPConn"), "http://192.168.1.1:7000/base/"),
      kLocation);
  BOOST_REQUIRE(based);
  BOOST_TEST(based->control_url.to_string() == "http://192.168.1.1:7000/base/ctl/IPConn");
}

BOOST_AUTO_TEST_CASE(a_control_url_on_another_host_is_refused) {
  BOOST_TEST((error_of(nat_upnp_test::igd_v1("http://10.9.9.9/ctl")) == upnp::errc::bad_control_url));
  BOOST_TEST((error_of(igd("1", service(std::string(upnp::kWanIpConnection1), "/ctl"), "http://10.9.9.9/")) ==
              upnp::errc::bad_control_url));
  BOOST_TEST((error_of(nat_upnp_test::igd_v1("https://192.168.1.1/ctl")) == upnp::errc::bad_control_url));
  BOOST_TEST((error_of(nat_upnp_test::igd_v1("")) == upnp::errc::bad_control_url));
}

BOOST_AUTO_TEST_CASE(no_wan_service) {
  BOOST_TEST((error_of(igd("1", service("urn:schemas-upnp-org:service:WANEthernetLinkConfig:1", "/x"))) ==
              upnp::errc::no_wan_service));
  BOOST_TEST((error_of("<root><device><deviceType>x</deviceType></device></root>") == upnp::errc::no_wan_service));
}

BOOST_AUTO_TEST_CASE(nesting_is_bounded) {
  BOOST_TEST(upnp::parse_description(nested(upnp::kMaxDeviceDepth), kLocation).has_value());
  BOOST_TEST((error_of(nested(upnp::kMaxDeviceDepth + 1)) == upnp::errc::description_too_deep));
}

BOOST_AUTO_TEST_CASE(device_and_service_counts_are_bounded) {
  const auto devices = [](std::size_t count) {
    std::string list;
    for (std::size_t i = 1; i < count; ++i) list += "<device><deviceType>d</deviceType></device>";
    return "<root><device><serviceList>" + service(std::string(upnp::kWanIpConnection1), "/ctl") +
           "</serviceList><deviceList>" + list + "</deviceList></device></root>";
  };
  BOOST_TEST(upnp::parse_description(devices(upnp::kMaxDevices), kLocation).has_value());
  BOOST_TEST((error_of(devices(upnp::kMaxDevices + 1)) == upnp::errc::description_too_many));
  const auto services = [](std::size_t count) {
    std::string list;
    for (std::size_t i = 1; i < count; ++i) list += service("urn:x:other", "/o");
    return "<root><device><serviceList>" + service(std::string(upnp::kWanIpConnection1), "/ctl") + list +
           "</serviceList></device></root>";
  };
  BOOST_TEST(upnp::parse_description(services(upnp::kMaxServices), kLocation).has_value());
  BOOST_TEST((error_of(services(upnp::kMaxServices + 1)) == upnp::errc::description_too_many));
}

BOOST_AUTO_TEST_CASE(size_is_bounded) {
  const std::string base = nat_upnp_test::igd_v1();
  const auto padded = [&](std::size_t size) { return base + std::string(size - base.size(), ' '); };
  BOOST_TEST(upnp::parse_description(padded(upnp::kMaxDescriptionSize), kLocation).has_value());
  BOOST_TEST((error_of(padded(upnp::kMaxDescriptionSize + 1)) == upnp::errc::description_too_large));
}

BOOST_AUTO_TEST_CASE(malformed_xml) {
  const auto r = upnp::parse_description("<root><device><serviceList></device></root>", kLocation);
  BOOST_REQUIRE(!r);
  BOOST_TEST((r.error().code == upnp::errc::description_malformed));
  BOOST_TEST(r.error().offset > 0u);
  BOOST_TEST((error_of("") == upnp::errc::description_malformed));
  BOOST_TEST((error_of("<html><body>hi</body></html>") == upnp::errc::description_malformed));
  BOOST_TEST((error_of("<root><URLBase>x</URLBase></root>") == upnp::errc::description_malformed));
  // An entity bomb is not expanded (pugixml knows no DTD entities): plain text, no service.
  BOOST_TEST((error_of("<!DOCTYPE r [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;\">]><root><device>&b;</device></root>") ==
              upnp::errc::no_wan_service));
}

BOOST_AUTO_TEST_SUITE_END()
