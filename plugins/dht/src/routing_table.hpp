#pragma once
// A Kademlia routing table (BEP 5) for one address family, sans-I/O: the caller passes the
// time in and does the network part (pinging questionable nodes, refresh lookups).
//
// Buckets are kept in order of how many leading bits their nodes share with our id:
// bucket i holds the nodes sharing exactly i bits, and the last bucket holds all nodes
// sharing at least its index (it "covers our id"). A full bucket is split only when it is
// the last one (libtorrent's rule, and BEP 5's: only the bucket our id falls in splits),
// up to kMaxBuckets. A full bucket that cannot split keeps its nodes; a newcomer takes the
// place of a bad node, or of a node that never answered when the newcomer has answered,
// or waits in the bucket's bounded replacement cache. A node that fails a query is
// replaced at once by a waiting replacement (libtorrent), else stays until it is bad and a
// newcomer takes its place (BEP 5). The number of live nodes is bounded by
// Settings::max_nodes on top of the bucket bounds.

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include "dht_limits.hpp"
#include "node_id.hpp"
#include "routing_node.hpp"

namespace corrent::dht {

/// What heard_from() did with a node.
enum class Insert {
  added,        ///< now a live node of its bucket
  updated,      ///< was live already; its times (and failure count, on a reply) updated
  replacement,  ///< kept (or updated) in its bucket's replacement cache
  rejected,     ///< our own id, the wrong family, port 0, or a known id at another address
};

/// What failed() did with a node.
enum class Failure {
  unknown,   ///< not in the table
  counted,   ///< its failure count went up; it stays
  replaced,  ///< a waiting replacement took its place (it is gone)
  dropped,   ///< it was a replacement and went bad: gone
};

class RoutingTable {
 public:
  struct Settings {
    NodeId self;                               ///< our id
    bool v6 = false;                           ///< the family of this table's nodes
    std::size_t max_nodes = kDefaultMaxTableNodes;  ///< bound on live nodes, all buckets
  };

  /// An empty table of one bucket, last active at `now`.
  RoutingTable(Settings settings, TimePoint now);

  /// A table for the new id `self` (BEP 42: ours changed with our external address)
  /// holding this table's nodes, live ones first, each with its liveness kept, as far as
  /// the new buckets have room. Buckets count as refreshed at `now`.
  [[nodiscard]] RoutingTable reseated(const NodeId& self, TimePoint now) const;

  /// We heard from `node` (`contact` says how): update it, or insert it by the rules
  /// above. A reply also clears its failure count and marks its bucket active.
  Insert heard_from(const NodeEntry& node, Contact contact, TimePoint now);
  /// A query of ours to `id` timed out or failed.
  Failure failed(const NodeId& id);
  /// Removes `id` (live or replacement); a removed live node's place goes to the best
  /// replacement waiting. False when unknown.
  bool remove(const NodeId& id);

  /// Up to `count` live nodes closest to `target`, nearest first, bad nodes left out.
  [[nodiscard]] std::vector<NodeEntry> closest(const NodeId& target, std::size_t count = kBucketSize) const;
  /// The node with this id, live or replacement; nullptr when unknown.
  [[nodiscard]] const RoutingNode* find(const NodeId& id) const;

  /// A lookup for `target` completed: its bucket counts as refreshed (BEP 5).
  void touch(const NodeId& target, TimePoint now);
  /// Indices of the buckets nobody touched for kBucketRefreshInterval.
  [[nodiscard]] std::vector<std::size_t> buckets_to_refresh(TimePoint now) const;
  /// A target inside bucket `index` for its refresh lookup: `random` (drawn by the
  /// caller) with the bits that choose the bucket set from our id.
  [[nodiscard]] NodeId refresh_target(std::size_t index, const NodeId& random) const;

  /// The bucket `id` belongs in.
  [[nodiscard]] std::size_t bucket_index(const NodeId& id) const;
  [[nodiscard]] std::size_t bucket_count() const { return buckets_.size(); }
  [[nodiscard]] std::span<const RoutingNode> live_nodes(std::size_t bucket) const { return buckets_[bucket].live; }
  [[nodiscard]] std::span<const RoutingNode> replacements(std::size_t bucket) const {
    return buckets_[bucket].replacements;
  }
  /// Live nodes in all buckets.
  [[nodiscard]] std::size_t size() const { return live_count_; }
  [[nodiscard]] const NodeId& self() const { return settings_.self; }

 private:
  struct Bucket {
    std::vector<RoutingNode> live;          ///< at most kBucketSize
    std::vector<RoutingNode> replacements;  ///< at most kReplacementCacheSize, oldest first
    TimePoint last_active{};
  };

  Insert insert_new(const NodeEntry& node, Contact contact, TimePoint now);
  bool take_slot(Bucket& bucket, RoutingNode& fresh);
  void cache(Bucket& bucket, RoutingNode fresh);
  void split_last();
  void promote_replacement(Bucket& bucket);

  Settings settings_;
  std::vector<Bucket> buckets_;
  std::size_t live_count_ = 0;
};

}  // namespace corrent::dht
