#include "tracker_output.hpp"

#include <optional>

#include "json_or_null.hpp"

namespace corrent::tracker_cli {
namespace {

using Json = nlohmann::json;

Json peer_list(const tracker::AnnounceResponse& reply) {
  Json peers = Json::array();
  for (const auto& peer : reply.peers) peers.push_back(peer.to_string());
  return peers;
}

std::string count_text(const std::optional<std::uint32_t>& value) {
  return value ? std::to_string(*value) : std::string("-");
}

}  // namespace

Flavor flavor_of(std::string_view url) {
  return url.size() >= 6 && (url.substr(0, 6) == "udp://" || url.substr(0, 6) == "UDP://") ? Flavor::udp
                                                                                         : Flavor::http;
}

Json announce_json(Flavor flavor, const tracker::AnnounceResponse& reply) {
  if (flavor == Flavor::udp) {
    return {{"transaction_id", or_null<Json>(reply.transaction_id)},
            {"interval", reply.interval.count()},
            {"leechers", or_null<Json>(reply.incomplete)},
            {"seeders", or_null<Json>(reply.complete)},
            {"peers", peer_list(reply)}};
  }
  std::optional<std::int64_t> min_interval;
  if (reply.min_interval) min_interval = reply.min_interval->count();
  return {{"complete", or_null<Json>(reply.complete)},
          {"incomplete", or_null<Json>(reply.incomplete)},
          {"interval", reply.interval.count()},
          {"min_interval", or_null<Json>(min_interval)},
          {"peers", peer_list(reply)}};
}

Json scrape_entry_json(Flavor flavor, const tracker::ScrapeEntry& entry) {
  if (flavor == Flavor::udp) {
    return {{"seeders", entry.complete}, {"completed", entry.downloaded}, {"leechers", entry.incomplete}};
  }
  return {{"complete", entry.complete}, {"downloaded", entry.downloaded}, {"incomplete", entry.incomplete}};
}

Json scrape_json(Flavor flavor, const tracker::ScrapeResponse& reply) {
  Json files = Json::object();
  for (const auto& [hash, entry] : reply.files) files[hash.hex()] = scrape_entry_json(flavor, entry);
  return {{"files", std::move(files)}};
}

void print_announce_text(std::ostream& out, Flavor flavor, const tracker::AnnounceResponse& reply) {
  if (flavor == Flavor::udp) {
    out << "transaction id: " << (reply.transaction_id ? std::to_string(*reply.transaction_id) : "-") << '\n';
  }
  out << "interval:       " << reply.interval.count() << " s\n";
  if (flavor == Flavor::http) {
    out << "min interval:   " << (reply.min_interval ? std::to_string(reply.min_interval->count()) + " s" : "-")
        << '\n';
  }
  out << "seeders:        " << count_text(reply.complete) << '\n'
      << "leechers:       " << count_text(reply.incomplete) << '\n'
      << "peers:          " << reply.peers.size() << '\n';
  for (const auto& peer : reply.peers) out << "  " << peer.to_string() << '\n';
}

void print_scrape_text(std::ostream& out, Flavor, const tracker::ScrapeResponse& reply) {
  if (reply.files.empty()) out << "the tracker knows none of these torrents\n";
  for (const auto& [hash, entry] : reply.files) {
    out << hash.hex() << ": " << entry.complete << " seeders, " << entry.incomplete << " leechers, "
        << entry.downloaded << " completed\n";
  }
}

}  // namespace corrent::tracker_cli
