#pragma once
// How corrent-tracker shows announce and scrape replies: JSON objects whose keys
// docs/cli.md lists (UDP replies in BEP 15's terms, HTTP replies in BEP 3/48's), or text
// for people.

#include <nlohmann/json.hpp>

#include <ostream>
#include <string_view>

#include "corrent/tracker/announce.hpp"

namespace corrent::tracker_cli {

/// The protocol family of a URL, which decides the names of the fields.
enum class Flavor { udp, http };

/// udp for "udp://...", http for anything else.
Flavor flavor_of(std::string_view url);

/// UDP: transaction_id, interval, leechers, seeders, peers. HTTP: complete, incomplete,
/// interval, min_interval, peers. Peers are "ip:port" strings; absent numbers are null.
nlohmann::json announce_json(Flavor flavor, const tracker::AnnounceResponse& reply);
/// {"files": {"<hex info-hash>": {...}}}: UDP seeders, completed, leechers; HTTP complete,
/// downloaded, incomplete.
nlohmann::json scrape_json(Flavor flavor, const tracker::ScrapeResponse& reply);
/// The counts of one scrape entry, named as scrape_json names them.
nlohmann::json scrape_entry_json(Flavor flavor, const tracker::ScrapeEntry& entry);

void print_announce_text(std::ostream& out, Flavor flavor, const tracker::AnnounceResponse& reply);
void print_scrape_text(std::ostream& out, Flavor flavor, const tracker::ScrapeResponse& reply);

}  // namespace corrent::tracker_cli
