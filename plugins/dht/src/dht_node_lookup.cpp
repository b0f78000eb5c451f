// DhtNode: iterative lookups driven by query(), and bootstrap.
#include <memory>
#include <string>
#include <utility>

#include <asio/experimental/awaitable_operators.hpp>
#include <asio/ip/udp.hpp>

#include "corrent/net/asio_endpoint.hpp"
#include "dht_node.hpp"

namespace corrent::dht {

/// A running lookup, shared by its driver and its queries (a query may outlive a lookup
/// that finished or was cancelled: it then feeds a Lookup nobody reads).
struct LookupState {
  LookupState(Lookup::Settings settings, std::span<const NodeEntry> seeds, const asio::any_io_executor& executor)
      : lookup(settings, seeds, dht_now()), changed(executor) {}
  Lookup lookup;
  Condition changed;
  std::uint64_t completions = 0;
};

namespace {

QueryArguments lookup_query(const Lookup& lookup, Lookup::Kind kind) {
  if (kind == Lookup::Kind::get_peers) return GetPeersQuery{metainfo::InfoHash{lookup.target().bytes}, {}};
  return FindNodeQuery{lookup.target(), {}};
}

}  // namespace

Task<void> DhtNode::ask(std::shared_ptr<LookupState> state, NodeEntry node, Lookup::Kind kind) {
  auto reply = co_await query(node, lookup_query(state->lookup, kind));
  if (reply) {
    state->lookup.on_reply(node.endpoint, *reply);
  } else {
    state->lookup.on_failure(node.endpoint);
  }
  ++state->completions;
  state->changed.notify_all();
}

Task<LookupResult> DhtNode::lookup(NodeId target, Lookup::Kind kind) {
  Lookup::Settings settings;
  settings.target = target;
  settings.self = id_;
  settings.kind = kind;
  settings.v6 = settings_.v6;
  settings.one_candidate_per_ip = settings_.one_candidate_per_ip;
  const auto seeds = table_.closest(target, kBucketSize);
  auto state = std::make_shared<LookupState>(settings, seeds, executor_);
  for (;;) {
    const auto now = dht_now();
    if (stopped_ || state->lookup.done(now)) break;
    for (auto& node : state->lookup.next(now)) {
      group_.spawn(ask(state, node, kind));
    }
    if (state->lookup.in_flight() == 0) break;
    const auto seen = state->completions;
    const bool woken = co_await state->changed.wait_until([&] { return state->completions != seen || stopped_; });
    if (!woken) break;  // cancelled: what was found so far
  }
  table_.touch(target, dht_now());
  LookupResult result;
  result.closest = state->lookup.closest();
  result.responders = state->lookup.announce_targets();
  result.peers = state->lookup.peers();
  result.queries = state->lookup.queries_sent();
  co_return result;
}

Task<void> DhtNode::bootstrap() {
  for (const auto& host : settings_.bootstrap_hosts) group_.spawn(resolve(host));
  for (;;) {
    const bool woken = co_await hinted_->wait_until([this] { return !hints_.empty() || stopped_; });
    if (!woken || stopped_) co_return;
    // A session builds its plugins before it opens its sockets: a round sent before then
    // would fail at once and leave the table empty until the retry, 30 s later.
    const auto family = settings_.v6 ? net::Endpoint::v6({}, 1) : net::Endpoint::v4({}, 1);
    if (!service_.can_send_to(family)) {
      const bool open = co_await service_.wait_for_socket(family);
      if (!open || stopped_) co_return;
    }
    auto batch = std::move(hints_);
    hints_.clear();
    const bool thin = table_.size() < kBucketSize || bootstraps_ == 0;
    {
      net::TaskGroup contacts(executor_);
      for (const auto& node : batch) contacts.spawn(contact(node));
      co_await contacts.wait();
    }
    if (stopped_) co_return;
    // BEP 5: a new node fills its table by looking up its own id. Later hints (BEP 5
    // PORT from peers) only add their node, unless the table is still thin.
    if (thin) (void)co_await lookup(id_, Lookup::Kind::find_node);
    ++bootstraps_;
    bootstrapped_->notify_all();
    if (table_.size() == 0 && (!settings_.bootstrap.empty() || !settings_.bootstrap_hosts.empty())) {
      // Nobody answered (lost datagrams, a router down): the configured nodes again later.
      Timer timer(executor_);
      timer.expires_after(kBootstrapRetryInterval);
      auto [ec] = co_await timer.async_wait(use_nothrow);
      if (ec || stopped_) co_return;
      for (const auto& node : settings_.bootstrap) add_hint(node);
      for (const auto& host : settings_.bootstrap_hosts) group_.spawn(resolve(host));
    }
  }
}

Task<bool> DhtNode::wait_for_bootstrap(std::chrono::milliseconds limit) {
  using namespace asio::experimental::awaitable_operators;
  const bool nobody_to_ask = settings_.bootstrap.empty() && settings_.bootstrap_hosts.empty() && hints_.empty();
  if (bootstraps_ > 0 || stopped_ || nobody_to_ask) co_return bootstraps_ > 0;
  Timer timer(executor_, limit);
  auto done = bootstrapped_->wait_until([this] { return bootstraps_ > 0 || stopped_; });  // named: GCC 12
  (void)co_await (std::move(done) || timer.async_wait(use_nothrow));
  co_return bootstraps_ > 0;
}

Task<void> DhtNode::contact(net::Endpoint node) {
  (void)co_await query(node, FindNodeQuery{id_, {}});
}

// The addresses of `host` of this node's family become hints (a name may have several).
Task<void> DhtNode::resolve(HostPort host) {
  using namespace asio::experimental::awaitable_operators;
  asio::ip::udp::resolver resolver(executor_);
  Timer timer(executor_, kBootstrapResolveTimeout);
  auto resolved = co_await (resolver.async_resolve(host.host, std::to_string(host.port), use_nothrow) ||
                            timer.async_wait(use_nothrow));
  if (resolved.index() != 0) co_return;  // timed out
  auto [ec, results] = std::get<0>(std::move(resolved));
  if (ec) co_return;
  for (const auto& entry : results) add_hint(net::from_asio(entry.endpoint()));
}

}  // namespace corrent::dht
