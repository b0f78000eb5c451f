// DhtNode: iterative lookups driven by query(), and bootstrap.
#include <memory>
#include <string>
#include <utility>

#include <asio/experimental/awaitable_operators.hpp>
#include <asio/ip/udp.hpp>

#include "corrent/net/asio_endpoint.hpp"
#include "dht_node.hpp"
#include "dht_random.hpp"

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
  switch (kind) {
    case Lookup::Kind::get_peers:
      return GetPeersQuery{metainfo::InfoHash{lookup.target().bytes}, {}};
    case Lookup::Kind::get:
      return GetQuery{lookup.target(), std::nullopt, {}};
    case Lookup::Kind::sample_infohashes:
      return SampleInfohashesQuery{lookup.target(), {}};
    case Lookup::Kind::find_node:
      break;
  }
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

Lookup::Settings DhtNode::lookup_settings(NodeId target, Lookup::Kind kind) const {
  Lookup::Settings settings;
  settings.target = target;
  settings.self = id_;
  settings.kind = kind;
  settings.v6 = settings_.v6;
  settings.one_candidate_per_ip = settings_.one_candidate_per_ip;
  return settings;
}

// The Lookup when done (a copy: queries still in flight keep feeding the shared one).
Task<Lookup> DhtNode::run_lookup(Lookup::Settings settings) {
  const auto target = settings.target;
  const auto kind = settings.kind;
  const auto seeds = table_.closest(target, kBucketSize);
  auto state = std::make_shared<LookupState>(std::move(settings), seeds, executor_);
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
  co_return state->lookup;
}

Task<LookupResult> DhtNode::lookup(NodeId target, Lookup::Kind kind) {
  const auto done = co_await run_lookup(lookup_settings(target, kind));
  LookupResult result;
  result.closest = done.closest();
  result.responders = done.announce_targets();
  result.peers = done.peers();
  result.queries = done.queries_sent();
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
    // Kademlia's join (Maymounkov and Mazieres, 2.3): then refresh every bucket farther
    // than our own. The own-id lookup fills only the buckets near our id; in a swarm that
    // joins at once, a whole region of the keyspace would otherwise stay unknown to us
    // until the 15-minute refresh, and lookups into it would miss the closest nodes.
    if (thin) {
      for (std::size_t b = 0; b + 1 < table_.bucket_count(); ++b) {
        group_.spawn(refresh(table_.refresh_target(b, random_node_id())));
      }
    }
    ++bootstraps_;
    bootstrapped_->notify_all();
    if (table_.closest(id_, 1).empty() && (!settings_.bootstrap.empty() || !settings_.bootstrap_hosts.empty())) {
      // Nobody answered (lost datagrams, a router down), or every node we heard of has
      // stopped answering: the configured nodes again later.
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
