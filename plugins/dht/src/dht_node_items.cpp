// DhtNode: BEP 44 get and put of items and BEP 51 sample_infohashes, on top of
// run_lookup() (dht_node_lookup.cpp). The checks of what other nodes return are Lookup's
// (lookup.cpp); here, the refusals of our own bad puts and the puts themselves.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include <absl/cleanup/cleanup.h>
#include <asio/this_coro.hpp>

#include "dht_node.hpp"

namespace corrent::dht {

/// The puts of one put_*(), shared by its caller and its put tasks (a task may outlive a
/// caller that was cancelled: it then counts into a result nobody reads).
struct PutState {
  explicit PutState(const asio::any_io_executor& executor) : changed(executor) {}
  ItemPut result;
  std::size_t pending = 0;
  Condition changed;
};

namespace {

// A put refused before any query: the codes a node would have answered with.
ItemPut refused(const NodeId& target, std::vector<std::int64_t> errors) {
  ItemPut put;
  put.target = target;
  put.errors = std::move(errors);
  return put;
}

ItemLookup item_lookup(const Lookup& done) {
  ItemLookup result;
  result.immutable_value = done.immutable_value();
  result.mutable_item = done.mutable_item();
  result.closest = done.closest();
  result.queries = done.queries_sent();
  result.ignored = done.items_ignored();
  return result;
}

}  // namespace

Task<ItemLookup> DhtNode::get_immutable(NodeId target) {
  const auto done = co_await run_lookup(lookup_settings(target, Lookup::Kind::get));
  co_return item_lookup(done);
}

Task<ItemLookup> DhtNode::get_mutable(PublicKey key, std::string salt) {
  // BEP 44: no node stores an item with a longer salt, so there is nothing to look for.
  if (salt.size() > kMaxSaltSize) co_return ItemLookup{};
  auto settings = lookup_settings(mutable_target(key, salt), Lookup::Kind::get);
  settings.item_key = key;
  settings.salt = std::move(salt);
  const auto done = co_await run_lookup(std::move(settings));
  co_return item_lookup(done);
}

Task<ItemPut> DhtNode::put_immutable(std::string value) {
  const auto target = immutable_target(value);
  if (value.size() > kMaxItemValueSize) co_return refused(target, {kErrorValueTooBig});
  auto decoded = canonical_value(value);
  if (!decoded) co_return refused(target, {kErrorProtocol});
  auto settings = lookup_settings(target, Lookup::Kind::get);
  settings.stop_at_value = false;  // the tokens of the k closest, even where the item is
  PutQuery put;
  put.value = std::move(*decoded);
  co_return co_await put_item(std::move(settings), std::move(put));
}

Task<ItemPut> DhtNode::put_mutable(MutableItem item, std::optional<std::int64_t> cas) {
  const auto target = item.target();
  std::vector<std::int64_t> refusals;
  if (item.value.size() > kMaxItemValueSize) refusals.push_back(kErrorValueTooBig);
  if (item.salt.size() > kMaxSaltSize) refusals.push_back(kErrorSaltTooBig);
  if (!refusals.empty()) co_return refused(target, std::move(refusals));
  auto decoded = canonical_value(item.value);
  if (!decoded) co_return refused(target, {kErrorProtocol});
  // Every node would answer 206: not worth a lookup.
  if (!item.verified()) co_return refused(target, {kErrorInvalidSignature});
  auto settings = lookup_settings(target, Lookup::Kind::get);
  settings.item_key = item.key;
  settings.salt = item.salt;
  PutQuery put;
  put.value = std::move(*decoded);
  put.key = item.key;
  put.signature = item.signature;
  put.seq = item.seq;
  put.cas = cas;
  if (!item.salt.empty()) put.salt = item.salt;
  co_return co_await put_item(std::move(settings), std::move(put));
}

Task<ItemPut> DhtNode::put_item(Lookup::Settings settings, PutQuery put) {
  const auto target = settings.target;
  const auto done = co_await run_lookup(std::move(settings));
  auto state = std::make_shared<PutState>(executor_);
  state->result.target = target;
  for (const auto& responder : done.announce_targets()) {
    if (stopped_) break;
    auto query = put;
    query.token = *responder.token;
    ++state->pending;
    ++state->result.asked;
    group_.spawn(put_to(state, responder.node, std::move(query)));
  }
  // Cancelled or stopped: what was counted so far.
  (void)co_await state->changed.wait_until([&] { return state->pending == 0 || stopped_; });
  auto result = state->result;
  result.queries = done.queries_sent() + result.asked;
  co_return result;
}

// A put's KRPC error (301, 302, ...) is the node's answer, not a failure: its code is
// kept, and it does not count against the node in the table.
Task<void> DhtNode::put_to(std::shared_ptr<PutState> state, NodeEntry node, PutQuery put) {
  absl::Cleanup finished = [&state] {
    --state->pending;
    state->changed.notify_all();
  };
  auto reply = co_await exchange(node.endpoint, node.id, std::move(put));
  const auto* error = reply ? std::get_if<ErrorReply>(&reply->body) : nullptr;
  if (error != nullptr) {
    state->result.errors.push_back(error->code);
    co_return;
  }
  if (settle(std::move(reply), node.endpoint, node.id)) ++state->result.stored;
}

Task<SampleLookup> DhtNode::sample_infohashes(NodeId target) {
  const auto done = co_await run_lookup(lookup_settings(target, Lookup::Kind::sample_infohashes));
  SampleLookup result;
  result.samples = done.samples();
  result.nodes = done.sample_sources().size();
  result.queries = done.queries_sent();
  co_return result;
}

}  // namespace corrent::dht
