#pragma once
// DiscoveryContext: what a Discovery (discovery.hpp) sees of the torrent it looks for peers for. A tracker
// announces our port, the bytes left and the BEP 3 event; a DHT announces our port and
// whether we seed; LSD announces the port. All of it is here, read when needed, so that
// no discovery plugin reaches into the engine (the engine's Torrent implements it).
//
//   Task<Result<void>> run(DiscoveryContext& torrent) override {
//     announce(torrent.info_hash(), torrent.ports().announced_tcp(), torrent.bytes_left());
//     const auto event = co_await torrent.next_event(DiscoveryEvent::started);  // completed?
//     ...
//     torrent.peers().on_peers(torrent.info_hash(), net::any_transport(found));
//   }

#include <cstdint>
#include <string>
#include <span>

#include "corrent/core/task.hpp"
#include "corrent/net/endpoint.hpp"
#include "corrent/net/peer_address.hpp"
#include "corrent/plugin/info_hash_bytes.hpp"

namespace corrent {

/// Receives peers found for a torrent. Called on the session executor; must not block.
class PeerSink {
 public:
  virtual ~PeerSink() = default;
  /// Candidate peers for `info_hash`; the span is valid only during the call. A peer's
  /// `transport` is the one to dial it by first, or empty (net::any_transport()).
  virtual void on_peers(const InfoHashBytes& info_hash, std::span<const net::PeerAddress> peers) = 0;
};

/// The torrent's announce event (BEP 3's "event" key), as trackers and the DHT use it.
/// It only moves forward: started -> completed -> stopped, or started -> stopped.
enum class DiscoveryEvent {
  /// The torrent runs (downloading, or seeding what it already had when added).
  started,
  /// The download finished while the torrent ran (a torrent added complete stays
  /// `started`: bytes_left() == 0 says that it seeds).
  completed,
  /// The torrent is stopping; run() is being cancelled.
  stopped,
};

/// The session's ports, as a peer outside should use them. 0 means "none" or "not known".
struct ListenPorts {
  std::uint16_t tcp = 0;           ///< our TCP listen port (0: we do not listen)
  std::uint16_t udp = 0;           ///< our UDP port (uTP, DHT, UDP trackers; 0: none yet)
  std::uint16_t external_tcp = 0;  ///< `tcp` as a port mapper (NAT) mapped it on the gateway
  std::uint16_t external_udp = 0;  ///< `udp` as mapped on the gateway
  /// The TCP port to announce: the external one once mapped, else the local one
  /// (libtorrent announces the mapped port the same way).
  [[nodiscard]] std::uint16_t announced_tcp() const { return external_tcp != 0 ? external_tcp : tcp; }
  /// The UDP port to announce, likewise.
  [[nodiscard]] std::uint16_t announced_udp() const { return external_udp != 0 ? external_udp : udp; }
  friend bool operator==(const ListenPorts&, const ListenPorts&) = default;
};

/// Payload bytes of a torrent, as trackers report them (BEP 3 "uploaded", "downloaded",
/// "left"; totals over the torrent's life, resume data included).
struct TransferTotals {
  std::uint64_t uploaded = 0;
  std::uint64_t downloaded = 0;
  std::uint64_t left = 0;
};

/// One torrent as its discovery sources see it. Implemented by the engine; valid during
/// Discovery::run. Every member is called on the session executor; the values are read
/// live (ports change once a port mapper maps them, `left` as pieces arrive).
class DiscoveryContext {
 public:
  virtual ~DiscoveryContext() = default;

  /// The torrent's v1 info-hash.
  [[nodiscard]] virtual InfoHashBytes info_hash() const = 0;
  /// BEP 27: a private torrent's peers come from its trackers only (false for a magnet
  /// whose metadata has not come yet). Discovery::run is called for a private torrent only
  /// if allowed_for_private() says so.
  [[nodiscard]] virtual bool is_private() const = 0;
  /// The session's listen ports, with the external ones once known.
  [[nodiscard]] virtual ListenPorts ports() const = 0;
  /// Bytes of wanted pieces still missing: 0 when the torrent seeds (for a magnet whose
  /// size is not known yet, a small non-zero guess, so that trackers count us a leecher).
  [[nodiscard]] virtual std::uint64_t bytes_left() const = 0;
  /// Uploaded, downloaded and left, together, for an announce.
  [[nodiscard]] virtual TransferTotals totals() const = 0;
  /// The current announce event.
  [[nodiscard]] virtual DiscoveryEvent event() const = 0;
  /// Waits until event() is no longer `seen` and returns it; or returns event() at once
  /// if it already differs. If the awaiting coroutine is cancelled first, returns event()
  /// then (which may still be `seen`). Join it with a timer under `||` to bound the wait.
  virtual Task<DiscoveryEvent> next_event(DiscoveryEvent seen) = 0;
  /// Where found peers go (the torrent's candidates).
  [[nodiscard]] virtual PeerSink& peers() = 0;
  /// `reporter` (a tracker's URL, say) told us our address is `address`, as BEP 24's
  /// "external ip" does: a hint the session counts as one vote towards its external
  /// address (Session::external_address). The default ignores it.
  virtual void report_external_address(const net::Endpoint& address, const std::string& reporter) {
    (void)address;
    (void)reporter;
  }
};

}  // namespace corrent
