#pragma once
// An iterative Kademlia lookup (BEP 5: find_node or get_peers towards a target), as a
// sans-I/O state machine. The caller sends the queries next() hands out, and feeds back
// replies (on_reply) and failures (on_failure, e.g. from RpcTable::expire).
//
//   Lookup lookup({target, self, Lookup::Kind::get_peers, false}, table.closest(target, 8), now);
//   for (auto& node : lookup.next(now)) send_query(node);     // at most kAlpha in flight
//   ... lookup.on_reply(node.endpoint, response, now); lookup.next(now) ...
//   if (lookup.done(now)) announce_to(lookup.announce_targets());
//
// Candidates are kept sorted by XOR distance to the target, at most max_candidates (the
// farthest that are not in flight are dropped, libtorrent's bound of 100), each queried at
// most once. The lookup is finished when the k closest candidates that did not fail have
// all answered, or no candidate is left to ask, or after max_queries queries or
// time_limit. Defences: a node's id must be the one we were told (else its reply counts
// as a failure); nodes of the other family, with port 0, an unspecified address, our own
// id, an id or an address we already hold are ignored (one candidate per IP address, so
// one host cannot pose as many close nodes); a flood of fake close nodes is bounded by
// the candidate list and costs one failed query per fake.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "compact.hpp"
#include "dht_limits.hpp"
#include "krpc_message.hpp"
#include "routing_node.hpp"

namespace corrent::dht {

class Lookup {
 public:
  enum class Kind { find_node, get_peers };

  struct Settings {
    NodeId target;
    NodeId self;  ///< our id, never a candidate
    Kind kind = Kind::find_node;
    bool v6 = false;  ///< the family of the nodes we query
    std::size_t alpha = kAlpha;
    std::size_t max_candidates = kMaxLookupCandidates;
    std::size_t max_queries = kMaxLookupQueries;
    Clock::duration time_limit = kLookupTimeLimit;
    /// One candidate per IP address (libtorrent's dht_restrict_search_ips, on by default:
    /// one host cannot crowd a lookup with many ids). Off only where many honest nodes
    /// share an address, as tests on 127.0.0.1 do.
    bool one_candidate_per_ip = true;
  };

  /// A node that answered, with the write token it gave (get_peers).
  struct Responder {
    NodeEntry node;
    std::optional<std::string> token;
  };

  /// Starts at `now` from `seeds` (usually the routing table's k closest).
  Lookup(Settings settings, std::span<const NodeEntry> seeds, TimePoint now);

  /// The nodes to query now, marked in flight: the closest unqueried candidates, so that
  /// at most alpha are in flight. Empty once done().
  [[nodiscard]] std::vector<NodeEntry> next(TimePoint now);
  /// The node at `from` answered: its nodes become candidates; get_peers values and
  /// token are kept. Ignored unless a query to `from` is in flight.
  void on_reply(const net::Endpoint& from, const Response& response);
  /// The query to `from` failed (timeout or error reply).
  void on_failure(const net::Endpoint& from);

  [[nodiscard]] bool done(TimePoint now) const;
  /// The closest nodes that answered, nearest first, at most k.
  [[nodiscard]] std::vector<NodeEntry> closest() const;
  /// get_peers: the k closest responders that gave a token, for announce_peer.
  [[nodiscard]] std::vector<Responder> announce_targets() const;
  /// get_peers: the peers collected, without duplicates, at most kMaxLookupPeers.
  [[nodiscard]] const std::vector<net::Endpoint>& peers() const { return peers_; }

  [[nodiscard]] std::size_t queries_sent() const { return queries_; }
  [[nodiscard]] std::size_t in_flight() const { return in_flight_; }
  [[nodiscard]] std::size_t candidate_count() const { return candidates_.size(); }
  [[nodiscard]] const NodeId& target() const { return settings_.target; }

 private:
  enum class State { fresh, in_flight, answered, failed };
  struct Candidate {
    NodeEntry node;
    NodeId distance;
    State state = State::fresh;
    std::optional<std::string> token;
  };

  void add_candidate(const NodeEntry& node);
  void trim();
  void add_peer(const net::Endpoint& peer);
  Candidate* in_flight_at(const net::Endpoint& from);
  [[nodiscard]] bool converged() const;

  Settings settings_;
  TimePoint started_;
  std::vector<Candidate> candidates_;  ///< nearest first
  std::vector<net::Endpoint> peers_;
  std::size_t queries_ = 0;
  std::size_t in_flight_ = 0;
};

}  // namespace corrent::dht
