#include "routing_table.hpp"

#include <algorithm>

namespace corrent::dht {
namespace {

// Works on a const or mutable list, so find() and the writers share it.
template <class Nodes>
auto* find_in(Nodes& nodes, const NodeId& id) {
  const auto it = std::find_if(nodes.begin(), nodes.end(), [&](const RoutingNode& n) { return n.entry.id == id; });
  return it == nodes.end() ? nullptr : &*it;
}

void note_contact(RoutingNode& node, Contact contact, TimePoint now) {
  node.last_seen = now;
  if (contact == Contact::replied) {
    node.confirmed = true;
    node.failed = 0;
  }
  // A query counts towards "good" only from a node that has answered before (BEP 5): an
  // unanswering node may query us all day from behind a NAT that drops our queries.
  if (node.confirmed) node.last_active = now;
}

// The replacement to promote: the most recently seen one that has answered us, else the
// most recently seen one (the cache is kept oldest first).
std::vector<RoutingNode>::iterator best_replacement(std::vector<RoutingNode>& cache) {
  for (auto it = cache.rbegin(); it != cache.rend(); ++it) {
    if (it->confirmed && it->failed == 0) return std::prev(it.base());
  }
  return cache.empty() ? cache.end() : std::prev(cache.end());
}

}  // namespace

RoutingTable::RoutingTable(Settings settings, TimePoint now) : settings_(settings) {
  buckets_.push_back(Bucket{{}, {}, now});
}

std::size_t RoutingTable::bucket_index(const NodeId& id) const {
  return std::min(common_prefix_bits(settings_.self, id), buckets_.size() - 1);
}

const RoutingNode* RoutingTable::find(const NodeId& id) const {
  const Bucket& bucket = buckets_[bucket_index(id)];
  if (const auto* n = find_in(bucket.live, id)) return n;
  return find_in(bucket.replacements, id);
}

Insert RoutingTable::heard_from(const NodeEntry& node, Contact contact, TimePoint now) {
  if (node.id == settings_.self || node.endpoint.is_v6() != settings_.v6 || node.endpoint.port() == 0) {
    return Insert::rejected;
  }
  Bucket& bucket = buckets_[bucket_index(node.id)];
  RoutingNode* known = find_in(bucket.live, node.id);
  const bool live = known != nullptr;
  if (!known) known = find_in(bucket.replacements, node.id);
  if (known) {
    // The same id from another address is either a node that moved or someone spoofing
    // it; keeping the address we know avoids being steered (libtorrent does the same).
    if (known->entry.endpoint != node.endpoint) return Insert::rejected;
    note_contact(*known, contact, now);
    if (live && contact == Contact::replied) bucket.last_active = now;
    return live ? Insert::updated : Insert::replacement;
  }
  return insert_new(node, contact, now);
}

Insert RoutingTable::insert_new(const NodeEntry& node, Contact contact, TimePoint now) {
  RoutingNode fresh{node, false, {}, {}, 0};
  note_contact(fresh, contact, now);
  for (;;) {
    const std::size_t index = bucket_index(node.id);
    Bucket& bucket = buckets_[index];
    if (bucket.live.size() < kBucketSize && live_count_ < settings_.max_nodes) {
      bucket.live.push_back(fresh);
      ++live_count_;
      if (contact == Contact::replied) bucket.last_active = now;
      return Insert::added;
    }
    // Only a full last bucket splits: the others hold ids far from ours, where k nodes
    // per distance are all Kademlia needs. A split may send every node to one side, so
    // try again until the node fits or the table is as deep as it can get.
    if (bucket.live.size() >= kBucketSize && index + 1 == buckets_.size() && buckets_.size() < kMaxBuckets) {
      split_last();
      continue;
    }
    if (take_slot(bucket, fresh)) return Insert::added;
    cache(bucket, fresh);
    return Insert::replacement;
  }
}

// A full bucket's slot for `fresh`: a bad node's, else (when `fresh` has answered us) one
// that never has.
bool RoutingTable::take_slot(Bucket& bucket, RoutingNode& fresh) {
  auto victim = std::find_if(bucket.live.begin(), bucket.live.end(),
                             [](const RoutingNode& n) { return n.failed >= kMaxFailedQueries; });
  if (victim == bucket.live.end() && fresh.confirmed) {
    victim = std::find_if(bucket.live.begin(), bucket.live.end(), [](const RoutingNode& n) { return !n.confirmed; });
  }
  if (victim == bucket.live.end()) return false;
  *victim = fresh;
  return true;
}

void RoutingTable::cache(Bucket& bucket, RoutingNode fresh) {
  if (bucket.replacements.size() >= kReplacementCacheSize) {
    // Drop the oldest node that never answered, else the oldest: the cache's job is to
    // hold nodes that will work when a live one fails.
    auto victim = std::find_if(bucket.replacements.begin(), bucket.replacements.end(),
                               [](const RoutingNode& n) { return !n.confirmed; });
    if (victim == bucket.replacements.end()) victim = bucket.replacements.begin();
    bucket.replacements.erase(victim);
  }
  bucket.replacements.push_back(std::move(fresh));
}

void RoutingTable::split_last() {
  const std::size_t index = buckets_.size() - 1;
  buckets_.push_back(Bucket{{}, {}, buckets_[index].last_active});
  Bucket& old_bucket = buckets_[index];
  Bucket& new_bucket = buckets_.back();
  // Nodes sharing more than `index` bits with us move to the new, deeper bucket.
  const auto deeper = [&](const RoutingNode& n) { return common_prefix_bits(settings_.self, n.entry.id) > index; };
  for (const auto list : {&Bucket::live, &Bucket::replacements}) {
    auto& from = old_bucket.*list;
    const auto moved = std::stable_partition(from.begin(), from.end(), [&](const RoutingNode& n) { return !deeper(n); });
    (new_bucket.*list).assign(moved, from.end());
    from.erase(moved, from.end());
  }
  // Either side may now have room for the replacements it kept.
  while (old_bucket.live.size() < kBucketSize && !old_bucket.replacements.empty() && live_count_ < settings_.max_nodes) {
    promote_replacement(old_bucket);
    ++live_count_;
  }
  while (new_bucket.live.size() < kBucketSize && !new_bucket.replacements.empty() && live_count_ < settings_.max_nodes) {
    promote_replacement(new_bucket);
    ++live_count_;
  }
}

// Moves the best replacement into `bucket.live` (the caller keeps live_count_ right).
void RoutingTable::promote_replacement(Bucket& bucket) {
  const auto best = best_replacement(bucket.replacements);
  bucket.live.push_back(std::move(*best));
  bucket.replacements.erase(best);
}

Failure RoutingTable::failed(const NodeId& id) {
  Bucket& bucket = buckets_[bucket_index(id)];
  if (auto* waiting = find_in(bucket.replacements, id)) {
    if (++waiting->failed < kMaxFailedQueries) return Failure::counted;
    bucket.replacements.erase(bucket.replacements.begin() + (waiting - bucket.replacements.data()));
    return Failure::dropped;
  }
  RoutingNode* node = find_in(bucket.live, id);
  if (!node) return Failure::unknown;
  ++node->failed;
  if (bucket.replacements.empty()) return Failure::counted;
  bucket.live.erase(bucket.live.begin() + (node - bucket.live.data()));
  promote_replacement(bucket);
  return Failure::replaced;
}

bool RoutingTable::remove(const NodeId& id) {
  Bucket& bucket = buckets_[bucket_index(id)];
  if (auto* node = find_in(bucket.live, id)) {
    bucket.live.erase(bucket.live.begin() + (node - bucket.live.data()));
    if (bucket.replacements.empty()) {
      --live_count_;
    } else {
      promote_replacement(bucket);
    }
    return true;
  }
  if (auto* waiting = find_in(bucket.replacements, id)) {
    bucket.replacements.erase(bucket.replacements.begin() + (waiting - bucket.replacements.data()));
    return true;
  }
  return false;
}

std::vector<NodeEntry> RoutingTable::closest(const NodeId& target, std::size_t count) const {
  std::vector<NodeEntry> all;
  for (const auto& bucket : buckets_) {
    for (const auto& n : bucket.live) {
      if (n.failed < kMaxFailedQueries) all.push_back(n.entry);
    }
  }
  const auto nearer = [&](const NodeEntry& a, const NodeEntry& b) { return closer_to(target, a.id, b.id); };
  const std::size_t keep = std::min(count, all.size());
  std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(keep), all.end(), nearer);
  all.resize(keep);
  return all;
}

void RoutingTable::touch(const NodeId& target, TimePoint now) { buckets_[bucket_index(target)].last_active = now; }

std::vector<std::size_t> RoutingTable::buckets_to_refresh(TimePoint now) const {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < buckets_.size(); ++i) {
    if (now - buckets_[i].last_active >= kBucketRefreshInterval) out.push_back(i);
  }
  return out;
}

NodeId RoutingTable::refresh_target(std::size_t index, const NodeId& random) const {
  // Bucket i < last holds ids sharing exactly i bits with ours: copy our first i bits and
  // flip bit i. The last bucket holds those sharing at least i bits: copy them only.
  NodeId out = random;
  const bool last = index + 1 == buckets_.size();
  const std::size_t copy = std::min(index, std::size_t{160});
  for (std::size_t bit = 0; bit < copy + (last ? 0 : 1); ++bit) {
    const auto mask = static_cast<std::uint8_t>(0x80U >> (bit % 8));
    const bool value = bit < copy ? settings_.self.bit(bit) : !settings_.self.bit(bit);
    out.bytes[bit / 8] = static_cast<std::uint8_t>(value ? (out.bytes[bit / 8] | mask) : (out.bytes[bit / 8] & ~mask));
  }
  return out;
}

RoutingTable RoutingTable::reseated(const NodeId& self, TimePoint now) const {
  auto settings = settings_;
  settings.self = self;
  RoutingTable table(settings, now);
  // Replayed as contacts at their own times, so good nodes stay good and questionable
  // ones questionable; failure counts start again.
  const auto replay = [&table](const RoutingNode& node) {
    if (node.confirmed) {
      (void)table.heard_from(node.entry, Contact::replied, node.last_active);
    } else {
      (void)table.heard_from(node.entry, Contact::queried, node.last_seen);
    }
  };
  for (const auto& bucket : buckets_) {
    for (const auto& node : bucket.live) replay(node);
  }
  for (const auto& bucket : buckets_) {
    for (const auto& node : bucket.replacements) replay(node);
  }
  for (auto& bucket : table.buckets_) bucket.last_active = now;
  return table;
}

}  // namespace corrent::dht
