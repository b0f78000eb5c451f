#pragma once
// The BEP 44 items put to us, for get replies. Sans-I/O, as PeerStore: the caller passes
// the time; values are the canonical bencoded bytes of "v" (what the immutable target and
// the mutable signature cover), at most kMaxItemValueSize.
//
//   immutable  stored under SHA-1(value), so a put cannot name another target; a put of a
//              stored value refreshes it
//   mutable    stored under SHA-1(key || salt) only if its signature verifies. Against a
//              stored item: "cas" given and not its seq: 301; a lower seq: 302; the same
//              seq with another value: 302 (BEP 44: a put whose seq is "lower than or
//              equal to" the stored one MUST be rejected), with the same value: a refresh
//              (BEP 44: the node SHOULD reset its timeout). libtorrent answers the
//              equal-seq put with success but keeps its stored value, so what is stored is
//              the same either way. With nothing stored, "cas" is not checked (libtorrent).
//   refusals   value over kMaxItemValueSize: 205, salt over kMaxSaltSize: 207, signature:
//              206, negative seq: 203 (libtorrent's), each an ErrorReply to send as is
//
// Bounds (dht_limits.hpp): kMaxStoredItems per kind; a new item past it evicts the item of
// that kind put least recently (libtorrent evicts by popularity and distance from our id
// instead). An item expires kItemLifetime after its last put: expire() drops it, and the
// lookups skip it before that.

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include <tl/expected.hpp>

#include "dht_limits.hpp"
#include "item.hpp"
#include "krpc_message.hpp"
#include "node_id.hpp"
#include "routing_node.hpp"

namespace corrent::dht {

class ItemStore {
 public:
  struct Settings {
    std::size_t max_items = kMaxStoredItems;  ///< per kind; at least 1
    Clock::duration lifetime = kItemLifetime;
  };

  /// What an accepted put did.
  enum class Stored {
    added,      ///< a new item (evicting the least recently put one when full)
    replaced,   ///< a mutable item with a higher seq took the stored one's place
    refreshed,  ///< the stored item again: its lifetime starts anew
  };
  /// An accepted put, or the error to answer it with (codes of item.hpp, dht_limits.hpp).
  using PutResult = tl::expected<Stored, ErrorReply>;

  ItemStore() = default;
  explicit ItemStore(Settings settings) : settings_(settings) {}

  /// Stores the immutable item whose encoded value is `value`, at `now`.
  PutResult put_immutable(std::string value, TimePoint now);
  /// Stores `item` (its value encoded) by the rules above; `cas`: the put's "cas".
  PutResult put_mutable(MutableItem item, std::optional<std::int64_t> cas, TimePoint now);

  /// The live item stored under `target`, or nullptr. The pointer lasts until the next
  /// put or expire().
  [[nodiscard]] const ImmutableItem* immutable_item(const NodeId& target, TimePoint now) const;
  [[nodiscard]] const MutableItem* mutable_item(const NodeId& target, TimePoint now) const;

  /// Drops the items older than the lifetime.
  void expire(TimePoint now);

  [[nodiscard]] std::size_t immutable_count() const { return immutable_.size(); }
  [[nodiscard]] std::size_t mutable_count() const { return mutable_.size(); }

 private:
  template <class Item>
  struct Entry {
    Item item;
    TimePoint put;  ///< the last put
  };
  template <class Item>
  using Table = std::map<NodeId, Entry<Item>>;

  template <class Item>
  const Item* live(const Table<Item>& table, const NodeId& target, TimePoint now) const;
  template <class Item>
  void insert(Table<Item>& table, const NodeId& target, Item item, TimePoint now);
  [[nodiscard]] bool expired(TimePoint put, TimePoint now) const { return now - put >= settings_.lifetime; }

  Settings settings_;
  // Remote nodes choose the keys (a mutable target is any key's hash), so ordered maps,
  // as PeerStore's: no hash to flood.
  Table<ImmutableItem> immutable_;
  Table<MutableItem> mutable_;
};

}  // namespace corrent::dht
