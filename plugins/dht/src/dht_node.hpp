#pragma once
// DhtNode: one running DHT node for one address family (BEP 5; BEP 32 runs a second one
// for IPv6), the third layer on top of the sans-I/O pieces. It ties them to a
// net::DatagramService (the session's shared UDP sockets, or the plugin's own) and to
// corrent's Clock:
//
//   - incoming: a handler claims a datagram only when its first byte is 'd' and it decodes
//     as KRPC (or is a query decode_krpc refused but whose "t" we can read, answered 203),
//     of this node's family. Queries pass the per-source rate limit (rate_limit.hpp), then
//     QueryHandler answers them; replies and errors go to the query() that waits for them,
//     matched by RpcTable (transaction id and source endpoint).
//   - outgoing: query(endpoint, arguments) sends one query and waits at most
//     Settings::query_timeout; a reply marks the node heard_from (Contact::replied) in the
//     routing table, a timeout or error reply counts as failed().
//   - lookup(target, kind) runs an iterative Lookup (lookup.hpp) with its queries.
//   - maintenance every kMaintenanceInterval: token secret rotation (BEP 5, 5 minutes),
//     peer and item expiry, a refresh lookup for each bucket idle for 15 minutes, and a
//     lookup for our own id while the table holds fewer than k nodes.
//   - bootstrap: find_node for our own id to each configured node and node hint, then a
//     lookup for our own id (BEP 5's way of filling a table); the configured nodes again
//     after kBootstrapRetryInterval while the table is empty.
//
// All on one executor; every coroutine lives in the node's TaskGroup; stop() ends them.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <asio/any_io_executor.hpp>

#include "corrent/core/clock.hpp"
#include "corrent/core/condition.hpp"
#include "corrent/core/result.hpp"
#include "corrent/core/task.hpp"
#include "corrent/net/datagram_service.hpp"
#include "corrent/net/endpoint.hpp"
#include "corrent/net/task_group.hpp"
#include "external_address_votes.hpp"
#include "item.hpp"
#include "item_store.hpp"
#include "krpc_message.hpp"
#include "lookup.hpp"
#include "rate_limit.hpp"
#include "peer_store.hpp"
#include "query_handler.hpp"
#include "routing_table.hpp"
#include "rpc_table.hpp"
#include "token_issuer.hpp"

namespace corrent::dht {

/// How often the node rotates its token secret, expires stored peers and looks for idle
/// buckets (and refreshes a thin table). Ours: the token rotation (5 minutes) divided by
/// 5, so a token's secret is replaced at most a minute late.
inline constexpr std::chrono::minutes kMaintenanceInterval{1};
/// Refresh lookups started per maintenance round at most (ours: bounds the burst after a
/// long sleep, when every bucket is idle at once).
inline constexpr std::size_t kMaxRefreshesPerRound = 3;
/// How long a node whose table is still empty after a bootstrap round waits before it
/// asks the configured bootstrap nodes again. Ours: BEP 5 gives no figure; a lost
/// datagram or a router that is down should not leave a node alone for long.
inline constexpr std::chrono::seconds kBootstrapRetryInterval{30};
/// Longest wait for a bootstrap node's host name to resolve (ours, as tracker_udp's).
inline constexpr std::chrono::seconds kBootstrapResolveTimeout{10};
/// Bootstrap nodes and node hints (BEP 5 PORT) kept waiting for the next bootstrap round.
inline constexpr std::size_t kMaxPendingHints = 64;

/// A bootstrap node given by name ("router.bittorrent.com", 6881), resolved at each
/// bootstrap round.
struct HostPort {
  std::string host;
  std::uint16_t port = 0;
  friend bool operator==(const HostPort&, const HostPort&) = default;
};

struct DhtNodeSettings {
  bool v6 = false;                               ///< the family of this node
  std::vector<net::Endpoint> bootstrap;          ///< contacted first (numeric endpoints)
  std::vector<HostPort> bootstrap_hosts;         ///< likewise, by name (resolved)
  /// Nodes from a saved routing table (table_state.hpp): asked once, in the first
  /// bootstrap round, each before it is trusted again; at most kMaxSavedNodes, beyond the
  /// kMaxPendingHints bound of later hints. Unlike `bootstrap`, never asked again.
  std::vector<net::Endpoint> restored;
  std::chrono::milliseconds query_timeout = kQueryTimeout;
  bool enforce_node_id = false;                  ///< BEP 42 for the nodes we add
  std::optional<NodeId> id;                      ///< ours; random when absent
  /// `id` was chosen by the user: kept even when BEP 42 would derive one from our address.
  bool keep_id = false;
  /// Lookup::Settings::one_candidate_per_ip, and the per-source limit on datagrams
  /// (rate_limit.hpp): both assume one node per address, and are relaxed only where many
  /// honest nodes share one, as in tests on 127.0.0.1.
  bool one_candidate_per_ip = true;
  std::uint32_t max_datagrams_per_source = kMaxDatagramsPerSourceWindow;
  /// BEP 43: our queries say "ro" (others do not add us to their tables) and we answer no
  /// query (libtorrent's dht_read_only), for nodes that live briefly or cannot serve.
  bool read_only = false;
};

/// The result of lookup().
struct LookupResult {
  std::vector<NodeEntry> closest;            ///< closest responders, nearest first
  std::vector<Lookup::Responder> responders; ///< get_peers: with their tokens
  std::vector<net::Endpoint> peers;          ///< get_peers: peers found
  std::size_t queries = 0;
};

/// The result of get_immutable() and get_mutable() (BEP 44).
struct ItemLookup {
  std::optional<std::string> immutable_value;  ///< canonical bencode, verified against the target
  std::optional<MutableItem> mutable_item;     ///< highest seq with a valid signature
  std::vector<NodeEntry> closest;              ///< closest responders
  std::size_t queries = 0;
  std::size_t ignored = 0;                     ///< values that failed their check
};

/// The result of put_immutable() and put_mutable() (BEP 44).
struct ItemPut {
  NodeId target;
  std::size_t stored = 0;                      ///< nodes that accepted the put
  std::size_t asked = 0;                       ///< puts sent
  std::vector<std::int64_t> errors;            ///< KRPC error codes received (e.g. 302, 301)
  std::size_t queries = 0;                     ///< all queries, lookup included
};

/// The result of sample_infohashes() (BEP 51).
struct SampleLookup {
  std::vector<NodeId> samples;                 ///< unique info-hashes sampled
  std::size_t nodes = 0;                       ///< nodes that answered with samples
  std::size_t queries = 0;
};

/// dht::TimePoint (the sans-I/O layers' steady_clock time) of corrent's Clock, which a
/// simulation may move.
[[nodiscard]] TimePoint dht_now();

struct LookupState;  // one running lookup (dht_node_lookup.cpp)
struct PutState;     // the puts of one put_*() (dht_node_items.cpp)

class DhtNode {
 public:
  /// `service` must outlive the node. Nothing happens until start().
  DhtNode(asio::any_io_executor executor, net::DatagramService& service, DhtNodeSettings settings);
  ~DhtNode();
  DhtNode(const DhtNode&) = delete;
  DhtNode& operator=(const DhtNode&) = delete;

  /// Claims our datagrams and starts maintenance and bootstrap.
  void start();
  /// Ends every query, lookup and timer, and removes the handler.
  Task<void> stop();

  /// Sends `arguments` (our id added) to `to` and waits for the reply, at most
  /// Settings::query_timeout. Errors: asio::error::timed_out; connection_refused for a
  /// KRPC error reply (or a reply under another id than `node`'s); the service's send
  /// errors; no_buffer_space when kMaxOutstandingQueries wait; operation_aborted when
  /// cancelled or stopped.
  Task<Result<Response>> query(net::Endpoint to, QueryArguments arguments);
  /// As above, to a node whose id we know: a failure counts against it in the table.
  Task<Result<Response>> query(NodeEntry node, QueryArguments arguments);
  /// An iterative lookup for `target`, seeded from the routing table.
  Task<LookupResult> lookup(NodeId target, Lookup::Kind kind);
  /// BEP 44 get: the item under `target` (its value checked against the target; ends at
  /// the first valid value), or of `key` and `salt` (the highest seq validly signed).
  Task<ItemLookup> get_immutable(NodeId target);
  Task<ItemLookup> get_mutable(PublicKey key, std::string salt);
  /// BEP 44 put: a get lookup for the target (for tokens), then a put to the k closest
  /// responders that gave a token, in parallel. `value`: canonical bencode; anything else,
  /// or a value over kMaxItemValueSize, is refused here (no query; errors 203 or 205).
  Task<ItemPut> put_immutable(std::string value);
  /// Signs nothing: `item` comes signed (sign_item). cas: BEP 44 compare-and-swap. Refused
  /// here, no query sent: a value over kMaxItemValueSize (205), a salt over kMaxSaltSize
  /// (207), a bad signature (206), a value that is not canonical bencode (203).
  Task<ItemPut> put_mutable(MutableItem item, std::optional<std::int64_t> cas);
  /// BEP 51: a sample_infohashes lookup towards `target`, the samples of every responder.
  Task<SampleLookup> sample_infohashes(NodeId target);
  /// A node to contact (bootstrap, BEP 5 PORT): queried with find_node for our id soon.
  void add_hint(const net::Endpoint& node);
  /// Waits until the first bootstrap round has finished (its lookup for our own id done,
  /// whatever it found), the node stops, or `limit` passes; returns whether it finished.
  /// At once for a node with nobody to bootstrap from (no configured node, no hint yet).
  /// A torrent's first lookup waits for it: before, the table is empty and the lookup
  /// would find nothing and retry only much later.
  Task<bool> wait_for_bootstrap(std::chrono::milliseconds limit);

  /// `voter` says it sees us at `address` (a reply's BEP 42 "ip", a peer's BEP 10
  /// "yourip"). When the votes settle on an address outside the local networks that our
  /// id does not fit, we take an id derived from it (BEP 42), keep the table's nodes and
  /// look up our new id, as libtorrent does when its external address changes.
  void vote_external_address(const net::Endpoint& address, const net::Endpoint& voter);
  /// The address the votes settled on (port 0), if any.
  [[nodiscard]] const std::optional<net::Endpoint>& external_address() const { return votes_.winner(); }
  /// Times our id changed to fit our external address.
  [[nodiscard]] std::uint64_t id_changes() const { return id_changes_; }

  [[nodiscard]] const NodeId& id() const { return id_; }
  [[nodiscard]] bool v6() const { return settings_.v6; }
  [[nodiscard]] const RoutingTable& table() const { return table_; }
  [[nodiscard]] const PeerStore& store() const { return store_; }
  [[nodiscard]] const ItemStore& items() const { return items_; }
  /// Queries dropped by the per-source rate limit, and answered.
  [[nodiscard]] std::uint64_t rate_limited() const { return rate_limited_; }
  [[nodiscard]] std::uint64_t answered() const { return answered_; }
  /// Bootstrap rounds finished (each ends with the lookup for our own id).
  [[nodiscard]] std::uint64_t bootstraps() const { return bootstraps_; }

 private:
  struct Waiter {
    Timer* timer = nullptr;
    std::string transaction_id;
    std::optional<Message> reply;
  };

  // A query's steps: register, encode and send; wait for the reply or error message (a
  // timeout counts against `expected` in the table); then read a reply as a Response.
  Result<std::string> register_query(const net::Endpoint& to, const std::optional<NodeId>& expected,
                                     QueryArguments arguments, std::string& bytes);
  Task<Result<Message>> exchange(net::Endpoint to, std::optional<NodeId> expected, QueryArguments arguments);
  Result<Response> settle(Result<Message> reply, const net::Endpoint& to, const std::optional<NodeId>& expected);

  Task<Result<Response>> query_node(net::Endpoint to, std::optional<NodeId> expected, QueryArguments arguments);
  Task<void> ask(std::shared_ptr<LookupState> state, NodeEntry node, Lookup::Kind kind);
  // lookup()'s settings for this node, and the lookup run to its end.
  [[nodiscard]] Lookup::Settings lookup_settings(NodeId target, Lookup::Kind kind) const;
  Task<Lookup> run_lookup(Lookup::Settings settings);
  // put_*()'s common part (dht_node_items.cpp): the get lookup, then the puts.
  Task<ItemPut> put_item(Lookup::Settings settings, PutQuery put);
  Task<void> put_to(std::shared_ptr<PutState> state, NodeEntry node, PutQuery put);
  Task<void> contact(net::Endpoint node);
  Task<void> resolve(HostPort host);
  bool claim(const net::Datagram& datagram);
  void on_query(const Message& message, const net::Datagram& datagram);
  void on_reply(Message message, const net::Endpoint& from);
  void send(const net::Endpoint& to, const std::string& bytes);
  Task<void> maintain();
  Task<void> bootstrap();
  Task<void> refresh(NodeId target);
  void maintenance_round();

  asio::any_io_executor executor_;
  net::DatagramService& service_;
  DhtNodeSettings settings_;
  NodeId id_;
  RoutingTable table_;
  PeerStore store_;
  ItemStore items_;
  TokenIssuer tokens_;
  QueryHandler handler_;
  RpcTable rpc_;
  std::map<std::string, Waiter*> waiters_;  // by transaction id; each in its query's frame
  std::vector<net::Endpoint> hints_;
  std::unique_ptr<Condition> hinted_;
  std::unique_ptr<Condition> bootstrapped_;  // notified as each bootstrap round ends
  net::DatagramService::Registration registration_;
  net::TaskGroup group_;
  bool stopped_ = false;
  std::uint64_t rate_limited_ = 0;
  std::uint64_t answered_ = 0;
  std::uint64_t bootstraps_ = 0;
  ExternalAddressVotes votes_;
  std::uint64_t id_changes_ = 0;
};

}  // namespace corrent::dht
