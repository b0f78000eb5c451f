#include "torrust_output.hpp"

#include <cstdint>
#include <optional>

#include "json_or_null.hpp"
#include "url_parts.hpp"

namespace corrent::tracker_cli {
namespace {

using Json = nlohmann::ordered_json;

// torrust declares these i32: a transaction id above 2^31 prints negative, as there.
std::int32_t as_i32(std::uint32_t value) { return static_cast<std::int32_t>(value); }

Json i32_or_null(const std::optional<std::uint32_t>& value) {
  return value ? Json(as_i32(*value)) : Json(nullptr);
}

// Rust's SocketAddr-free form torrust uses: the address's Display, a colon, the port
// ("::1:6881" for IPv6, no brackets).
std::string torrust_peer(const net::Endpoint& peer) {
  return peer.address_string() + ":" + std::to_string(peer.port());
}

Json byte_array(std::string_view bytes) {
  Json out = Json::array();
  for (const char c : bytes) out.push_back(static_cast<std::uint8_t>(c));
  return out;
}

// The compact "peers" string as the tracker sent it: 6 bytes per IPv4 peer (peers6 is a
// key of its own, which torrust does not show).
Json compact_peer_bytes(const tracker::AnnounceResponse& reply) {
  Json out = Json::array();
  for (const auto& peer : reply.peers) {
    if (!peer.is_v4()) continue;
    for (const auto byte : peer.address_bytes()) out.push_back(byte);
    out.push_back(peer.port() >> 8);
    out.push_back(peer.port() & 0xFF);
  }
  return out;
}

Json dictionary_peers(const tracker::AnnounceResponse& reply) {
  Json out = Json::array();
  for (std::size_t i = 0; i < reply.peer_ids.size() && i < reply.peers.size(); ++i) {
    out.push_back({{"ip", reply.peers[i].address_string()},
                   {"peer id", byte_array(reply.peer_ids[i])},
                   {"port", reply.peers[i].port()}});
  }
  return out;
}

const char* torrust_step_name(std::string_view step) {
  if (step == "setup") return "Setup";
  if (step == "connect") return "Connect";
  if (step == "announce") return "Announce";
  if (step == "scrape") return "Scrape";
  return nullptr;
}

Json result(bool ok, const Json& value) { return Json{{ok ? "Ok" : "Err", value}}; }

// The steps torrust's checker reports: ["Announce", {"Ok": null}] or {"Err": "why"}.
Json torrust_results(const nlohmann::json& check) {
  Json out = Json::array();
  for (const auto& step : check["steps"]) {
    if (step.value("skipped", false)) continue;
    const char* name = torrust_step_name(step["step"].get<std::string>());
    if (name == nullptr) continue;
    const bool ok = step["ok"].get<bool>();
    out.push_back(Json::array({name, result(ok, ok ? Json(nullptr) : Json(step["error"].get<std::string>()))}));
  }
  return out;
}

// The address the checker reached: what setup resolved, or the entry's HOST:PORT.
Json remote_addr(const nlohmann::json& check) {
  for (const auto& step : check["steps"]) {
    if (step["step"] == "setup" && step.contains("address")) return step["address"].get<std::string>();
  }
  const auto url = check["url"].get<std::string>();
  return url.substr(url.find("://") + 3);
}

Json health_entry(const nlohmann::json& check) {
  const auto& step = check["steps"].at(0);
  const bool ok = step["ok"].get<bool>();
  const Json value = ok ? status_line(step["status"].get<int>()) : step["error"].get<std::string>();
  return result(ok, {{"url", normalized_url(check["target"].get<std::string>())}, {"result", result(ok, value)}});
}

}  // namespace

Json torrust_udp_announce_json(const tracker::AnnounceResponse& reply, bool ipv6) {
  Json peers = Json::array();
  for (const auto& peer : reply.peers) peers.push_back(torrust_peer(peer));
  Json body = {{"transaction_id", i32_or_null(reply.transaction_id)},
               {"announce_interval", reply.interval.count()},
               {"leechers", i32_or_null(reply.incomplete)},
               {"seeders", i32_or_null(reply.complete)},
               {"peers", std::move(peers)}};
  return Json{{ipv6 ? "AnnounceIpv6" : "AnnounceIpv4", std::move(body)}};
}

Json torrust_udp_scrape_json(const tracker::ScrapeResponse& reply) {
  Json stats = Json::array();
  for (const auto& [hash, entry] : reply.files) {
    stats.push_back({{"seeders", as_i32(entry.complete)},
                     {"completed", as_i32(entry.downloaded)},
                     {"leechers", as_i32(entry.incomplete)}});
  }
  return Json{{"Scrape", {{"transaction_id", i32_or_null(reply.transaction_id)}, {"torrent_stats", std::move(stats)}}}};
}

Json torrust_http_announce_json(const tracker::AnnounceResponse& reply) {
  std::optional<std::int64_t> min_interval;
  if (reply.min_interval) min_interval = reply.min_interval->count();
  const bool dictionary = reply.peers_form == tracker::PeerListForm::dictionary;
  return {{"complete", or_null<Json>(reply.complete)},
          {"incomplete", or_null<Json>(reply.incomplete)},
          {"interval", reply.interval.count()},
          {"min interval", or_null<Json>(min_interval)},
          {"peers", dictionary ? dictionary_peers(reply) : compact_peer_bytes(reply)}};
}

Json torrust_http_scrape_json(const tracker::ScrapeResponse& reply) {
  Json out = Json::object();
  for (const auto& [hash, entry] : reply.files) {
    out[hash.hex()] = {{"complete", entry.complete}, {"downloaded", entry.downloaded}, {"incomplete", entry.incomplete}};
  }
  return out;
}

bool udp_reply_is_ipv6(std::string_view url, const tracker::AnnounceResponse& reply) {
  for (const auto& peer : reply.peers) {
    if (peer.is_v6()) return true;
  }
  const auto scheme_end = url.find("://");
  const auto host = scheme_end == std::string_view::npos ? url : url.substr(scheme_end + 3);
  return !host.empty() && host.front() == '[';
}

Json torrust_check_report(const nlohmann::json& report) {
  Json out = Json::array();
  for (const auto& check : report["udp_trackers"]) {
    out.push_back({{"Udp", result(check["ok"].get<bool>(),
                                  {{"remote_addr", remote_addr(check)}, {"results", torrust_results(check)}})}});
  }
  for (const auto& check : report["http_trackers"]) {
    out.push_back({{"Http", result(check["ok"].get<bool>(), {{"url", normalized_url(check["target"].get<std::string>())},
                                                             {"results", torrust_results(check)}})}});
  }
  for (const auto& check : report["health_checks"]) out.push_back({{"Health", health_entry(check)}});
  return out;
}

std::string status_line(int status) {
  const char* reason = nullptr;
  switch (status) {
    case 200: reason = "OK"; break;
    case 201: reason = "Created"; break;
    case 202: reason = "Accepted"; break;
    case 203: reason = "Non Authoritative Information"; break;
    case 204: reason = "No Content"; break;
    case 205: reason = "Reset Content"; break;
    case 206: reason = "Partial Content"; break;
    case 207: reason = "Multi-Status"; break;
    case 208: reason = "Already Reported"; break;
    case 226: reason = "IM Used"; break;
    default: break;
  }
  return reason ? std::to_string(status) + " " + reason : std::to_string(status);
}

std::string normalized_url(std::string_view url) {
  const auto parts = split_url(url);
  if (!parts || parts->rest.starts_with('/')) return std::string(url);
  // No path: the url crate writes "/" before any query or fragment.
  return std::string(parts->base) + "/" + std::string(parts->rest);
}

}  // namespace corrent::tracker_cli
