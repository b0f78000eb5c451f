// Session and SessionCore: plugins, listening, accepting, and the torrents.
#include "corrent/engine/session.hpp"

#include <algorithm>

#include <absl/strings/str_format.h>

#include "corrent/engine/descriptor_budget.hpp"
#include "corrent/engine/errc.hpp"
#include "corrent/events/event.hpp"
#include "corrent/mse/keys.hpp"
#include "corrent/mse/negotiate.hpp"
#include "corrent/net/socks5_transport.hpp"
#include "session_core.hpp"

namespace corrent::engine {

// --- SessionCore ---

namespace {

// The session's connection bounds: the settings', with the total lowered to what the
// descriptor budget leaves for peers; the storage gets the budget's file share.
ConnectionLimiter::Limits connection_limits(const SessionSettings& settings,
                                            storage::StorageBackend& storage) {
  const auto budget = split_descriptors(descriptor_limit(settings.raise_descriptor_limit));
  storage.set_descriptor_budget(budget.files);
  return {std::min(settings.max_connections, budget.peers), settings.max_handshakes,
          settings.max_connections_per_address, settings.ip_filter};
}

// Whether any discovery plugin is a DHT (it wants the nodes peers announce with PORT).
bool wants_dht_nodes(const PluginSet& plugins) {
  const auto discoveries = plugins.all<Discovery>();
  return std::any_of(discoveries.begin(), discoveries.end(), [](const Discovery* d) { return d->wants_dht_nodes(); });
}

}  // namespace

SessionCore::SessionCore(asio::any_io_executor executor, std::unique_ptr<net::DatagramService> datagrams,
                         PluginSet plugins, SessionSettings settings, Chosen chosen)
    : executor_(executor),
      datagrams_(std::move(datagrams)),
      plugins_(std::move(plugins)),
      settings_(std::move(settings)),
      proxied_(std::move(chosen.proxied)),
      transports_(std::move(chosen.transports)),
      storage_(chosen.storage),
      picker_(chosen.picker),
      choker_(chosen.choker),
      events_(executor),
      // disk_threads 0: the disk work runs inline on the session executor (simulations).
      disk_pool_(settings_.disk_threads == 0 ? storage::DiskPool(executor)
                                              : storage::DiskPool(settings_.disk_threads)),
      random_(settings_.random_seed),
      peer_id_(settings_.peer_id       ? *settings_.peer_id
               : settings_.random_seed ? make_peer_id(random_.next64())
                                       : make_peer_id()),
      announce_key_(random_.below(0xffffffffU)),
      extensions_(corrent::extension_slots(plugins_)),
      dht_(wants_dht_nodes(plugins_)),
      external_address_(events_),
      mappings_(executor, events_, ports_, external_address_),
      limiter_(connection_limits(settings_, *storage_)),
      limits_(std::make_shared<throttle::LimitPair>(settings_.rate_limits)),
      download_scheduler_(executor),
      upload_scheduler_(executor),
      accepting_(executor),
      services_(executor) {}

SessionCore::~SessionCore() = default;

Task<Result<void>> SessionCore::start() {
  for (const auto& text : settings_.listen) {
    auto bind = net::Endpoint::parse(text);
    if (!bind) co_return fail(errc::bad_listen_address);
    CORRENT_CO_TRY_VOID(listen_on(*bind));
  }
  ports_.tcp = listen_port();
  // A session that accepts nothing still asks UDP trackers (and later the DHT): sockets
  // of its own then, on ports the system picks (IPv6 where the system has it).
  if (settings_.listen.empty()) {
    open_udp_socket(net::Endpoint::v4({0, 0, 0, 0}, 0));
    (void)datagrams_->open(net::Endpoint::v6({}, 0));
  }
  const auto udp = datagrams_->local_endpoints();
  ports_.udp = udp.empty() ? 0 : udp.front().port();
  mappings_.start(plugins_.named<PortMapper>(), mapping_requests());
  start_services();
  co_return Result<void>{};
}

Result<void> SessionCore::listen_on(net::Endpoint bind) {
  for (auto* transport : transports_) {
    auto listener = transport->listen(bind);
    if (!listener) return tl::make_unexpected(listener.error());
    const auto bound = (*listener)->local_endpoints();
    // The next transports take the port the first was given: one port to announce and map.
    if (bind.port() == 0 && !bound.empty()) bind = bind.with_port(bound.front().port());
    listeners_.push_back(Listening{transport, std::move(*listener)});
    accepting_.spawn(accept_loop(listeners_.back().listener.get(), transport->scheme()));
  }
  open_udp(bind);
  return {};
}

void SessionCore::open_udp(net::Endpoint bound) {
  // "[::]" listens on both families (transport_tcp's dual-stack listener): UDP gets an
  // IPv6-only socket and an IPv4 one, so that each family's datagrams leave from a socket
  // of their own and no address is ever v4-mapped.
  const bool any_v6 = bound.is_v6() && bound.is_unspecified();
  open_udp_socket(bound);
  if (any_v6) open_udp_socket(net::Endpoint::v4({0, 0, 0, 0}, bound.port()));
}

void SessionCore::open_udp_socket(net::Endpoint bound) {
  // The TCP port, so that uTP, the DHT and UDP trackers are reached at the port we
  // announce. Taken by another program: any port, said; none at all: said, and the
  // session goes on over TCP (UDP trackers then fail with no_datagram_socket). A uTP
  // transport listening there has opened it already.
  const auto open = datagrams_->local_endpoints();
  if (std::find(open.begin(), open.end(), bound) != open.end()) return;
  if (datagrams_->open(bound)) return;
  auto fallback = datagrams_->open(bound.with_port(0));
  if (fallback) {
    events_.publish(events::SessionWarning{
        "udp_port_differs", {},
        absl::StrFormat("UDP port %d is taken; UDP (uTP, DHT, trackers) uses port %d instead",
                        bound.port(), fallback->port())});
    return;
  }
  events_.publish(events::SessionWarning{
      "udp_unavailable", fallback.error(),
      "no UDP socket on " + bound.to_string() + ": " + fallback.error().message()});
}

std::vector<PortRequest> SessionCore::mapping_requests() const {
  std::vector<PortRequest> out;
  const auto add = [&out](PortRequest request) {
    if (std::find(out.begin(), out.end(), request) == out.end()) out.push_back(request);
  };
  for (const auto& e : listen_endpoints()) add({e.port(), PortProtocol::tcp});
  for (const auto& e : datagrams_->local_endpoints()) add({e.port(), PortProtocol::udp});
  return out;
}

std::vector<net::Endpoint> SessionCore::listen_endpoints() const {
  std::vector<net::Endpoint> out;
  for (const auto& a : listen_addresses()) {
    if (std::find(out.begin(), out.end(), a.endpoint) == out.end()) out.push_back(a.endpoint);
  }
  return out;
}

std::vector<net::PeerAddress> SessionCore::listen_addresses() const {
  std::vector<net::PeerAddress> out;
  for (const auto& l : listeners_) {
    for (const auto& e : l.listener->local_endpoints()) out.push_back(net::PeerAddress{e, std::string(l.transport->scheme())});
  }
  return out;
}

std::uint16_t SessionCore::listen_port() const {
  const auto endpoints = listen_endpoints();
  return endpoints.empty() ? 0 : endpoints.front().port();
}

Task<void> SessionCore::accept_loop(net::Listener* listener, std::string_view transport) {
  auto backoff = kMinAcceptBackoff;
  for (;;) {
    auto stream = co_await listener->accept();
    if (!stream) {
      const bool go_on = co_await after_accept_error(stream.error(), backoff);
      if (!go_on) co_return;
      continue;
    }
    if (backoff != kMinAcceptBackoff) {
      backoff = kMinAcceptBackoff;  // accepting again: a later shortage is a new episode
      accept_paused_ = false;
    }
    // Over a bound the connection is closed at once: one accept and one close, no
    // coroutine, no buffer, so a flood costs next to nothing to keep up with.
    auto admitted = limiter_.admit_inbound(std::move(*stream));
    if (!admitted.stream) continue;  // refused: the stream is gone, its descriptor closed
    spawn_accept(std::move(admitted), std::string(transport), settings_.encryption);
  }
}

Task<bool> SessionCore::after_accept_error(std::error_code error, std::chrono::milliseconds& backoff) {
  if (error == asio::error::operation_aborted || stopped_) co_return false;
  if (!out_of_descriptors(error)) co_return true;  // a reset before accept: take the next one
  // Out of descriptors or memory: the pending connection stays queued, so accepting again
  // at once would spin. Pause until a connection closes or the back-off passes.
  if (!accept_paused_) {
    accept_paused_ = true;
    const auto counts = limiter_.counts();
    events_.publish(events::SessionWarning{
        "accept_paused", error,
        absl::StrFormat("cannot accept connections (%s) with %d open; pausing accepts until "
                        "one closes",
                        error.message(), counts.connections)});
  }
  const bool woken = co_await limiter_.wait_for_release(backoff);
  backoff = std::min(backoff * 2, kMaxAcceptBackoff);
  co_return woken && !stopped_;
}

void SessionCore::spawn_accept(ConnectionLimiter::Admitted admitted, std::string transport,
                               mse::EncryptionPolicy encryption) {
  // The torrent's limits join once its handshake names it (accept_peer).
  auto limits = std::make_shared<throttle::ConnectionLimits>(throttle::ConnectionLimits{limits_, nullptr});
  auto stream = throttled(std::move(admitted.stream), limits);
  accepting_.spawn(accept_peer(std::move(stream), admitted.lease, std::move(transport), encryption, std::move(limits)));
}

std::unique_ptr<net::Stream> SessionCore::throttled(std::unique_ptr<net::Stream> stream,
                                                    std::shared_ptr<throttle::ConnectionLimits> limits) {
  return throttle::throttled_stream(std::move(stream), download_scheduler_, upload_scheduler_, std::move(limits));
}

void SessionCore::rates_changed() {
  download_scheduler_.rates_changed();
  upload_scheduler_.rates_changed();
}

Task<void> SessionCore::accept_peer(std::unique_ptr<net::Stream> stream, std::uint64_t lease,
                                     std::string transport, mse::EncryptionPolicy encryption,
                                     std::shared_ptr<throttle::ConnectionLimits> limits) {
  const auto remote = stream->remote();
  // Plaintext or MSE/PE: decided from the first bytes (mse::accept_any).
  mse::Receiver::Lookup lookup_obfuscated = [this](const crypto::Sha1Digest& req2) { return match_obfuscated(req2); };
  // The inbound deadline bounds detection and the MSE handshake too: a peer that sends
  // 16 bytes and stalls must not hold its place for MSE's own 15 s.
  auto accepted = co_await mse::accept_any(std::move(stream), encryption, std::move(lookup_obfuscated),
                                           settings_.inbound_handshake_timeout);
  if (!accepted) {
    events_.publish(events::PeerClosed{remote, accepted.error(), accepted.error().message()});
    co_return;
  }
  const auto encrypted_for = accepted->info_hash;
  wire::Reserved reserved;
  reserved.set_fast(true);
  reserved.set_extension_protocol(true);
  reserved.set_dht(dht_);
  wire::PeerSettings ps;
  ps.client_name = settings_.client_name;
  // BEP 10 "p": the port a peer can reach us on, the mapped one behind a NAT (as libtorrent).
  if (ports_.announced_tcp() != 0) ps.listen_port = ports_.announced_tcp();
  ps.events = &events_;
  ps.handshake_timeout = settings_.inbound_handshake_timeout;
  ps.transport = transport;
  wire::TorrentLookup lookup = [this, encrypted_for](const metainfo::InfoHash& ih) -> std::optional<wire::TorrentMatch> {
    // An encrypted peer must name in its handshake the torrent its obfuscated hash named.
    if (encrypted_for && *encrypted_for != ih) return std::nullopt;
    const Torrent* t = find(ih);
    if (t == nullptr || !t->accepting()) return std::nullopt;
    return wire::TorrentMatch{t->shape()};
  };
  auto connection = co_await wire::PeerConnection::accept(
      std::move(accepted->stream), wire::LocalIdentity{reserved, peer_id_}, lookup, ps);
  if (!connection) co_return;  // reported as PeerClosed by the connection
  limiter_.handshake_done(lease);
  // Looked up again: the torrent may have gone during the handshake.
  if (Torrent* t = find((*connection)->peer_handshake().info_hash)) {
    limits->torrent = t->rate_limits();
    t->attach_incoming(std::move(*connection), transport);
  } else {
    (*connection)->close(errc::unknown_torrent);
  }
}

// A handful of torrents per session: one SHA-1 each per encrypted connection is cheaper
// than keeping a second map in step with torrents_.
std::optional<metainfo::InfoHash> SessionCore::match_obfuscated(const crypto::Sha1Digest& req2) const {
  for (const auto& [ih, torrent] : torrents_) {
    if (torrent->accepting() && mse::req2_hash(ih) == req2) return ih;
  }
  return std::nullopt;
}

Task<Result<metainfo::InfoHash>> SessionCore::add_torrent(AddTorrentParams params) {
  if (params.magnet && !params.magnet->info_hash) co_return fail(errc::no_metadata_source);
  const auto info_hash = params.magnet ? *params.magnet->info_hash : params.metainfo.info_hash;
  if (stopped_) co_return fail(errc::torrent_stopped);
  if (torrents_.contains(info_hash)) co_return fail(errc::duplicate_torrent);
  auto* picker = params.picker.empty() ? picker_ : plugins_.find<policy::PickerPlugin>(params.picker);
  if (picker == nullptr) co_return fail(errc::no_picker);
  TorrentContext ctx{executor_, &events_, &disk_pool_, storage_, transports_, &plugins_, &settings_,
                     extensions_, peer_id_, &ports_, dht_, announce_key_, &limiter_, picker, choker_,
                     &random_};
  ctx.external_address = &external_address_;
  ctx.adopt_incoming = [this](std::unique_ptr<net::Stream> stream, std::string transport) {
    auto admitted = limiter_.admit_inbound(std::move(stream));
    if (!admitted.stream) return;  // over a bound: closed, as an accepted one would be
    spawn_accept(std::move(admitted), std::move(transport), settings_.encryption);
  };
  ctx.throttled = [this](std::unique_ptr<net::Stream> stream, std::shared_ptr<throttle::LimitPair> torrent) {
    auto limits = std::make_shared<throttle::ConnectionLimits>(throttle::ConnectionLimits{limits_, std::move(torrent)});
    return throttled(std::move(stream), std::move(limits));
  };
  CORRENT_CO_TRY(auto torrent, Torrent::create(std::move(ctx), std::move(params)));
  auto* raw = torrent.get();
  torrents_.emplace(info_hash, std::move(torrent));
  raw->start();
  co_return info_hash;
}

Task<Result<void>> SessionCore::remove_torrent(metainfo::InfoHash info_hash) {
  auto it = torrents_.find(info_hash);
  if (it == torrents_.end()) co_return fail(errc::unknown_torrent);
  // Kept alive here while it stops; the map no longer offers it to incoming peers.
  auto torrent = std::move(it->second);
  torrents_.erase(it);
  co_await torrent->stop();
  co_return Result<void>{};
}

Torrent* SessionCore::find(const metainfo::InfoHash& info_hash) const {
  const auto it = torrents_.find(info_hash);
  return it == torrents_.end() ? nullptr : it->second.get();
}

void SessionCore::start_services() {
  for (auto& [name, service] : plugins_.named<Service>()) services_.spawn(run_service(service, name));
}

Task<void> SessionCore::run_service(Service* service, std::string name) {
  auto ran = co_await service->run(*this);
  if (ran || ran.error() == asio::error::operation_aborted || stopped_) co_return;
  events_.publish(events::SessionWarning{"service_failed", ran.error(),
                                         "service " + name + " stopped: " + ran.error().message()});
}

Task<void> SessionCore::stop() {
  if (stopped_) co_return;
  stopped_ = true;
  co_await services_.stop();  // built last, stopped first: they may still use the torrents
  for (auto& l : listeners_) l.listener->close();
  co_await accepting_.stop();
  auto torrents = std::move(torrents_);
  torrents_.clear();
  for (auto& [ih, t] : torrents) co_await t->stop();
  torrents.clear();
  // After the "stopped" announces, as libtorrent does; before the plugins stop.
  co_await mappings_.stop(settings_.port_mapper_stop_timeout);
  co_await plugins_.stop();
  co_await datagrams_->stop();  // after the plugins that send through it
  disk_pool_.stop();
}

// --- Session ---

namespace {

// Behind a proxy: only "tcp", each wrapped so that its connects go through the proxy
// (the wrappers are kept in `owned`).
PluginResult<std::vector<net::Transport*>> proxied_transports(asio::any_io_executor executor,
                                                             std::vector<net::Transport*> transports,
                                                             const net::ProxySettings& proxy,
                                                             std::vector<std::unique_ptr<net::Transport>>& owned) {
  std::vector<net::Transport*> out;
  for (auto* transport : transports) {
    if (transport->scheme() != "tcp") continue;
    owned.push_back(net::socks5_transport(executor, *transport, proxy));
    out.push_back(owned.back().get());
  }
  if (out.empty()) return plugin_fail(errc::no_transport, "a SOCKS5 proxy carries tcp, and tcp is not in the transports");
  return out;
}

// The built transports named in `schemes`, in that order, each once.
PluginResult<std::vector<net::Transport*>> chosen_transports(const PluginSet& plugins,
                                                            const std::vector<std::string>& schemes) {
  if (schemes.empty()) return plugin_fail(errc::no_transport, "no transport in the session settings");
  std::vector<net::Transport*> out;
  for (const auto& scheme : schemes) {
    net::Transport* found = nullptr;
    for (auto* t : plugins.all<net::Transport>()) {
      if (t->scheme() == scheme) found = t;
    }
    if (found == nullptr) return plugin_fail(errc::no_transport, "transport " + scheme);
    if (std::find(out.begin(), out.end(), found) == out.end()) out.push_back(found);
  }
  return out;
}

}  // namespace

PluginResult<std::unique_ptr<Session>> Session::create(asio::any_io_executor executor,
                                                       const Registry& registry, const Config& config,
                                                       SessionSettings settings) {
  // Built before the plugins, which get it in their PluginContext; its sockets open in
  // start(), beside the listeners.
  auto datagrams = std::make_unique<net::DatagramService>(executor, settings.datagram_opener);
  auto plugins = build_plugins(registry, config, executor, datagrams.get());
  if (!plugins) return tl::make_unexpected(plugins.error());
  auto transports = chosen_transports(*plugins, settings.transports);
  if (!transports) return tl::make_unexpected(transports.error());
  std::vector<std::unique_ptr<net::Transport>> proxied;
  if (settings.proxy) {
    transports = proxied_transports(executor, std::move(*transports), *settings.proxy, proxied);
    if (!transports) return tl::make_unexpected(transports.error());
  }
  SessionCore::Chosen chosen{std::move(*transports), plugins->find<storage::StorageBackend>(settings.storage),
                             plugins->find<policy::PickerPlugin>(settings.picker),
                             plugins->find<policy::ChokerPlugin>(settings.choker), std::move(proxied)};
  if (chosen.storage == nullptr) return plugin_fail(errc::no_storage, "storage " + settings.storage);
  if (chosen.picker == nullptr) return plugin_fail(errc::no_picker, "picker " + settings.picker);
  if (chosen.choker == nullptr) return plugin_fail(errc::no_choker, "choker " + settings.choker);
  auto core = std::make_unique<SessionCore>(executor, std::move(datagrams), std::move(*plugins),
                                            std::move(settings), std::move(chosen));
  return std::unique_ptr<Session>(new Session(std::move(core)));
}

Session::Session(std::unique_ptr<SessionCore> core) : core_(std::move(core)) {}
Session::~Session() = default;

Task<Result<void>> Session::start() { return core_->start(); }

Task<Result<metainfo::InfoHash>> Session::add_torrent(AddTorrentParams params) {
  return core_->add_torrent(std::move(params));
}

Task<Result<void>> Session::remove_torrent(metainfo::InfoHash info_hash) {
  return core_->remove_torrent(info_hash);
}

Result<void> Session::pause(const metainfo::InfoHash& info_hash) { return core_->pause(info_hash); }

Result<void> Session::resume(const metainfo::InfoHash& info_hash) { return core_->resume(info_hash); }

void Session::add_peer(const metainfo::InfoHash& info_hash, net::Endpoint peer) {
  add_peer(info_hash, net::PeerAddress{peer, {}});
}

void Session::add_peer(const metainfo::InfoHash& info_hash, const net::PeerAddress& peer) {
  if (Torrent* t = core_->find(info_hash)) t->add_peer(peer);
}

void Session::set_rate_limits(throttle::RateLimits limits) {
  core_->session_limits().set(limits);
  core_->rates_changed();
}

throttle::RateLimits Session::rate_limits() const { return core_->session_limits().get(); }

Result<void> Session::set_torrent_rate_limits(const metainfo::InfoHash& info_hash, throttle::RateLimits limits) {
  Torrent* t = core_->find(info_hash);
  if (t == nullptr) return fail(errc::unknown_torrent);
  t->rate_limits()->set(limits);
  core_->rates_changed();
  return {};
}

std::optional<throttle::RateLimits> Session::torrent_rate_limits(const metainfo::InfoHash& info_hash) const {
  const Torrent* t = core_->find(info_hash);
  if (t == nullptr) return std::nullopt;
  return t->rate_limits()->get();
}

std::optional<TorrentStatus> Session::status(const metainfo::InfoHash& info_hash) const {
  return core_->status(info_hash);
}

PeerId Session::peer_id() const { return core_->peer_id(); }
std::vector<net::Endpoint> Session::listen_endpoints() const { return core_->listen_endpoints(); }

std::vector<net::PeerAddress> Session::listen_addresses() const { return core_->listen_addresses(); }

std::vector<net::Endpoint> Session::udp_endpoints() const { return core_->udp_endpoints(); }

net::DatagramService& Session::datagrams() { return core_->datagrams(); }

std::vector<PortMapping> Session::external_endpoints() const { return core_->external_endpoints(); }
std::optional<net::Endpoint> Session::external_address() const { return core_->external_address(); }

ConnectionCounts Session::connections() const { return core_->limiter().counts(); }

events::EventBus& Session::events() { return core_->events(); }

SessionView& Session::view() { return *core_; }

Task<void> Session::stop() { return core_->stop(); }

}  // namespace corrent::engine
