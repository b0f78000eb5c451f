#pragma once
// What a client says to a tracker and what the tracker answers, independent of the
// protocol (HTTP, BEP 3/23/7/24/48; UDP, BEP 15). Sans-I/O: plain values only.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "corrent/core/peer_id.hpp"
#include "corrent/metainfo/info_hash.hpp"
#include "corrent/net/endpoint.hpp"

namespace corrent::tracker {

/// The "event" of an announce (BEP 3). `none` is a regular, periodic announce.
enum class AnnounceEvent { none, started, completed, stopped };

/// "" (none), "started", "completed", "stopped": the HTTP `event` parameter's value.
constexpr std::string_view to_string(AnnounceEvent event) {
  switch (event) {
    case AnnounceEvent::none: return "";
    case AnnounceEvent::started: return "started";
    case AnnounceEvent::completed: return "completed";
    case AnnounceEvent::stopped: return "stopped";
  }
  return "";
}

/// One announce: every parameter, whatever the protocol.
struct AnnounceRequest {
  metainfo::InfoHash info_hash;
  PeerId peer_id;
  /// The port we accept peer connections on.
  std::uint16_t port = 0;
  std::uint64_t uploaded = 0;
  std::uint64_t downloaded = 0;
  /// Bytes still to download (0 for a seed).
  std::uint64_t left = 0;
  AnnounceEvent event = AnnounceEvent::none;
  /// How many peers we want; nullopt lets the tracker choose (HTTP omits `numwant`, UDP
  /// sends -1).
  std::optional<std::uint32_t> numwant;
  /// A random number fixed for the session, so a tracker can recognise us when our IP
  /// changes (BEP 3 `key`, BEP 15 `key`).
  std::uint32_t key = 0;
  /// The "tracker id" a previous answer of this tracker gave, sent back as `trackerid`.
  std::optional<std::string> tracker_id;

  friend bool operator==(const AnnounceRequest&, const AnnounceRequest&) = default;
};

/// How an HTTP tracker wrote its "peers" list: BEP 23's compact string or BEP 3's list of
/// dictionaries (`none`: no "peers" key, and always for UDP).
enum class PeerListForm { none, compact, dictionary };

/// A successful announce.
struct AnnounceResponse {
  /// IPv4 and IPv6 peers in the tracker's order (compact "peers", dictionary "peers" and
  /// "peers6"; UDP by the socket's address family), at most kMaxPeersPerResponse.
  std::vector<net::Endpoint> peers;
  /// Seconds until the next regular announce, clamped to [kMinInterval, kMaxInterval]
  /// (a missing or non-positive value becomes kDefaultInterval).
  std::chrono::seconds interval{0};
  /// The tracker's "min interval": never announce (without an event) more often.
  std::optional<std::chrono::seconds> min_interval;
  /// Seeders and leechers, if the tracker said (UDP always says).
  std::optional<std::uint32_t> complete;
  std::optional<std::uint32_t> incomplete;
  /// "tracker id": to be sent back as AnnounceRequest::tracker_id.
  std::optional<std::string> tracker_id;
  /// "warning message": the announce worked, but the tracker has something to say.
  std::optional<std::string> warning;
  /// UDP only: the transaction id of the reply, for diagnostics.
  std::optional<std::uint32_t> transaction_id;
  /// BEP 24 "external ip": our address as the tracker saw it (port 0).
  std::optional<net::Endpoint> external_ip;
  /// HTTP: the form of "peers" (tools that show the reply as the tracker wrote it need it).
  PeerListForm peers_form = PeerListForm::none;
  /// HTTP dictionary peers: the "peer id" bytes each one gave (empty when none), in the
  /// order of the first peer_ids.size() entries of `peers`. Empty for compact lists.
  std::vector<std::string> peer_ids;

  friend bool operator==(const AnnounceResponse&, const AnnounceResponse&) = default;
};

/// The counts a scrape reports for one torrent (BEP 48, BEP 15).
struct ScrapeEntry {
  std::uint32_t complete = 0;    ///< seeders
  std::uint32_t downloaded = 0;  ///< completed downloads ever reported
  std::uint32_t incomplete = 0;  ///< leechers
  friend bool operator==(const ScrapeEntry&, const ScrapeEntry&) = default;
};

/// A successful scrape: one entry per torrent the tracker knows, in the tracker's order
/// (UDP: the order asked). Torrents it does not know may be absent (HTTP) or zero (UDP).
struct ScrapeResponse {
  std::vector<std::pair<metainfo::InfoHash, ScrapeEntry>> files;
  /// UDP only: the transaction id of the reply, for diagnostics.
  std::optional<std::uint32_t> transaction_id;
  friend bool operator==(const ScrapeResponse&, const ScrapeResponse&) = default;
};

}  // namespace corrent::tracker
