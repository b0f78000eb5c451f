#pragma once
// The discovery plugin kind: trackers, DHT, LSD. A Discovery pushes endpoints into a
// PeerSink; it never owns peers (rqbit: discovery as a stream of endpoints). run() gets a
// DiscoveryContext, the torrent as discovery sees it (discovery_context.hpp): info-hash,
// private flag, listen and external ports, announce events, bytes left, the sink.
//
// What the peer wire learns that discovery needs reaches every Discovery through two
// optional hooks, on_dht_node (BEP 5 PORT) and on_external_address (BEP 10 "yourip").
// They are hooks on the plugin, not on the context, because both are facts about the
// network rather than about one torrent: a DHT keeps one routing table for the session,
// and our address is the same for every torrent. The session does not judge the hints
// (one peer may lie about our address); the plugin that uses them votes (BEP 42).

#include "corrent/core/result.hpp"
#include "corrent/core/task.hpp"
#include "corrent/discovery/discovery_context.hpp"
#include "corrent/net/endpoint.hpp"
#include "corrent/plugin/plugin.hpp"

namespace corrent {

/// A source of peers. One Discovery instance serves every torrent of the session.
class Discovery : public Plugin {
 public:
  /// Whether this source may be used for private torrents (BEP 27): only trackers.
  [[nodiscard]] virtual bool allowed_for_private() const { return false; }

  /// Looks for peers of `torrent` and reports them to `torrent.peers()` until cancelled,
  /// then returns (operation_aborted, or {} after a clean goodbye such as a tracker's
  /// "stopped"). Called once per torrent, in a task of that torrent; `torrent` outlives
  /// the call.
  virtual Task<Result<void>> run(DiscoveryContext& torrent) = 0;

  /// A DHT: the session then sets the DHT bit (BEP 5) in its handshakes, so that peers
  /// send PORT, and passes their nodes to on_dht_node. The default is false.
  [[nodiscard]] virtual bool wants_dht_nodes() const { return false; }

  /// A connected peer of a torrent this Discovery serves said it runs a DHT node at
  /// `node` (BEP 5 PORT: the peer's address with the port of the message). Called on the
  /// session executor, for every Discovery allowed for that torrent (not for a private
  /// torrent's peers unless allowed_for_private()); must not block. The default ignores it.
  virtual void on_dht_node(const net::Endpoint& node) { (void)node; }

  /// A peer (`reporter`) says our address is `address` (BEP 10 "yourip"; the port is 0).
  /// A hint, not a fact: count votes from distinct peers before trusting it. Called on the
  /// session executor for every Discovery; must not block. The default ignores it.
  virtual void on_external_address(const net::Endpoint& address, const net::Endpoint& reporter) {
    (void)address;
    (void)reporter;
  }
};

}  // namespace corrent
