#pragma once
// What to tell one peer next, sans-I/O: the difference between the torrent's connected
// peers now and what this peer was told so far (BEP 11's "added" and "dropped").

#include <set>
#include <span>

#include "corrent/net/endpoint.hpp"
#include "corrent/wire/torrent_view.hpp"
#include "pex_message.hpp"

namespace corrent::pex {

/// The "added.f" byte for a connected peer: kFlagSeed, kFlagReachable (we connected to it).
[[nodiscard]] std::uint8_t flags_of(const ConnectedPeer& peer);

/// The set of peers one remote peer has been told about, and the diff against it.
class PexDiff {
 public:
  /// The next message: peers of `now` not told yet (at most kMaxAddedPerMessage, in the
  /// order of `now`), then told peers no longer in `now` (at most kMaxDroppedPerMessage).
  /// Endpoints in `exclude` (the peer itself) and port 0 are never listed. What is listed
  /// counts as told; what did not fit is left for the next message.
  PexMessage next(std::span<const ConnectedPeer> now, std::span<const net::Endpoint> exclude);

  /// The peers told about and not dropped since.
  [[nodiscard]] const std::set<net::Endpoint>& told() const { return told_; }

 private:
  std::set<net::Endpoint> told_;
};

}  // namespace corrent::pex
