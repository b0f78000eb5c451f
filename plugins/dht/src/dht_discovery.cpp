#include "dht_discovery.hpp"

#include <algorithm>
#include <utility>

#include <asio/error.hpp>
#include <asio/this_coro.hpp>

#include "corrent/core/clock.hpp"
#include "corrent/net/peer_address.hpp"
#include "table_state_file.hpp"

namespace corrent::dht {

Result<std::unique_ptr<DhtDiscovery>> DhtDiscovery::create(asio::any_io_executor executor, DhtSettings settings,
                                                           net::DatagramService* shared) {
  std::unique_ptr<net::DatagramService> own;
  bool v6 = false;
  if (shared == nullptr || settings.port != 0) {
    // Without a session (or on a port of its own, as tracker_udp does without one): a
    // service of ours, IPv4 required, IPv6 when the system has it.
    own = std::make_unique<net::DatagramService>(executor);
    if (auto opened = own->open(net::Endpoint::v4({}, settings.port)); !opened) {
      return tl::make_unexpected(opened.error());
    }
    v6 = own->open(net::Endpoint::v6({}, settings.port)).has_value();
  } else {
    // The session's sockets may open after the plugins are built: run an IPv6 node too;
    // its queries fail with no_datagram_socket while there is no IPv6 socket.
    v6 = true;
  }
  net::DatagramService& service = own ? *own : *shared;
  TableStateStatus status;
  const TableState saved = restore(settings.state_file, status);
  std::unique_ptr<DhtDiscovery> plugin(
      new DhtDiscovery(std::move(executor), std::move(settings), std::move(own), service, saved));
  plugin->state_status_ = status;
  if (!v6) plugin->nodes_.pop_back();  // the IPv6 node, made second
  for (auto& node : plugin->nodes_) node->start();
  return plugin;
}

TableState DhtDiscovery::restore(const std::filesystem::path& file, TableStateStatus& status) {
  if (file.empty()) return {};
  auto loaded = load_table_state(file);  // blocking: a small file, once (table_state_file.hpp)
  if (!loaded) {
    // A missing file is a first start; a bad one is ignored (the state is a cache) and
    // its reason kept: the nodes bootstrap as they would without it.
    if (loaded.error() != std::errc::no_such_file_or_directory) status.load_error = loaded.error();
    return {};
  }
  status.restored = true;
  status.restored_nodes = loaded->nodes.size() + loaded->nodes6.size();
  return std::move(*loaded);
}

DhtDiscovery::DhtDiscovery(asio::any_io_executor executor, DhtSettings settings,
                           std::unique_ptr<net::DatagramService> own, net::DatagramService& service,
                           const TableState& saved)
    : executor_(std::move(executor)), settings_(std::move(settings)), own_(std::move(own)), service_(service) {
  for (const bool v6 : {false, true}) {
    DhtNodeSettings node;
    node.v6 = v6;
    node.query_timeout = settings_.query_timeout;
    node.enforce_node_id = settings_.enforce_node_id;
    node.one_candidate_per_ip = settings_.one_candidate_per_ip;
    node.max_datagrams_per_source = settings_.max_datagrams_per_source;
    node.read_only = settings_.read_only;
    for (const auto& e : settings_.bootstrap) {
      if (e.is_v6() == v6) node.bootstrap.push_back(e);
    }
    node.bootstrap_hosts = settings_.bootstrap_hosts;
    // The saved id: the nodes that knew us keep us in their tables under it.
    node.id = v6 ? saved.id6 : saved.id;
    if (settings_.node_id) {
      node.id = settings_.node_id;
      node.keep_id = true;
    }
    // Saved nodes are hints, not table entries: each is asked (find_node) before it is
    // trusted again, all of them in the first bootstrap round.
    for (const auto& restored : v6 ? saved.nodes6 : saved.nodes) node.restored.push_back(restored.endpoint);
    nodes_.push_back(std::make_unique<DhtNode>(executor_, service_, std::move(node)));
  }
}

DhtDiscovery::~DhtDiscovery() = default;

std::vector<net::Endpoint> DhtDiscovery::own_endpoints() const {
  return own_ ? own_->local_endpoints() : std::vector<net::Endpoint>{};
}

void DhtDiscovery::on_dht_node(const net::Endpoint& node) {
  for (auto& n : nodes_) {
    if (n->v6() == node.is_v6()) n->add_hint(node);
  }
}

// A peer's "yourip" (BEP 10) is one more vote for the node of its family (BEP 42).
void DhtDiscovery::on_external_address(const net::Endpoint& address, const net::Endpoint& reporter) {
  for (auto& n : nodes_) {
    if (n->v6() == address.is_v6()) n->vote_external_address(address, reporter);
  }
}

Task<Result<void>> DhtDiscovery::run(DiscoveryContext& torrent) {
  if (torrent.is_private()) co_return Result<void>{};  // BEP 27 (the session should not call us)
  Timer timer(executor_);
  for (;;) {
    const bool reached = co_await announce_round(torrent);
    const auto state = co_await asio::this_coro::cancellation_state;
    if (state.cancelled() != asio::cancellation_type::none || stopped_) {
      co_return tl::make_unexpected(std::error_code(asio::error::operation_aborted));
    }
    if (torrent.event() == DiscoveryEvent::stopped) co_return Result<void>{};
    const std::chrono::milliseconds retry = kEmptyRoundRetry;
    timer.expires_after(reached ? settings_.announce_interval : std::min(retry, settings_.announce_interval));
    auto [ec] = co_await timer.async_wait(use_nothrow);
    if (ec) co_return tl::make_unexpected(ec);
  }
}

// One get_peers lookup per family whose socket is open, its peers to the torrent, then
// announce_peer to the closest responders that gave a token, side by side.
Task<bool> DhtDiscovery::announce_round(DiscoveryContext& torrent) {
  const InfoHashBytes info_hash = torrent.info_hash();
  bool reached = false;
  for (auto& node : nodes_) {
    if (stopped_) co_return reached;
    if (!service_.can_send_to(node->v6() ? net::Endpoint::v6({}, 1) : net::Endpoint::v4({}, 1))) continue;
    if (node->bootstraps() == 0) (void)co_await node->wait_for_bootstrap(kFirstRoundBootstrapWait);
    auto found = co_await node->lookup(NodeId{info_hash}, Lookup::Kind::get_peers);
    reached = reached || !found.closest.empty();
    if (!found.peers.empty()) torrent.peers().on_peers(info_hash, net::any_transport(found.peers));
    const std::uint16_t port = torrent.ports().announced_tcp();
    if (port == 0 && !settings_.implied_port) continue;  // we take no connections: nothing to announce
    net::TaskGroup announces(executor_);
    for (auto& responder : found.responders) {
      if (responder.token) announces.spawn(announce_to(*node, std::move(responder), info_hash, port));
    }
    co_await announces.wait();
  }
  co_return reached;
}

Task<void> DhtDiscovery::announce_to(DhtNode& node, Lookup::Responder responder, InfoHashBytes info_hash,
                                     std::uint16_t port) {
  AnnouncePeerQuery announce;
  announce.info_hash = metainfo::InfoHash{info_hash};
  announce.port = port;
  announce.implied_port = settings_.implied_port;
  announce.token = *responder.token;
  (void)co_await node.query(responder.node, announce);
}

void DhtDiscovery::save_state() {
  TableState state;
  for (const auto& node : nodes_) {
    auto& ids = node->v6() ? state.id6 : state.id;
    auto& entries = node->v6() ? state.nodes6 : state.nodes;
    ids = node->id();
    entries = nodes_to_save(node->table());
  }
  const std::size_t count = state.nodes.size() + state.nodes6.size();
  // A stop before any node answered would replace a useful file with an empty one: the
  // restored nodes are as good a start next time as they were this time.
  if (count == 0 && state_status_.restored_nodes > 0) return;
  auto saved = save_table_state(settings_.state_file, state);  // blocking: once, at stop
  if (!saved) {
    ++state_status_.save_failures;
    state_status_.save_error = saved.error();
    return;
  }
  ++state_status_.saves;
  state_status_.saved_nodes = count;
}

Task<void> DhtDiscovery::stop() {
  // Before the nodes stop: their tables are whole until then.
  if (!stopped_ && !settings_.state_file.empty()) save_state();
  stopped_ = true;
  for (auto& node : nodes_) co_await node->stop();
  if (own_) co_await own_->stop();
}

}  // namespace corrent::dht
