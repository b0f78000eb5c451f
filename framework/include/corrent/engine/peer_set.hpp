#pragma once
// PeerSet: the endpoints a torrent knows of (from trackers, other discovery plugins and the
// user), which of them are connected, which failed and when to try them again, which are
// banned, and per peer the transport to dial first (the one that last worked, else the one
// its source named). Sans-I/O: time comes in as arguments.
//
// Full (kMaxPeerCandidates), it keeps the candidates of highest BEP 40 priority towards
// our own address, once that is known (set_self): a newcomer of higher priority takes the
// place of the lowest idle one. Before that, the first ones stay.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>

#include <absl/container/btree_set.h>
#include <absl/container/flat_hash_map.h>
#include <absl/container/flat_hash_set.h>

#include "corrent/core/clock.hpp"
#include "corrent/net/endpoint.hpp"
#include "corrent/net/peer_address.hpp"

namespace corrent::engine {

class PeerSet {
 public:

  /// Remembers `peer` as a candidate, to be offered from `not_before` on. False when it is
  /// known already, banned, or the set holds kMaxPeerCandidates none of which is idle
  /// and of lower BEP 40 priority (see set_self). A known peer with no transport to dial
  /// first takes `peer.transport`.
  bool add(const net::PeerAddress& peer, Clock::time_point not_before = {});
  /// add() of a peer of no known transport.
  bool add(const net::Endpoint& peer, Clock::time_point not_before = {}) {
    return add(net::PeerAddress{peer, {}}, not_before);
  }
  /// add() of a peer that the connected peer `introducer` told us about (PEX): if it
  /// cannot be reached, the introducer may relay (BEP 55). A known peer keeps its first
  /// introducer.
  bool add_introduced(const net::PeerAddress& peer, const net::Endpoint& introducer);
  /// Who told us about `peer`, if a peer did.
  [[nodiscard]] std::optional<net::Endpoint> introducer(const net::Endpoint& peer) const;

  /// Marks `peer` as being connected to now, whatever its retry delay (a holepunch connect
  /// is due at once); it becomes known if it was not. False when it is busy, banned, or
  /// the set is full.
  bool claim(const net::Endpoint& peer);

  /// The next candidate to connect to at `now`: known, not connected or connecting, not
  /// waiting after a failure, and not a seed if `skip_seeds` (a seeding torrent has nothing
  /// to give one). It is marked connecting. Its `transport` is the one to dial first.
  std::optional<net::PeerAddress> next(Clock::time_point now, bool skip_seeds = false);

  /// A connection to `peer` over `transport` (a scheme) worked: dial it that way first.
  void remember_transport(const net::Endpoint& peer, std::string_view transport);

  /// What `peer` was when its connection ended: a seed (every piece, or BEP 21 upload_only).
  void set_seed(const net::Endpoint& peer, bool seed);

  /// A connection to `peer` (outgoing or incoming) is up.
  void on_connected(const net::Endpoint& peer);
  /// Whether `peer` is connected or being connected to.
  [[nodiscard]] bool busy(const net::Endpoint& peer) const;
  /// The connection to `peer` ended (or the attempt failed, `failed`): it may be tried
  /// again later, after a delay growing with its failures, until kMaxConnectFailures.
  void on_closed(const net::Endpoint& peer, bool failed, Clock::time_point now);

  /// Forgets `peer` (an incoming connection's address, whose port is not one to call).
  void forget(const net::Endpoint& peer) {
    if (const auto it = known_.find(peer); it != known_.end()) erase(it);
  }
  /// A closed peer may be tried again at once (it was closed for our reasons, not its).
  void retry_now(const net::Endpoint& peer);
  /// Every seed not connected may be tried again at once: we want more than we had when
  /// we parted (both seeds then), and they have it.
  void retry_seeds_now();

  /// Never connect to `peer` again, nor accept it.
  void ban(const net::Endpoint& peer);
  [[nodiscard]] bool banned(const net::Endpoint& peer) const { return banned_.contains(peer); }

  /// Candidates known (connected ones included).
  [[nodiscard]] std::size_t size() const { return known_.size(); }
  [[nodiscard]] bool contains(const net::Endpoint& peer) const { return known_.contains(peer); }

  /// Our own address as peers see it (BEP 40 priorities are computed towards it). Set
  /// again when it changes; the first call ranks the candidates already known.
  void set_self(const net::Endpoint& self);
  [[nodiscard]] const std::optional<net::Endpoint>& self() const { return self_; }

 private:
  struct State {
    bool busy = false;
    bool seed = false;
    std::uint32_t failures = 0;
    Clock::time_point retry_at{};
    std::string transport;  // to dial first; empty: the session's preference order
    std::uint32_t priority = 0;  // BEP 40, towards self_ (0 until it is known)
    std::optional<net::Endpoint> introducer;  // the peer that told us of it (PEX)
  };
  using Known = absl::flat_hash_map<net::Endpoint, State>;
  void erase(Known::iterator it);
  // A full set makes room for a candidate of `priority`: false if every idle one ranks
  // higher or equal.
  bool make_room(std::uint32_t priority);

  Known known_;
  std::optional<net::Endpoint> self_;
  absl::btree_set<std::pair<std::uint32_t, net::Endpoint>> by_priority_;  // known_, lowest first
  std::deque<net::Endpoint> queue_;  // candidates in the order to try; may hold stale ones
  absl::flat_hash_set<net::Endpoint> banned_;
};

}  // namespace corrent::engine
