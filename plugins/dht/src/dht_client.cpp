// DhtClient: a DhtNode on a DatagramService of its own, behind the public API.
#include "corrent/plugins/dht/dht_client.hpp"

#include <utility>

#include "bootstrap_nodes.hpp"
#include "corrent/core/clock.hpp"
#include "dht_client_impl.hpp"

namespace corrent::plugins {

namespace {

DhtNodeInfo info_of(const dht::NodeEntry& entry, bool confirmed) {
  return DhtNodeInfo{entry.id.hex(), entry.endpoint, confirmed};
}

}  // namespace

Result<std::unique_ptr<DhtClient>> DhtClient::open(asio::any_io_executor executor, DhtClientSettings settings) {
  CORRENT_TRY(auto nodes, dht::parse_bootstrap_nodes(settings.bootstrap));
  auto impl = std::make_unique<Impl>(executor);
  CORRENT_TRY(impl->local, impl->service.open(settings.bind.with_port(settings.port)));
  dht::DhtNodeSettings node;
  node.v6 = settings.bind.is_v6();
  for (const auto& e : nodes.numeric) {
    if (e.is_v6() == node.v6) node.bootstrap.push_back(e);
  }
  node.bootstrap_hosts = std::move(nodes.named);
  node.query_timeout = settings.query_timeout;
  node.one_candidate_per_ip = settings.restrict_search_ips;
  node.read_only = settings.read_only;
  if (!settings.restrict_search_ips) {
    // Many honest nodes behind one address: the per-source limit would drop their replies.
    node.max_datagrams_per_source = dht::kMaxDatagramsPerSourceWindow * 100;
  }
  impl->node = std::make_unique<dht::DhtNode>(executor, impl->service, std::move(node));
  impl->node->start();
  return std::unique_ptr<DhtClient>(new DhtClient(std::move(impl)));
}

DhtClient::DhtClient(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

DhtClient::~DhtClient() = default;

Task<std::size_t> DhtClient::bootstrap(std::chrono::milliseconds limit) {
  (void)co_await impl_->node->wait_for_bootstrap(limit);
  co_return impl_->node->table().size();
}

Task<Result<DhtPing>> DhtClient::ping(net::Endpoint node) {
  const auto start = Clock::now();
  auto reply = co_await impl_->node->query(node, dht::PingQuery{});
  if (!reply) co_return tl::make_unexpected(reply.error());
  const auto rtt = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
  co_return DhtPing{reply->id.hex(), rtt};
}

Task<DhtPeers> DhtClient::get_peers(InfoHashBytes info_hash) {
  auto found = co_await impl_->node->lookup(dht::NodeId{info_hash}, dht::Lookup::Kind::get_peers);
  DhtPeers out;
  out.peers = std::move(found.peers);
  for (const auto& entry : found.closest) out.closest.push_back(info_of(entry, true));
  out.queries = found.queries;
  co_return out;
}

std::vector<DhtNodeInfo> DhtClient::table() const {
  std::vector<DhtNodeInfo> out;
  const auto& table = impl_->node->table();
  for (std::size_t b = 0; b < table.bucket_count(); ++b) {
    for (const auto& node : table.live_nodes(b)) out.push_back(info_of(node.entry, node.confirmed));
  }
  return out;
}

std::string DhtClient::id() const { return impl_->node->id().hex(); }

net::Endpoint DhtClient::local_endpoint() const { return impl_->local; }

Task<void> DhtClient::stop() {
  co_await impl_->node->stop();
  co_await impl_->service.stop();
}

}  // namespace corrent::plugins
