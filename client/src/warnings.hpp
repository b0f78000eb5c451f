#pragma once
// What went wrong while torrents ran, as ClientErrors for take_warnings() (private): the
// session's events mapped to client::errc, and a bounded log per torrent.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <vector>

#include "corrent/client/errc.hpp"
#include "corrent/events/event.hpp"
#include "corrent/metainfo/info_hash.hpp"

namespace corrent::client::detail {

/// A session error as a ClientError: duplicate_torrent, storage, engine, ... (client.cpp)
ClientError from_engine(std::error_code cause, std::string detail);

/// A warning and the torrent it concerns (nullopt: the client as a whole).
struct Warning {
  std::optional<metainfo::InfoHash> torrent;
  ClientError error;
};

/// The warning `event` means, if any: a failed connect (connection_timed_out, network), a
/// failed handshake (handshake_timed_out, protocol), a piece that failed its hash check
/// (piece_verification_failed), a ban (protocol), a tracker error (discovery), a torrent's
/// error or warning (storage, engine), a lost port mapping (nat), a session warning.
[[nodiscard]] std::optional<Warning> warning_of(const events::Event& event);

/// Warnings kept until taken: at most `bound` per torrent and as many client-wide; past it
/// the oldest goes and dropped() counts it.
class WarningLog {
 public:
  explicit WarningLog(std::size_t bound) : bound_(bound) {}
  void add(Warning warning);
  /// The torrent's warnings (nullopt: the client-wide ones), oldest first; they are gone
  /// from the log after.
  [[nodiscard]] std::vector<ClientError> take(const std::optional<metainfo::InfoHash>& torrent);
  /// Forgets a removed torrent's.
  void forget(const metainfo::InfoHash& torrent) { by_torrent_.erase(torrent); }
  [[nodiscard]] std::uint64_t dropped() const { return dropped_; }

 private:
  std::size_t bound_;
  std::map<metainfo::InfoHash, std::deque<ClientError>> by_torrent_;
  std::deque<ClientError> client_wide_;
  std::uint64_t dropped_ = 0;
};

}  // namespace corrent::client::detail
