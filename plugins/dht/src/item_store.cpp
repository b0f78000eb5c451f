#include "item_store.hpp"

#include <algorithm>
#include <utility>

namespace corrent::dht {
namespace {

tl::unexpected<ErrorReply> refuse(std::int64_t code, std::string message) {
  return tl::make_unexpected(ErrorReply{code, std::move(message)});
}

}  // namespace

template <class Item>
const Item* ItemStore::live(const Table<Item>& table, const NodeId& target, TimePoint now) const {
  const auto it = table.find(target);
  if (it == table.end() || expired(it->second.put, now)) return nullptr;
  return &it->second.item;
}

// Evicts the least recently put entries until there is room (a linear scan: at most
// max_items entries, and only when a put brings a new item to a full table).
template <class Item>
void ItemStore::insert(Table<Item>& table, const NodeId& target, Item item, TimePoint now) {
  while (!table.empty() && table.size() >= settings_.max_items) {
    table.erase(std::min_element(table.begin(), table.end(),
                                 [](const auto& a, const auto& b) { return a.second.put < b.second.put; }));
  }
  table.insert_or_assign(target, Entry<Item>{std::move(item), now});
}

ItemStore::PutResult ItemStore::put_immutable(std::string value, TimePoint now) {
  if (value.size() > kMaxItemValueSize) return refuse(kErrorValueTooBig, "value too big");
  const NodeId target = immutable_target(value);
  const auto it = immutable_.find(target);
  if (it != immutable_.end()) {
    it->second.put = now;
    return Stored::refreshed;
  }
  insert(immutable_, target, ImmutableItem{std::move(value)}, now);
  return Stored::added;
}

ItemStore::PutResult ItemStore::put_mutable(MutableItem item, std::optional<std::int64_t> cas, TimePoint now) {
  if (item.value.size() > kMaxItemValueSize) return refuse(kErrorValueTooBig, "value too big");
  if (item.salt.size() > kMaxSaltSize) return refuse(kErrorSaltTooBig, "salt too big");
  if (item.seq < 0) return refuse(kErrorProtocol, "negative sequence number");
  if (!item.verified()) return refuse(kErrorInvalidSignature, "invalid signature");

  const NodeId target = item.target();
  auto it = mutable_.find(target);
  if (it != mutable_.end() && expired(it->second.put, now)) {
    mutable_.erase(it);  // gone in all but name: it must not block a lower seq
    it = mutable_.end();
  }
  if (it == mutable_.end()) {
    insert(mutable_, target, std::move(item), now);
    return Stored::added;
  }
  auto& stored = it->second;
  if (cas && *cas != stored.item.seq) return refuse(kErrorCasMismatch, "CAS mismatch");
  if (item.seq < stored.item.seq) return refuse(kErrorSequenceTooOld, "sequence number less than current");
  if (item.seq == stored.item.seq) {
    if (item.value != stored.item.value) return refuse(kErrorSequenceTooOld, "sequence number not newer");
    stored.put = now;
    return Stored::refreshed;
  }
  stored = Entry<MutableItem>{std::move(item), now};
  return Stored::replaced;
}

const ImmutableItem* ItemStore::immutable_item(const NodeId& target, TimePoint now) const {
  return live(immutable_, target, now);
}

const MutableItem* ItemStore::mutable_item(const NodeId& target, TimePoint now) const {
  return live(mutable_, target, now);
}

void ItemStore::expire(TimePoint now) {
  std::erase_if(immutable_, [&](const auto& e) { return expired(e.second.put, now); });
  std::erase_if(mutable_, [&](const auto& e) { return expired(e.second.put, now); });
}

}  // namespace corrent::dht
