#pragma once
// An iterative Kademlia lookup (BEP 5: find_node or get_peers towards a target; BEP 44 get;
// BEP 51 sample_infohashes), as a sans-I/O state machine. The caller sends the queries
// next() hands out, and feeds back replies (on_reply) and failures (on_failure, e.g. from
// RpcTable::expire).
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
//
// Items (BEP 44 get) are never trusted as sent: an immutable "v" is kept only if its SHA-1
// is the target (and the lookup may then end at once); a mutable one only if its key is
// the one asked for, mutable_target(k, salt) is the target and its signature verifies, and
// of those the highest seq wins. Anything else is counted in items_ignored() and dropped.
// sample_infohashes (BEP 51) collects the samples, unique, at most kMaxLookupSamples, and
// each responder's num and interval.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <unordered_set>
#include <vector>

#include "compact.hpp"
#include "dht_limits.hpp"
#include "item.hpp"
#include "krpc_message.hpp"
#include "routing_node.hpp"

namespace corrent::dht {

class Lookup {
 public:
  enum class Kind { find_node, get_peers, get, sample_infohashes };

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
    /// get (BEP 44): absent, an immutable item (a "v" kept only if its SHA-1 is the
    /// target); present, the mutable item of this key and `salt`.
    std::optional<PublicKey> item_key;
    std::string salt;
    /// get of an immutable item: done as soon as a valid value is seen. Off for the lookup
    /// before a put, which needs the tokens of the k closest.
    bool stop_at_value = true;
  };

  /// A node that answered, with the write token it gave (get_peers, get).
  struct Responder {
    NodeEntry node;
    std::optional<std::string> token;
  };

  /// sample_infohashes: a node that answered with samples (BEP 51 "num", "interval"; 0
  /// when absent).
  struct SampleSource {
    NodeEntry node;
    std::int64_t num = 0;       ///< info-hashes it holds
    std::int64_t interval = 0;  ///< seconds before it wants to be asked again
    std::size_t samples = 0;    ///< info-hashes in its reply
  };

  /// Starts at `now` from `seeds` (usually the routing table's k closest).
  Lookup(Settings settings, std::span<const NodeEntry> seeds, TimePoint now);

  /// The nodes to query now, marked in flight: the closest unqueried candidates, so that
  /// at most alpha are in flight. Empty once done().
  [[nodiscard]] std::vector<NodeEntry> next(TimePoint now);
  /// The node at `from` answered: its nodes become candidates; get_peers values, tokens
  /// (get_peers, get), items (get) and samples are kept. Ignored unless a query to `from`
  /// is in flight.
  void on_reply(const net::Endpoint& from, const Response& response);
  /// The query to `from` failed (timeout or error reply).
  void on_failure(const net::Endpoint& from);

  [[nodiscard]] bool done(TimePoint now) const;
  /// The closest nodes that answered, nearest first, at most k.
  [[nodiscard]] std::vector<NodeEntry> closest() const;
  /// get_peers, get: the k closest responders that gave a token, for announce_peer or put.
  [[nodiscard]] std::vector<Responder> announce_targets() const;
  /// get_peers: the peers collected, without duplicates, at most kMaxLookupPeers.
  [[nodiscard]] const std::vector<net::Endpoint>& peers() const { return peers_; }
  /// get of an immutable item: its canonical bencode, SHA-1 checked against the target.
  [[nodiscard]] const std::optional<std::string>& immutable_value() const { return immutable_value_; }
  /// get of a mutable item: the highest seq seen under a valid signature.
  [[nodiscard]] const std::optional<MutableItem>& mutable_item() const { return mutable_item_; }
  /// get: values seen that failed a check (forged value, wrong key, bad signature).
  [[nodiscard]] std::size_t items_ignored() const { return items_ignored_; }
  /// sample_infohashes: the info-hashes sampled, unique, at most kMaxLookupSamples.
  [[nodiscard]] const std::vector<NodeId>& samples() const { return samples_; }
  /// sample_infohashes: one entry per responder that sent samples (at most max_queries).
  [[nodiscard]] const std::vector<SampleSource>& sample_sources() const { return sample_sources_; }

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
  void take_item(const Response& response);
  void take_immutable(const bencode::Value& value);
  void take_mutable(const Response& response, const bencode::Value& value);
  void take_samples(const NodeEntry& node, const Response& response);
  Candidate* in_flight_at(const net::Endpoint& from);
  [[nodiscard]] bool converged() const;

  Settings settings_;
  TimePoint started_;
  std::vector<Candidate> candidates_;  ///< nearest first
  std::vector<net::Endpoint> peers_;
  std::optional<std::string> immutable_value_;
  std::optional<MutableItem> mutable_item_;
  std::size_t items_ignored_ = 0;
  std::vector<NodeId> samples_;
  std::unordered_set<NodeId> sampled_;  ///< samples_, for the duplicate check
  std::vector<SampleSource> sample_sources_;
  std::size_t queries_ = 0;
  std::size_t in_flight_ = 0;
};

}  // namespace corrent::dht
