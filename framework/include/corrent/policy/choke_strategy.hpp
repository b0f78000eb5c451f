#pragma once
// The choker plugin kind: which interested peers a torrent uploads to. Every
// kChokeInterval (10 s) the engine hands the torrent's ChokeStrategy its peers and
// unchokes exactly those it returns; between rounds a newly interested peer takes a free
// slot at once. Sans-I/O: a strategy sees rates and flags, never a connection.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "corrent/plugin/info_hash_bytes.hpp"
#include "corrent/plugin/plugin.hpp"

namespace corrent::policy {

/// A torrent's name for one of its connected peers, stable while it stays connected.
using PeerKey = std::uint32_t;

/// One connected peer as the choker sees it.
struct ChokerPeer {
  PeerKey key = 0;
  bool interested = false;          ///< it wants to download from us
  bool unchoked = false;            ///< we unchoke it now
  std::uint64_t download_rate = 0;  ///< from them to us, bytes/s
  std::uint64_t upload_rate = 0;    ///< from us to them, bytes/s
};

/// One torrent's choking. Called on the session executor; must not block.
class ChokeStrategy {
 public:
  virtual ~ChokeStrategy() = default;
  /// One round: the peers to have unchoked after it (all others are choked). Only
  /// interested peers should be returned; at most `upload_slots` (ChokerTorrent) of them,
  /// plus one if the strategy has an optimistic unchoke.
  virtual std::vector<PeerKey> round(std::span<const ChokerPeer> peers, bool seeding) = 0;
};

/// What a strategy is made for.
struct ChokerTorrent {
  InfoHashBytes info_hash{};
  /// Peers uploaded to at once (SessionSettings::upload_slots).
  std::size_t upload_slots = 4;
  /// Drives any random choice, so that a run can be repeated.
  std::uint64_t seed = 0;
};

/// The plugin: one per session, chosen by name (SessionSettings::choker); it makes a
/// strategy for every torrent.
class ChokerPlugin : public Plugin {
 public:
  virtual std::unique_ptr<ChokeStrategy> make_strategy(const ChokerTorrent& torrent) = 0;
};

}  // namespace corrent::policy
