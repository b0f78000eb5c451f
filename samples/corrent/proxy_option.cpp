#include "proxy_option.hpp"

namespace corrent::cli {

ArgResult<net::ProxySettings> parse_proxy_option(const std::string& text) {
  auto proxy = net::parse_proxy_url(text);
  if (!proxy) {
    return tl::make_unexpected("--proxy " + text + ": " + proxy.error().message());
  }
  return *proxy;
}

std::vector<std::string> proxy_plugin_settings(const std::string& url) {
  return {"tracker_http.proxy=" + url, "webseed.proxy=" + url, "tracker_udp.proxy=" + url, "dht.enabled=false",
          "lsd.enabled=false"};
}

}  // namespace corrent::cli
