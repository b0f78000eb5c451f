#pragma once
// The JSON shapes of the torrust tracker client tools (torrust-tracker's
// console/tracker-client: udp_tracker_client, http_tracker_client, tracker_checker), field
// for field, so that jq filters written against torrust's README work on corrent-tracker's
// output (`--format torrust`, and the default under those programs' names).
//
//   UDP announce  {"AnnounceIpv4"|"AnnounceIpv6": {"transaction_id", "announce_interval",
//                  "leechers", "seeders", "peers": ["ip:port", ...]}}
//   UDP scrape    {"Scrape": {"transaction_id", "torrent_stats": [{"seeders", "completed",
//                  "leechers"}, ...]}}            (in the order asked)
//   HTTP announce {"complete", "incomplete", "interval", "min interval", "peers"}: compact
//                 peers as the array of their bytes, dictionary peers as
//                 [{"ip", "peer id": [bytes], "port"}]
//   HTTP scrape   {"<hex info-hash>": {"complete", "downloaded", "incomplete"}, ...}
//   check         [{"Udp": {"Ok"|"Err": {"remote_addr", "results": [["Setup", {"Ok": null}],
//                 ...]}}}, {"Http": {... "url", "results"}}, {"Health": {... "url",
//                 "result": {"Ok": "200 OK"}}}]
//
// Keys come in torrust's order (its structs' field order), so the output is the same text
// as torrust's, not only the same JSON. Numbers torrust declares as signed 32-bit (the UDP transaction id and counts) are printed
// as such. Where corrent's reply lacks a value torrust would print (a count an HTTP
// tracker did not send), the value is null.

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "corrent/tracker/announce.hpp"

namespace corrent::tracker_cli {

/// `ipv6`: the reply came over IPv6 (torrust's variant name says which).
nlohmann::ordered_json torrust_udp_announce_json(const tracker::AnnounceResponse& reply, bool ipv6);
nlohmann::ordered_json torrust_udp_scrape_json(const tracker::ScrapeResponse& reply);
nlohmann::ordered_json torrust_http_announce_json(const tracker::AnnounceResponse& reply);
nlohmann::ordered_json torrust_http_scrape_json(const tracker::ScrapeResponse& reply);

/// Whether a UDP announce to `url` is torrust's AnnounceIpv6: a peer in the reply is IPv6,
/// or the URL's host is an IPv6 literal.
bool udp_reply_is_ipv6(std::string_view url, const tracker::AnnounceResponse& reply);

/// torrust's checker report made from corrent's (run_checks' JSON): the same checks and
/// steps, torrust's names and nesting. Skipped steps are left out, as torrust's checker
/// does not run them either.
nlohmann::ordered_json torrust_check_report(const nlohmann::json& report);

/// "200 OK": a 2xx status with its standard reason phrase, as torrust prints a passed
/// health check; just the number for a code without one.
std::string status_line(int status);

/// An http(s) URL as torrust prints a configured URL (the `url` crate's form): "/" added
/// when it has no path.
std::string normalized_url(std::string_view url);

}  // namespace corrent::tracker_cli
