#pragma once
// Session: the download engine. It builds the plugins of a Registry, listens for peers
// through a transport plugin, and runs torrents: each checks its data, finds peers
// (trackers and other discovery plugins, or peers given by hand), downloads the pieces it
// wants and uploads to others, and reports through the event stream.
//
//   asio::io_context io;
//   corrent::Registry reg;
//   corrent::plugins::register_standard(reg);
//   auto session = corrent::engine::Session::create(io.get_executor(), reg, config, settings);
//   co_await (*session)->start();
//   auto ih = co_await (*session)->add_torrent({std::move(meta), "downloads"});
//   ... read (*session)->events() until TorrentFinished ...
//   co_await (*session)->stop();
//
// Everything runs on the one executor given to create() (DESIGN.md, "Concurrency"); disk
// I/O and hashing run on the session's own thread pool. Every member function must be
// called on that executor. stop() must be awaited before the Session is destroyed.

#include <memory>
#include <optional>
#include <vector>

#include <asio/any_io_executor.hpp>

#include "corrent/core/peer_id.hpp"
#include "corrent/core/result.hpp"
#include "corrent/core/task.hpp"
#include "corrent/engine/connection_counts.hpp"
#include "corrent/engine/session_settings.hpp"
#include "corrent/engine/torrent_status.hpp"
#include "corrent/events/event_bus.hpp"
#include "corrent/metainfo/info_hash.hpp"
#include "corrent/net/datagram_service.hpp"
#include "corrent/net/endpoint.hpp"
#include "corrent/net/peer_address.hpp"
#include "corrent/net/port_mapper.hpp"
#include "corrent/plugin/config.hpp"
#include "corrent/plugin/plugin_error.hpp"
#include "corrent/registry/registry.hpp"
#include "corrent/view/session_view.hpp"

namespace corrent::engine {

class SessionCore;

class Session {
 public:
  /// Builds the plugins of `registry` with `config` (one section per plugin). Errors are
  /// the plugins' (PluginError names the section), or engine::errc::no_transport /
  /// no_storage / no_picker / no_choker when a transport, the storage, picker or choker
  /// plugin named in `settings` was not built (or `settings.transports` is empty).
  /// `registry` must outlive the Session.
  static PluginResult<std::unique_ptr<Session>> create(asio::any_io_executor executor,
                                                       const Registry& registry,
                                                       const Config& config,
                                                       SessionSettings settings);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  /// Opens the listen sockets of SessionSettings::listen (one per transport, and a UDP
  /// socket shared by the UDP plugins, see udp_endpoints()), runs every port mapper (nat
  /// plugin) with the ports listened on, TCP and UDP, then starts every Service plugin
  /// with view().
  /// Errors: a bad address, or the transport's (address in use, ...).
  Task<Result<void>> start();

  /// Adds a torrent: opens its storage, checks what is on disk (trusting resume data where
  /// files are unchanged), then downloads or seeds. Returns once the torrent is added;
  /// checking goes on in the background (TorrentChecked says when it is done).
  /// A magnet link (AddTorrentParams::magnet) is added at once in state
  /// fetching_metadata; MetadataReceived says when its info dictionary has come from a
  /// peer (through an extension such as ut_metadata) and checking starts.
  /// Errors: engine::errc::duplicate_torrent, bad file priorities, the storage's,
  /// no_metadata_source (a magnet link without a v1 info-hash), no_picker (params.picker
  /// names no built picker plugin).
  Task<Result<metainfo::InfoHash>> add_torrent(AddTorrentParams params);

  /// Stops a torrent: resume data written, "stopped" announced, peers closed.
  Task<Result<void>> remove_torrent(metainfo::InfoHash info_hash);

  /// Closes a torrent's connections and stops announcing; resume() starts them again.
  Result<void> pause(const metainfo::InfoHash& info_hash);
  Result<void> resume(const metainfo::InfoHash& info_hash);

  /// Offers a peer to a torrent, as a tracker would (any transport).
  void add_peer(const metainfo::InfoHash& info_hash, net::Endpoint peer);
  /// Offers a peer to a torrent, to be dialled by `peer.transport` first.
  void add_peer(const metainfo::InfoHash& info_hash, const net::PeerAddress& peer);

  /// Changes the session's download and upload limits (SessionSettings::rate_limits) at
  /// once: connections waiting for tokens are served by the new rates.
  void set_rate_limits(throttle::RateLimits limits);
  [[nodiscard]] throttle::RateLimits rate_limits() const;
  /// Changes one torrent's limits (AddTorrentParams::rate_limits) at once. Errors:
  /// unknown_torrent.
  Result<void> set_torrent_rate_limits(const metainfo::InfoHash& info_hash, throttle::RateLimits limits);
  /// One torrent's limits; nullopt if it is not in the session.
  [[nodiscard]] std::optional<throttle::RateLimits> torrent_rate_limits(const metainfo::InfoHash& info_hash) const;

  /// The torrent's progress and counters; nullopt if it is not in the session.
  [[nodiscard]] std::optional<TorrentStatus> status(const metainfo::InfoHash& info_hash) const;

  /// Our peer id (SessionSettings::peer_id, or the one made for this session).
  [[nodiscard]] PeerId peer_id() const;

  /// The addresses we listen on, with the real ports, each once (every transport listens
  /// on the same ones).
  [[nodiscard]] std::vector<net::Endpoint> listen_endpoints() const;
  /// What each transport listens on: an endpoint per listening socket, with its scheme.
  [[nodiscard]] std::vector<net::PeerAddress> listen_addresses() const;
  /// Where the session's shared UDP sockets are bound: one per listen address ("[::]"
  /// gets an IPv6 and an IPv4 one), on its TCP port unless that was taken (a
  /// SessionWarning "udp_port_differs" said so). With no listen address, one per family
  /// on a port the system picks, so that UDP trackers still work.
  [[nodiscard]] std::vector<net::Endpoint> udp_endpoints() const;
  /// The shared UDP sockets themselves, as plugins get them (PluginContext::datagrams):
  /// an application may register its own handler or read the counters.
  [[nodiscard]] net::DatagramService& datagrams();

  /// Our listen ports as the port mappers mapped them on the gateway (empty until one
  /// reports a mapping, and after stop()); the PortMapped and PortUnmapped events say when
  /// this changes. Trackers announce the external TCP port once it is known.
  [[nodiscard]] std::vector<PortMapping> external_endpoints() const;
  /// Our address as the Internet sees it (port 0): a port mapper's report of the gateway's
  /// WAN address, else what at least kExternalAddressMinVotes trackers (BEP 24 "external
  /// ip") and peers (BEP 10 "yourip") agree on; nullopt until known. The
  /// ExternalAddressChanged event says when it changes.
  [[nodiscard]] std::optional<net::Endpoint> external_address() const;

  /// The session's connections against its bounds (SessionSettings::max_connections,
  /// max_handshakes, max_connections_per_address), and what the bounds turned away.
  [[nodiscard]] ConnectionCounts connections() const;

  /// Where the session's events go (see events/event.hpp).
  [[nodiscard]] events::EventBus& events();

  /// The session as its Service plugins see it (torrents, reads that wait for verified
  /// pieces, deadlines, file priorities), for an application's own use too.
  [[nodiscard]] SessionView& view();

  /// Cancels the services and waits for them, then stops every torrent (resume data
  /// written, "stopped" announced within its bound), closes the listeners, cancels the
  /// port mappers (which remove their mappings, cut off after
  /// SessionSettings::port_mapper_stop_timeout), stops the plugins and the disk pool.
  /// Later calls do nothing.
  Task<void> stop();

 private:
  explicit Session(std::unique_ptr<SessionCore> core);
  std::unique_ptr<SessionCore> core_;
};

}  // namespace corrent::engine
