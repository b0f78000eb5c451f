#include "check_config.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "corrent/net/url.hpp"
#include "corrent/plugins/tracker_http/announce_url.hpp"
#include "url_parts.hpp"

namespace corrent::tracker_cli {
namespace {

using Json = nlohmann::json;

tl::expected<std::vector<std::string>, std::string> string_list(const Json& root, const char* key) {
  std::vector<std::string> out;
  const auto it = root.find(key);
  if (it == root.end() || it->is_null()) return out;
  if (!it->is_array()) return tl::make_unexpected(std::string(key) + ": must be a list of strings, not " +
                                                  it->type_name());
  for (std::size_t i = 0; i < it->size(); ++i) {
    const auto& item = (*it)[i];
    if (!item.is_string() || item.get_ref<const std::string&>().empty()) {
      return tl::make_unexpected(std::string(key) + "[" + std::to_string(i) +
                                 "]: must be a non-empty string, not " + item.dump());
    }
    out.push_back(item.get<std::string>());
  }
  return out;
}

}  // namespace

std::string HostPort::to_string() const {
  const bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

tl::expected<HostPort, std::string> parse_host_port(std::string_view text) {
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos) return tl::make_unexpected("no port (expected HOST:PORT)");
  std::string_view host = text.substr(0, colon);
  const std::string_view port_text = text.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  } else if (host.find(':') != std::string_view::npos) {
    return tl::make_unexpected("an IPv6 address must be in brackets ([::1]:6969)");
  }
  if (host.empty()) return tl::make_unexpected("no host (expected HOST:PORT)");
  unsigned port = 0;
  const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port == 0 || port > 65535) {
    return tl::make_unexpected("bad port \"" + std::string(port_text) + "\" (expected 1 to 65535)");
  }
  return HostPort{std::string(host), static_cast<std::uint16_t>(port)};
}

tl::expected<HostPort, std::string> parse_udp_tracker(std::string_view text) {
  constexpr std::string_view kScheme = "udp://";
  if (text.size() >= kScheme.size() && std::equal(kScheme.begin(), kScheme.end(), text.begin(), [](char a, char b) {
        return a == std::tolower(static_cast<unsigned char>(b));
      })) {
    text.remove_prefix(kScheme.size());
  } else if (text.find("://") != std::string_view::npos) {
    return tl::make_unexpected("not a udp:// URL nor HOST:PORT");
  }
  text = text.substr(0, text.find('/'));  // the path ("/announce") names no other tracker
  return parse_host_port(text);
}

tl::expected<CheckConfig, std::string> parse_check_config(std::string_view json) {
  Json root;
  try {
    root = Json::parse(json);
  } catch (const Json::parse_error& e) {
    return tl::make_unexpected("not JSON: byte " + std::to_string(e.byte) + ": " + e.what());
  }
  if (!root.is_object()) return tl::make_unexpected(std::string("must be a JSON object, not ") + root.type_name());
  for (const auto& item : root.items()) {
    if (item.key() != "udp_trackers" && item.key() != "http_trackers" && item.key() != "health_checks") {
      return tl::make_unexpected(item.key() + ": unknown key (known: udp_trackers, http_trackers, health_checks)");
    }
  }
  CheckConfig config;
  auto udp = string_list(root, "udp_trackers");
  if (!udp) return tl::make_unexpected(udp.error());
  for (std::size_t i = 0; i < udp->size(); ++i) {
    auto parsed = parse_udp_tracker((*udp)[i]);
    if (!parsed) {
      return tl::make_unexpected("udp_trackers[" + std::to_string(i) + "]: \"" + (*udp)[i] + "\": " + parsed.error());
    }
    config.udp_trackers.push_back({(*udp)[i], std::move(*parsed)});
  }
  auto http = string_list(root, "http_trackers");
  if (!http) return tl::make_unexpected(http.error());
  for (std::size_t i = 0; i < http->size(); ++i) {
    const auto parsed = net::parse_url((*http)[i]);
    if (!parsed || (parsed->scheme != "http" && parsed->scheme != "https")) {
      return tl::make_unexpected("http_trackers[" + std::to_string(i) + "]: \"" + (*http)[i] +
                                 "\": not an http:// or https:// URL");
    }
  }
  config.http_trackers = std::move(*http);
  auto health = string_list(root, "health_checks");
  if (!health) return tl::make_unexpected(health.error());
  config.health_checks = std::move(*health);
  return config;
}

tl::expected<CheckConfig, std::string> load_check_config(const std::filesystem::path& path) {
  if (path.empty()) {
    for (const char* variable : {kCheckConfigEnv, kTorrustConfigPathEnv, kTorrustConfigEnv}) {
      const char* value = std::getenv(variable);
      if (value == nullptr) continue;
      if (variable == kTorrustConfigPathEnv) {
        if (*value == '\0') return tl::make_unexpected(std::string(variable) + ": an empty file name");
        auto config = load_check_config(std::filesystem::path(value));
        if (!config) return tl::make_unexpected(std::string(variable) + ": " + config.error());
        return config;
      }
      auto config = parse_check_config(value);
      if (!config) return tl::make_unexpected(std::string(variable) + ": " + config.error());
      return config;
    }
    return tl::make_unexpected(std::string("no configuration: give a file or set ") + kCheckConfigEnv + ", " +
                               kTorrustConfigEnv + " (the JSON) or " + kTorrustConfigPathEnv + " (a file)");
  }
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return tl::make_unexpected(path.string() + ": is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) return tl::make_unexpected(path.string() + ": " + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  auto config = parse_check_config(text.str());
  if (!config) return tl::make_unexpected(path.string() + ": " + config.error());
  return config;
}

HttpTrackerUrls http_tracker_urls(std::string_view url) {
  const auto parts = split_url(url);
  if (parts && (parts->rest.empty() || parts->rest == "/")) {  // no path, no query, no fragment
    const std::string base(parts->base);
    return {base + "/announce", base + "/scrape"};
  }
  return {std::string(url), tracker_http::scrape_url(url).value_or(std::string())};
}

}  // namespace corrent::tracker_cli
