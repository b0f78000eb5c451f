// Torrent: finding, connecting, running and choking peers.
#include <algorithm>

#include "corrent/engine/errc.hpp"
#include "corrent/engine/limits.hpp"
#include "corrent/engine/session_limits.hpp"
#include "corrent/mse/negotiate.hpp"
#include "corrent/net/peer_priority.hpp"
#include "metadata_peer.hpp"
#include "peer.hpp"
#include "torrent.hpp"

namespace corrent::engine {

namespace {

wire::PeerSettings peer_settings(const TorrentContext& ctx, bool upload_only) {
  wire::PeerSettings s;
  s.upload_only = upload_only;
  s.client_name = ctx.settings->client_name;
  // BEP 10 "p": the port a peer can reach us on, the mapped one behind a NAT (as libtorrent).
  if (ctx.ports != nullptr && ctx.ports->announced_tcp() != 0) s.listen_port = ctx.ports->announced_tcp();
  s.events = ctx.events;
  return s;
}

// The transports to dial `first` by, in order: the one named first (when the session
// has it), then the others in the session's preference order.
std::vector<net::Transport*> dial_order(std::span<net::Transport* const> preference, std::string_view first) {
  std::vector<net::Transport*> out;
  out.reserve(preference.size());
  for (auto* t : preference) {
    if (t->scheme() == first) out.push_back(t);
  }
  for (auto* t : preference) {
    if (t->scheme() != first) out.push_back(t);
  }
  return out;
}

}  // namespace

// A blocked address (SessionSettings::ip_filter) never becomes a candidate, from any source.
void Torrent::add_peer(const net::PeerAddress& peer) {
  if (ctx_.limiter->blocked(peer.endpoint)) return;
  if (peer_set_.add(peer)) connect_wake_.notify();
}

void Torrent::on_peers(const InfoHashBytes&, std::span<const net::PeerAddress> peers) {
  bool any = false;
  for (const auto& p : peers) {
    if (!ctx_.limiter->blocked(p.endpoint)) any = peer_set_.add(p) || any;
  }
  if (any) connect_wake_.notify();
}

Task<void> Torrent::connector() {
  while (co_await connect_wake_.wait(kConnectInterval)) {
    if (!accepting() || Clock::now() < connect_paused_until_) continue;
    if (seeding() && !ctx_.settings->seed_outgoing_connections) continue;  // leechers dial us
    while (half_open_ < ctx_.settings->max_half_open && ctx_.limiter->can_dial() &&
           connection_count() + half_open_ < ctx_.settings->max_connections_per_torrent) {
      const auto candidate = peer_set_.next(Clock::now(), seeding());
      if (!candidate) break;
      ++half_open_;
      peer_tasks_.spawn(connect_to(*candidate));
    }
  }
}

Task<void> Torrent::connect_to(net::PeerAddress address, Dial how) {
  const net::Endpoint peer = address.endpoint;
  // The place is held from before the connect: a half-open socket is a descriptor too.
  auto lease = ctx_.limiter->reserve_outbound(peer);
  wire::Reserved reserved;
  reserved.set_fast(true);
  reserved.set_extension_protocol(true);
  reserved.set_dht(ctx_.dht);
  const wire::Handshake ours{reserved, meta_.info_hash, ctx_.peer_id};
  Result<std::unique_ptr<net::Stream>> stream = corrent::fail(errc::too_many_peers);
  std::string transport;  // the scheme that connected
  bool speaks_second = false;
  if (lease) {
    auto dialed = co_await open_stream(std::move(address), ours, how);
    if (dialed) {
      transport = dialed->transport->scheme();
      peer_set_.remember_transport(peer, transport);
      stream = std::move(dialed->stream);
      speaks_second = dialed->speaks_second;
    } else {
      stream = tl::make_unexpected(dialed.error());
    }
  }
  if (stream && speaks_second && ctx_.adopt_incoming) {
    // The other end speaks first: its handshake comes in as an incoming peer's, which
    // must not find this endpoint busy (nor hold a second place: the lease goes).
    --half_open_;
    connect_wake_.notify();
    peer_set_.on_closed(peer, false, Clock::now());
    ctx_.adopt_incoming(std::move(*stream), transport);
    co_return;
  }
  std::optional<wire::PeerConnection::Ptr> connection;
  if (stream) {
    *stream = limited_stream(std::move(*stream), std::move(*lease));
    if (ctx_.throttled) *stream = ctx_.throttled(std::move(*stream), rate_limits_);
    auto settings = peer_settings(ctx_, seeding());  // named: GCC 12 and co_await temporaries
    settings.transport = transport;
    auto shaken = co_await wire::PeerConnection::connect(std::move(*stream), ours, shape(), std::move(settings));
    if (shaken) {
      connection = std::move(*shaken);
    } else if (accepting()) {
      ctx_.events->publish(events::PeerConnectFailed{meta_.info_hash, peer, shaken.error(), true});
    }
  }
  --half_open_;
  connect_wake_.notify();  // a half-open slot is free
  if (!stream && (!lease || out_of_descriptors(stream.error()))) {
    // Our shortage (no place, no descriptor), not the peer's fault: no failure counted.
    peer_set_.on_closed(peer, false, Clock::now());
    if (lease) {
      // Out of descriptors: connects pause for all, and this peer is first after.
      peer_set_.retry_now(peer);
      pause_connecting(stream.error());
    }
    // Without a place (its address is at the per-address cap, say, under a flood from
    // it) the peer waits its ordinary delay: retried at once it was refused at once, and
    // the connector spun (interop.flood caught it, once incoming peers were dialled back).
    co_return;
  }
  if (stream) connect_shortage_ = false;
  if (!stream && accepting()) ctx_.events->publish(events::PeerConnectFailed{meta_.info_hash, peer, stream.error(), false});
  if (!connection || !accepting()) {
    peer_set_.on_closed(peer, true, Clock::now());
    // Unreachable (not refused by its handshake): the peer that introduced it may relay.
    if (!stream && how == Dial::normal && accepting()) tell_introducer(peer);
    co_return;
  }
  if (const auto key = add_connection(std::move(*connection), transport)) co_await run_any_peer(*key);
}

void Torrent::pause_connecting(std::error_code error) {
  connect_paused_until_ = Clock::now() + kConnectPauseOnShortage;
  if (connect_shortage_) return;  // said once per episode
  connect_shortage_ = true;
  const auto detail = "cannot open connections (" + error.message() + "); pausing connects";
  ctx_.events->publish(events::SessionWarning{"connect_paused", error, detail});
}

// Fallback to the next transport is for a connect that failed (refused, timed out,
// unreachable): not for our own shortage of descriptors, nor once the torrent stops.
Task<Result<Torrent::Dialed>> Torrent::dial(net::PeerAddress peer, Dial how) {
  Result<Dialed> last = corrent::fail(errc::no_transport);
  const std::uint16_t listen_port = ctx_.ports != nullptr ? ctx_.ports->tcp : 0;
  for (auto* transport : dial_order(ctx_.transports, peer.transport)) {
    // Not a conditional expression: GCC 12 miscompiles co_await in one (a null stream).
    Result<std::unique_ptr<net::Stream>> stream = corrent::fail(errc::no_transport);
    if (how == Dial::normal) {
      stream = co_await transport->connect(peer.endpoint, kConnectTimeout);
    } else {
      stream = co_await transport->connect_simultaneous(peer.endpoint, listen_port, kConnectTimeout);
    }
    if (stream) {
      Dialed dialed;
      dialed.stream = std::move(*stream);
      dialed.transport = transport;
      co_return dialed;
    }
    last = tl::make_unexpected(stream.error());
    if (out_of_descriptors(stream.error()) || !accepting()) break;
  }
  co_return last;
}

// A connected stream to `peer`, encrypted per the session's policy. Under `enabled` an
// MSE handshake that fails (most often a plaintext-only peer closing on our key) is
// followed at once by a plaintext connection by the same transport, as libtorrent's
// pe_enabled does; the BitTorrent handshake `ours` travels in the MSE initial payload.
// A hole-punched stream (a transport that opens simultaneously) is not re-dialled: under
// `enabled` the initiator speaks plaintext (the acceptor takes either), under `forced` MSE;
// the acceptor's goes to the incoming path. Over another transport a holepunch connect
// is an ordinary connect, handled as one (the other end sees it as incoming).
Task<Result<Torrent::Dialed>> Torrent::open_stream(net::PeerAddress peer, wire::Handshake ours, Dial how) {
  const auto policy = ctx_.settings->encryption;
  auto dialed = co_await dial(peer, how);
  if (!dialed) co_return dialed;
  const bool punched = how != Dial::normal && dialed->transport->opens_simultaneously();
  if (punched && how == Dial::holepunch_acceptor) {
    dialed->speaks_second = true;
    co_return dialed;
  }
  if (policy == mse::EncryptionPolicy::disabled) co_return dialed;
  if (punched && policy != mse::EncryptionPolicy::forced) co_return dialed;
  const auto bytes = wire::encode_handshake(ours);
  std::vector<std::byte> initial(bytes.begin(), bytes.end());
  auto encrypted = co_await mse::connect_encrypted(std::move(dialed->stream), meta_.info_hash, policy, std::move(initial));
  if (!encrypted && (policy == mse::EncryptionPolicy::forced || !accepting())) {
    co_return tl::make_unexpected(encrypted.error());
  }
  if (encrypted) {
    dialed->stream = std::move(*encrypted);
    co_return dialed;
  }
  auto plain = co_await dialed->transport->connect(peer.endpoint, kConnectTimeout);
  if (!plain) co_return tl::make_unexpected(plain.error());
  dialed->stream = std::move(*plain);
  co_return dialed;
}

void Torrent::attach_incoming(wire::PeerConnection::Ptr connection, std::string_view transport) {
  if (const auto key = add_connection(std::move(connection), transport)) peer_tasks_.spawn(run_any_peer(*key));
}

Task<void> Torrent::run_any_peer(PeerKey key) {
  if (metadata_peers_.contains(key)) {
    co_await run_metadata_peer(key);
  } else {
    co_await run_peer(key);
  }
}

std::optional<PeerKey> Torrent::add_connection(wire::PeerConnection::Ptr connection, std::string_view transport) {
  const auto remote = connection->remote();
  std::optional<errc> refuse;
  if (!accepting()) refuse = errc::torrent_stopped;
  else if (peer_set_.banned(remote)) refuse = errc::banned;
  else if (connection_count() >= ctx_.settings->max_connections_per_torrent &&
           !(connection->incoming() && make_place_for(*connection))) {
    refuse = errc::too_many_peers;
  }
  // Two web seeds named by host on one port share an unspecified address: not duplicates.
  else if (connection->incoming() && !remote.is_unspecified() && peer_set_.busy(remote)) refuse = errc::duplicate_peer;
  if (refuse) {
    connection->close(*refuse);
    if (!connection->incoming()) peer_set_.on_closed(remote, false, Clock::now());
    return std::nullopt;
  }
  // BEP 40 ranks candidates towards our address: the one this peer reached, or dialled
  // from, with the port we announce. (A NAT's external address would be better; it is
  // not known here.)
  if (!peer_set_.self() && ctx_.ports != nullptr && !connection->local().is_unspecified()) {
    peer_set_.set_self(connection->local().with_port(ctx_.ports->announced_tcp()));
  }
  peer_set_.on_connected(remote);
  const PeerKey key = next_key_++;
  // Until fetch_metadata() has opened the storage (the state leaves fetching_metadata),
  // even a connection made after the metadata came is a MetadataPeer: a full Peer needs
  // the disk. fetch_metadata() closes them all and they are redialled.
  if (lifecycle_.stage() == TorrentState::fetching_metadata) {
    metadata_peers_.emplace(key, std::make_unique<MetadataPeer>(*this, std::move(connection)));
    return key;
  }
  connection->set_upload_only(seeding());  // incoming ones were made before the torrent was known
  peers_.emplace(key, std::make_unique<Peer>(*this, key, std::move(connection), std::string(transport)));
  return key;
}

std::size_t Torrent::connection_count() const { return peers_.size() + metadata_peers_.size(); }

bool Torrent::make_place_for(const wire::PeerConnection& newcomer) {
  const auto wanted = net::canonical_peer_priority(newcomer.local(), newcomer.remote());
  Peer* lowest = nullptr;
  for (auto& [key, peer] : peers_) {
    if (peer->closing()) continue;  // already giving its place up
    if (lowest == nullptr || peer->priority() < lowest->priority()) lowest = peer.get();
  }
  if (lowest == nullptr || lowest->priority() >= wanted) return false;
  lowest->close(errc::too_many_peers);
  return true;
}

Task<void> Torrent::run_peer(PeerKey key) {
  Peer* peer = find_peer(key);
  if (peer == nullptr) co_return;
  const std::error_code why = co_await peer->run(ctx_.extensions);
  on_peer_closed(key, why);
}

void Torrent::on_peer_closed(PeerKey key, std::error_code why) {
  const auto it = peers_.find(key);
  if (it == peers_.end()) return;
  const auto remote = it->second->endpoint();
  const bool incoming = it->second->incoming();
  const bool was_unchoked = it->second->unchoked();
  const bool seed = it->second->is_seed() || it->second->upload_only();
  const auto listening_at = it->second->listen_endpoint();
  // A peer that left while we said upload_only (BEP 21) may have left for that alone,
  // before it even told us its pieces: it counts as a seed here, so that wanting pieces
  // again dials it at once (retry_seeds_now). If we want pieces already, it is dialled
  // again at once now; the new connection does not say upload_only, so one that closes
  // that too waits the usual delay: no loop.
  const bool told_upload_only = it->second->told_upload_only() && why != errc::banned;
  const bool seed_like = seed || told_upload_only;
  const bool left_for_upload_only = told_upload_only && !picker_.is_finished();
  peers_.erase(it);  // gives its requests back to the picker
  const auto now = Clock::now();
  if (incoming) {
    peer_set_.forget(remote);
    // An incoming peer that still wants pieces is dialled back where it listens, after the
    // usual delay. libtorrent closes a peer whose HAVE makes it a seed while libtorrent is
    // not interested in it (it checks before it looks at the piece), so a leecher that
    // lacked only our last piece leaves just as we can serve it; its own redial takes a
    // minute. One that left for our upload_only is kept for when we want pieces again.
    if (listening_at && left_for_upload_only) {
      peer_set_.add(*listening_at);
      peer_set_.retry_now(*listening_at);  // known before, with a later retry
    } else if (listening_at && (!seed || told_upload_only) && why != errc::banned) {
      peer_set_.add(*listening_at, now + kConnectRetryDelay);
    }
    if (listening_at) peer_set_.set_seed(*listening_at, seed_like);
  } else {
    peer_set_.on_closed(remote, why == errc::banned, now);
    peer_set_.set_seed(remote, seed_like);  // a seeding torrent does not dial it again
    // Closed by our pause, not by the peer: dialled again as soon as we resume.
    if (why == errc::torrent_stopped || left_for_upload_only) peer_set_.retry_now(remote);
  }
  if (was_unchoked) choke_round();  // give its slot to someone else
  wake_peers();                     // its blocks are free again
  connect_wake_.notify();
}

Peer* Torrent::find_peer(PeerKey key) {
  const auto it = peers_.find(key);
  return it == peers_.end() ? nullptr : it->second.get();
}

void Torrent::close_all(std::error_code why) {
  for (auto& [key, peer] : peers_) peer->close(why);
  for (auto& [key, peer] : metadata_peers_) peer->close(why);
}

void Torrent::cancel_elsewhere(PeerKey except, std::span<const PeerKey> peers, BlockRef block) {
  for (const PeerKey key : peers) {
    if (key == except) continue;
    if (Peer* p = find_peer(key)) p->cancel(block);
  }
}

// --- choking ---

Task<void> Torrent::choker_loop() {
  Wake tick(ctx_.executor);
  while (co_await tick.wait(ctx_.settings->choke_interval)) choke_round();
}

void Torrent::choke_round() {
  const auto now = Clock::now();
  std::vector<policy::ChokerPeer> list;
  list.reserve(peers_.size());
  for (const auto& [key, peer] : peers_) {
    list.push_back(policy::ChokerPeer{key, peer->peer_interested(), peer->unchoked(),
                              peer->download_rate(now), peer->upload_rate(now)});
  }
  const auto unchoke = choker_->round(list, seeding());
  for (auto& [key, peer] : peers_) {
    peer->set_choked(std::find(unchoke.begin(), unchoke.end(), key) == unchoke.end());
  }
}

void Torrent::on_peer_interested(PeerKey key) {
  Peer* peer = find_peer(key);
  if (peer == nullptr || peer->unchoked()) return;
  const auto unchoked = std::count_if(peers_.begin(), peers_.end(),
                                      [](const auto& kv) { return kv.second->unchoked(); });
  // A free slot is used at once rather than at the next round (libtorrent does the same).
  if (static_cast<std::size_t>(unchoked) < ctx_.settings->upload_slots + 1) peer->set_choked(false);
}

}  // namespace corrent::engine
