#pragma once
// The discovery plugin kind: trackers, DHT, LSD, PEX. A Discovery pushes endpoints into a
// PeerSink; it never owns peers (rqbit: discovery as a stream of endpoints). run() gets only
// the info-hash so far; a view of the torrent (listen ports, announce events, bytes left)
// is issue 11's.

#include <span>

#include "corrent/core/result.hpp"
#include "corrent/core/task.hpp"
#include "corrent/net/endpoint.hpp"
#include "corrent/plugin/info_hash_bytes.hpp"
#include "corrent/plugin/plugin.hpp"

namespace corrent {

/// Receives peers found for a torrent. Called on the session executor; must not block.
class PeerSink {
 public:
  virtual ~PeerSink() = default;
  /// Candidate peers for `info_hash`; the span is valid only during the call.
  virtual void on_peers(const InfoHashBytes& info_hash, std::span<const net::Endpoint> peers) = 0;
};

/// A source of peers. One Discovery instance serves every torrent of the session.
class Discovery : public Plugin {
 public:
  /// Whether this source may be used for private torrents (BEP 27): only trackers.
  [[nodiscard]] virtual bool allowed_for_private() const { return false; }

  /// Looks for peers of `info_hash` and reports them to `sink` until cancelled. `sink`
  /// must outlive the call.
  virtual Task<Result<void>> run(InfoHashBytes info_hash, PeerSink& sink) = 0;
};

}  // namespace corrent
