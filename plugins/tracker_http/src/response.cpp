#include "corrent/plugins/tracker_http/response.hpp"

#include <limits>
#include <optional>
#include <span>
#include <string>

#include "corrent/bencode/decode.hpp"
#include "corrent/plugins/tracker_http/limits.hpp"
#include "corrent/tracker/errc.hpp"
#include "corrent/tracker/limits.hpp"
#include "corrent/tracker/response_fields.hpp"

namespace corrent::tracker_http {

using tracker::AnnounceResponse;
using tracker::errc;
using tracker::kMaxPeersPerResponse;
using tracker::kMinInterval;
using tracker::ScrapeEntry;
using tracker::ScrapeResponse;
using tracker::tracker_fail;
using tracker::TrackerError;
using tracker::TrackerResult;

namespace {

std::span<const std::uint8_t> bytes_of(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

// Decodes a reply body under the tracker limits, into a dict (or a TrackerError).
TrackerResult<bencode::Document> decode_reply(std::string_view body) {
  if (body.size() > kMaxResponseSize) {
    return tracker_fail(errc::response_too_large, std::to_string(body.size()) + " bytes");
  }
  bencode::DecodeOptions options;
  options.limits.max_depth = kMaxDecodeDepth;
  options.limits.max_tokens = kMaxDecodeTokens;
  auto doc = bencode::decode(body, options);
  if (!doc) return tracker_fail(errc::bad_response, doc.error().message());
  if (!doc->root().is_dict()) return tracker_fail(errc::bad_response, "not a dictionary");
  return std::move(*doc);
}

// The "failure reason", when there is one, as the error to return.
std::optional<TrackerError> failure_of(const bencode::Node& root) {
  const auto reason = root.find("failure reason");
  if (!reason) return std::nullopt;
  const auto text = reason->as_string();
  if (!text) return TrackerError{errc::bad_response, "failure reason is not a string"};
  return TrackerError{errc::tracker_failure, std::string(*text)};
}

std::optional<std::uint32_t> find_count(const bencode::Node& dict, std::string_view key) {
  const auto value = dict.find_int(key);
  if (!value || *value < 0 || *value > std::numeric_limits<std::uint32_t>::max()) {
    return std::nullopt;
  }
  return static_cast<std::uint32_t>(*value);
}

// One dictionary peer ("ip", "port"), if it is usable.
std::optional<net::Endpoint> dict_peer(const bencode::Node& peer) {
  const auto ip = peer.find_string("ip");
  const auto port = peer.find_int("port");
  if (!ip || !port || *port <= 0 || *port > 65535) return std::nullopt;
  const std::string address(*ip);
  const bool v6 = address.find(':') != std::string::npos;
  auto endpoint = net::Endpoint::parse((v6 ? "[" + address + "]" : address) + ":" +
                                       std::to_string(*port));
  if (!endpoint) return std::nullopt;
  return *endpoint;
}

TrackerResult<void> parse_peers(const bencode::Node& root, AnnounceResponse& out) {
  if (const auto peers = root.find("peers")) {
    if (const auto compact = peers->as_string()) {
      out.peers_form = tracker::PeerListForm::compact;
      if (!tracker::append_compact_peers(bytes_of(*compact), tracker::kCompactV4, out.peers)) {
        return tracker_fail(errc::truncated_peers, "peers: " + std::to_string(compact->size()) + " bytes");
      }
    } else if (peers->is_list()) {
      out.peers_form = tracker::PeerListForm::dictionary;
      for (const auto peer : peers->items()) {
        if (out.peers.size() >= kMaxPeersPerResponse) break;
        if (auto endpoint = dict_peer(peer)) {
          out.peers.push_back(*endpoint);
          out.peer_ids.emplace_back(peer.find_string("peer id").value_or(std::string_view{}));
        }
      }
    } else {
      return tracker_fail(errc::bad_response, "peers is neither a string nor a list");
    }
  }
  if (const auto peers6 = root.find("peers6")) {
    const auto compact = peers6->as_string();
    if (!compact) return tracker_fail(errc::bad_response, "peers6 is not a string");
    if (!tracker::append_compact_peers(bytes_of(*compact), tracker::kCompactV6, out.peers)) {
      return tracker_fail(errc::truncated_peers, "peers6: " + std::to_string(compact->size()) + " bytes");
    }
  }
  return {};
}

std::optional<net::Endpoint> external_ip(const bencode::Node& root) {
  const auto ip = root.find_string("external ip");
  if (!ip) return std::nullopt;
  return net::Endpoint::from_address_bytes(bytes_of(*ip));
}

std::optional<std::string> find_text(const bencode::Node& dict, std::string_view key) {
  const auto text = dict.find_string(key);
  if (!text) return std::nullopt;
  return std::string(*text);
}

}  // namespace

TrackerResult<AnnounceResponse> parse_announce_response(std::string_view body) {
  CORRENT_TRY(const bencode::Document doc, decode_reply(body));
  const bencode::Node root = doc.root();
  if (auto failure = failure_of(root)) return tl::make_unexpected(std::move(*failure));
  AnnounceResponse out;
  out.interval = tracker::clamp_interval(root.find_int("interval").value_or(0));
  if (const auto min = root.find_int("min interval")) {
    out.min_interval = *min <= 0 ? kMinInterval : tracker::clamp_interval(*min);
  }
  out.complete = find_count(root, "complete");
  out.incomplete = find_count(root, "incomplete");
  out.tracker_id = find_text(root, "tracker id");
  out.warning = find_text(root, "warning message");
  out.external_ip = external_ip(root);
  CORRENT_TRY_VOID(parse_peers(root, out));
  return out;
}

TrackerResult<ScrapeResponse> parse_scrape_response(std::string_view body) {
  CORRENT_TRY(const bencode::Document doc, decode_reply(body));
  const bencode::Node root = doc.root();
  if (auto failure = failure_of(root)) return tl::make_unexpected(std::move(*failure));
  const auto files = root.find("files");
  if (!files || !files->is_dict()) return tracker_fail(errc::bad_response, "no files dictionary");
  ScrapeResponse out;
  for (const auto [key, entry] : files->entries()) {
    const auto hash = metainfo::InfoHash::from_bytes(key);
    if (!hash || !entry.is_dict()) continue;
    out.files.emplace_back(*hash, ScrapeEntry{find_count(entry, "complete").value_or(0),
                                              find_count(entry, "downloaded").value_or(0),
                                              find_count(entry, "incomplete").value_or(0)});
  }
  return out;
}

}  // namespace corrent::tracker_http
