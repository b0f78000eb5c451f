#pragma once
// Device descriptions for the tests: an IGD v1 tree as miniupnpd serves it (trimmed), an
// IGD v2 tree, a PPP-only gateway, and builders for odd shapes.

#include <string>

namespace nat_upnp_test {

// A service element.
inline std::string service(const std::string& type, const std::string& control) {
  return "<service><serviceType>" + type + "</serviceType><serviceId>urn:upnp-org:serviceId:x</serviceId>"
         "<controlURL>" + control + "</controlURL><eventSubURL>/evt</eventSubURL><SCPDURL>/scpd.xml</SCPDURL></service>";
}

// root > device(IGD) > WANDevice > WANConnectionDevice with `services` in the last.
inline std::string igd(const std::string& version, const std::string& services, const std::string& url_base = "") {
  return "<?xml version=\"1.0\"?>\r\n<root xmlns=\"urn:schemas-upnp-org:device-1-0\">"
         "<specVersion><major>1</major><minor>0</minor></specVersion>" +
         (url_base.empty() ? std::string() : "<URLBase>" + url_base + "</URLBase>") +
         "<device><deviceType>urn:schemas-upnp-org:device:InternetGatewayDevice:" + version + "</deviceType>"
         "<friendlyName>fake router</friendlyName>"
         "<serviceList>" + service("urn:schemas-upnp-org:service:Layer3Forwarding:1", "/ctl/L3F") + "</serviceList>"
         "<deviceList><device><deviceType>urn:schemas-upnp-org:device:WANDevice:" + version + "</deviceType>"
         "<serviceList>" + service("urn:schemas-upnp-org:service:WANCommonInterfaceConfig:1", "/ctl/CmnIfCfg") +
         "</serviceList>"
         "<deviceList><device><deviceType>urn:schemas-upnp-org:device:WANConnectionDevice:" + version +
         "</deviceType><serviceList>" + services + "</serviceList></device></deviceList>"
         "</device></deviceList></device></root>\r\n";
}

inline std::string igd_v1(const std::string& control = "/ctl/IPConn") {
  return igd("1", service("urn:schemas-upnp-org:service:WANIPConnection:1", control));
}

}  // namespace nat_upnp_test
