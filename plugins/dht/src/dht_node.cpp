// DhtNode: datagrams in (claim, queries, replies), queries out, maintenance. Lookups and
// bootstrap are in dht_node_lookup.cpp.
#include "dht_node.hpp"

#include <algorithm>
#include <cstddef>
#include <string_view>
#include <utility>
#include <variant>

#include <asio/error.hpp>
#include <asio/this_coro.hpp>

#include "dht_random.hpp"
#include "krpc.hpp"
#include "rate_limit.hpp"

namespace corrent::dht {

TimePoint dht_now() { return TimePoint(corrent::Clock::now().time_since_epoch()); }

namespace {

RoutingTable::Settings table_settings(const NodeId& id, bool v6) {
  RoutingTable::Settings s;
  s.self = id;
  s.v6 = v6;
  return s;
}

// The first bootstrap round's nodes: the configured ones, then the saved ones.
std::vector<net::Endpoint> initial_hints(const DhtNodeSettings& settings) {
  auto hints = settings.bootstrap;
  const auto restored = std::min(settings.restored.size(), kMaxSavedNodes);
  hints.insert(hints.end(), settings.restored.begin(), settings.restored.begin() + static_cast<std::ptrdiff_t>(restored));
  return hints;
}

QueryHandler::Settings handler_settings(const DhtNodeSettings& settings) {
  QueryHandler::Settings s;
  s.enforce_bep42 = settings.enforce_node_id;
  return s;
}

}  // namespace

DhtNode::DhtNode(asio::any_io_executor executor, net::DatagramService& service, DhtNodeSettings settings)
    : executor_(std::move(executor)),
      service_(service),
      settings_(std::move(settings)),
      id_(settings_.id ? *settings_.id : random_node_id()),
      table_(table_settings(id_, settings_.v6), dht_now()),
      tokens_(random_secret(), dht_now()),
      handler_(handler_settings(settings_),
               QueryHandler::Tables{settings_.v6 ? nullptr : &table_, settings_.v6 ? &table_ : nullptr}, store_,
               items_, tokens_),
      rpc_(static_cast<std::uint16_t>(random_u64())),
      hints_(initial_hints(settings_)),
      hinted_(std::make_unique<Condition>(executor_)),
      bootstrapped_(std::make_unique<Condition>(executor_)),
      group_(executor_) {}

DhtNode::~DhtNode() = default;

void DhtNode::start() {
  if (registration_.active() || stopped_) return;
  registration_ = service_.add_handler(settings_.v6 ? "dht6" : "dht",
                                       [this](const net::Datagram& d) { return claim(d); });
  group_.spawn(maintain());
  group_.spawn(bootstrap());
}

Task<void> DhtNode::stop() {
  stopped_ = true;
  for (auto& [tid, waiter] : waiters_) waiter->timer->cancel();
  registration_.reset();
  hinted_->notify_all();
  bootstrapped_->notify_all();
  co_await group_.stop();
}

void DhtNode::add_hint(const net::Endpoint& node) {
  if (stopped_ || node.is_v6() != settings_.v6 || node.port() == 0) return;
  if (hints_.size() >= kMaxPendingHints) return;
  for (const auto& known : hints_) {
    if (known == node) return;
  }
  hints_.push_back(node);
  hinted_->notify_all();
}

// Claims narrowly (DatagramService's rule): 'd' first, then KRPC that decodes, or a query
// the decoder refused but whose "t" it could read (answered 203). Anything else goes on
// to the next handler (the UDP tracker client, uTP) untouched.
bool DhtNode::claim(const net::Datagram& datagram) {
  if (stopped_ || datagram.bytes.empty() || datagram.bytes.front() != 'd') return false;
  if (datagram.from.is_v6() != settings_.v6) return false;
  const std::string_view packet(reinterpret_cast<const char*>(datagram.bytes.data()), datagram.bytes.size());
  auto decoded = decode_krpc(packet);
  if (!decoded) {
    auto transaction_id = query_transaction_id(packet);
    if (!transaction_id) return false;
    if (over_source_rate_limit(datagram.recent_from_source, settings_.max_datagrams_per_source)) {
      ++rate_limited_;
      return true;
    }
    send(datagram.from, handler_.refuse(std::move(*transaction_id), datagram.from, decoded.error().code).bytes);
    return true;
  }
  if (std::holds_alternative<Query>(decoded->body)) {
    on_query(*decoded, datagram);
  } else {
    on_reply(std::move(*decoded), datagram.from);
  }
  return true;
}

void DhtNode::on_query(const Message& message, const net::Datagram& datagram) {
  if (settings_.read_only) return;  // BEP 43: a read-only node serves nobody
  // Dropped unanswered past the limit: a flood costs us no upload (rate_limit.hpp).
  if (over_source_rate_limit(datagram.recent_from_source, settings_.max_datagrams_per_source)) {
    ++rate_limited_;
    return;
  }
  auto reply = handler_.handle(message, datagram.from, datagram.bytes.size(), dht_now(), random_u64());
  if (!reply) return;
  ++answered_;
  send(datagram.from, reply->bytes);
}

// A reply or error: to the query() waiting for it, if RpcTable says it answers one of
// ours from the endpoint we asked. A stray one is claimed (it is KRPC) and dropped.
void DhtNode::on_reply(Message message, const net::Endpoint& from) {
  const auto outstanding = rpc_.take(message.transaction_id, from);
  if (!outstanding) return;
  // Only a node we queried votes: a forged "ip" needs our transaction id as well.
  if (message.external_ip) vote_external_address(*message.external_ip, from);
  const auto it = waiters_.find(outstanding->transaction_id);
  if (it == waiters_.end() || it->second->reply) return;
  it->second->reply = std::move(message);
  it->second->timer->cancel();
}

void DhtNode::send(const net::Endpoint& to, const std::string& bytes) {
  const auto* data = reinterpret_cast<const std::uint8_t*>(bytes.data());
  // A full queue or a closed socket loses this datagram only: KRPC is datagram-based and
  // every query of ours is bounded by its timeout.
  (void)service_.send(to, std::span<const std::uint8_t>(data, bytes.size()));
}

Task<Result<Response>> DhtNode::query(net::Endpoint to, QueryArguments arguments) {
  co_return co_await query_node(to, std::nullopt, std::move(arguments));
}

Task<Result<Response>> DhtNode::query(NodeEntry node, QueryArguments arguments) {
  co_return co_await query_node(node.endpoint, node.id, std::move(arguments));
}

Result<std::string> DhtNode::register_query(const net::Endpoint& to, const std::optional<NodeId>& expected,
                                            QueryArguments arguments, std::string& bytes) {
  if (stopped_) return tl::make_unexpected(std::error_code(asio::error::operation_aborted));
  if (to.is_v6() != settings_.v6) {
    return tl::make_unexpected(std::error_code(asio::error::address_family_not_supported));
  }
  auto transaction_id = rpc_.add(to, method_name(arguments), expected, dht_now() + settings_.query_timeout);
  if (!transaction_id) return tl::make_unexpected(std::error_code(asio::error::no_buffer_space));
  bytes = encode_krpc(
      Message{*transaction_id, std::nullopt, std::nullopt, settings_.read_only, Query{id_, std::move(arguments)}});
  const auto* data = reinterpret_cast<const std::uint8_t*>(bytes.data());
  if (auto sent = service_.send(to, std::span<const std::uint8_t>(data, bytes.size())); !sent) {
    (void)rpc_.take(*transaction_id, to);
    return tl::make_unexpected(sent.error());
  }
  return *transaction_id;
}

Task<Result<Message>> DhtNode::exchange(net::Endpoint to, std::optional<NodeId> expected,
                                       QueryArguments arguments) {
  std::string bytes;
  auto transaction_id = register_query(to, expected, std::move(arguments), bytes);
  if (!transaction_id) co_return tl::make_unexpected(transaction_id.error());
  Timer timer(executor_);
  auto waiter = std::make_unique<Waiter>();
  waiter->timer = &timer;
  waiter->transaction_id = *transaction_id;
  waiters_[waiter->transaction_id] = waiter.get();
  timer.expires_after(settings_.query_timeout);
  (void)co_await timer.async_wait(use_nothrow);
  waiters_.erase(waiter->transaction_id);
  if (waiter->reply) co_return std::move(*waiter->reply);
  (void)rpc_.take(waiter->transaction_id, to);
  const auto state = co_await asio::this_coro::cancellation_state;
  if (state.cancelled() != asio::cancellation_type::none || stopped_) {
    co_return tl::make_unexpected(std::error_code(asio::error::operation_aborted));
  }
  if (expected) (void)table_.failed(*expected);
  co_return tl::make_unexpected(std::error_code(asio::error::timed_out));
}

Result<Response> DhtNode::settle(Result<Message> reply, const net::Endpoint& to, const std::optional<NodeId>& expected) {
  if (!reply) return tl::make_unexpected(reply.error());
  auto* response = std::get_if<Response>(&reply->body);
  if (response == nullptr || (expected && response->id != *expected)) {
    if (expected) (void)table_.failed(*expected);
    return tl::make_unexpected(std::error_code(asio::error::connection_refused));
  }
  (void)table_.heard_from(NodeEntry{response->id, to}, Contact::replied, dht_now());
  return std::move(*response);
}

Task<Result<Response>> DhtNode::query_node(net::Endpoint to, std::optional<NodeId> expected,
                                           QueryArguments arguments) {
  auto reply = co_await exchange(to, expected, std::move(arguments));
  co_return settle(std::move(reply), to, expected);
}

Task<void> DhtNode::maintain() {
  Timer timer(executor_);
  for (;;) {
    timer.expires_after(kMaintenanceInterval);
    auto [ec] = co_await timer.async_wait(use_nothrow);
    if (ec || stopped_) co_return;
    maintenance_round();
  }
}

void DhtNode::maintenance_round() {
  const auto now = dht_now();
  (void)tokens_.maybe_rotate(random_secret(), now);
  store_.expire(now);
  items_.expire(now);
  if (table_.closest(id_, 1).empty()) {
    // Nobody to start a lookup from (an empty table, or only nodes that stopped
    // answering): join again through the configured nodes, as at start.
    for (const auto& node : settings_.bootstrap) add_hint(node);
    for (const auto& host : settings_.bootstrap_hosts) group_.spawn(resolve(host));
    return;
  }
  if (table_.size() < kBucketSize) {
    // A thin table (its lookups lost their replies, or few nodes answered): look up our
    // own id again each round rather than wait the 15 minutes of a bucket refresh.
    group_.spawn(refresh(id_));
    return;
  }
  std::size_t started = 0;
  for (const auto bucket : table_.buckets_to_refresh(now)) {
    if (started++ == kMaxRefreshesPerRound) break;
    group_.spawn(refresh(table_.refresh_target(bucket, random_node_id())));
  }
}

Task<void> DhtNode::refresh(NodeId target) { (void)co_await lookup(target, Lookup::Kind::find_node); }

}  // namespace corrent::dht
