#pragma once
// How a Session behaves; what adding a torrent takes (AddTorrentParams, view module).

#include <cstddef>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "corrent/core/peer_id.hpp"
#include "corrent/engine/limits.hpp"
#include "corrent/engine/session_limits.hpp"
#include "corrent/mse/policy.hpp"
#include "corrent/net/datagram_socket.hpp"
#include "corrent/net/endpoint.hpp"
#include "corrent/net/ip_filter.hpp"
#include "corrent/net/socks5.hpp"
#include "corrent/storage/limits.hpp"
#include "corrent/throttle/rate_limits.hpp"
#include "corrent/view/add_torrent_params.hpp"

namespace corrent::engine {

/// Session-wide settings. Plain values: the CLI maps its flags onto them.
struct SessionSettings {
  /// Where to accept peers, "HOST:PORT" ("[::]:0" is dual stack where the transport can;
  /// port 0 lets the OS choose). Empty: accept nothing (outgoing connections only).
  std::vector<std::string> listen = {"0.0.0.0:6881"};
  /// The transport plugins to use, by scheme, in the order outgoing connections try them.
  /// A peer is dialled first by the transport that last worked for it, else by the one its
  /// source named (net::PeerAddress::transport: PEX says "utp"), then by the others in
  /// this order until one connects. The session listens with every one of them on each
  /// `listen` address, all on one port (the first's, when port 0 is asked for), as
  /// libtorrent does for TCP and uTP.
  std::vector<std::string> transports = {"tcp"};
  /// Our "v" in the extension handshake.
  std::string client_name = "corrent";
  /// Threads hashing and doing disk I/O. 0: none, the disk work runs on the session's
  /// executor between network events (blocking it), so that a simulated swarm runs the
  /// same way every time; not for real downloads.
  std::size_t disk_threads = storage::kDefaultDiskThreads;
  /// Peers we upload to at once, per torrent (plus one optimistic unchoke).
  std::size_t upload_slots = kDefaultUploadSlots;
  std::size_t max_connections_per_torrent = kMaxConnectionsPerTorrent;
  std::size_t max_half_open = kMaxHalfOpen;
  /// Connections of the whole session, inbound and outbound; lowered to what the
  /// descriptor budget leaves for peers (descriptor_budget.hpp).
  std::size_t max_connections = kMaxConnections;
  /// Inbound connections still in their handshake; at the bound the oldest is closed.
  std::size_t max_handshakes = kMaxHandshakes;
  /// Connections from or to one remote address.
  std::size_t max_connections_per_address = kMaxConnectionsPerAddress;
  /// Whether a torrent that has every piece it wants still dials peers (WebTorrent's
  /// seedOutgoingConnections). false: a seeding torrent only takes incoming connections,
  /// leaving the dialling to leechers; it dials again once it wants more.
  bool seed_outgoing_connections = true;
  /// Our peer id in handshakes and announces; nullopt: a fresh one (make_peer_id()).
  std::optional<PeerId> peer_id;
  /// Addresses never connected to and whose inbound connections are closed at accept,
  /// before any byte is read (an IP blocklist: net::parse_ip_filter). Their peers are not
  /// kept as candidates either. Null: nobody is blocked.
  std::shared_ptr<const net::IpFilter> ip_filter;
  /// The session's download and upload limits, bytes per second over every peer
  /// connection (unset: unlimited); Session::set_rate_limits changes them while it runs.
  /// Each torrent may have its own as well (AddTorrentParams::rate_limits): a connection
  /// is held to the tighter of the two.
  throttle::RateLimits rate_limits;
  /// Outgoing peer connections go through this SOCKS5 proxy (RFC 1928; net/socks5.hpp):
  /// only the "tcp" transport is used (a SOCKS5 CONNECT carries TCP; other transports of
  /// `transports` are left out, and none left is errc::no_transport), and the proxy, not
  /// we, reaches each peer. Incoming connections are still accepted on `listen` (empty it
  /// to take none). Trackers, the DHT and web seeds are the plugins' concern: the CLI's
  /// --proxy gives tracker_http and webseed the proxy and turns the UDP ones off.
  std::optional<net::ProxySettings> proxy;
  /// An inbound connection that has not completed its handshake by then is closed.
  std::chrono::milliseconds inbound_handshake_timeout = kInboundHandshakeTimeout;
  /// How long stop() lets the port mappers remove their mappings before it cuts them off.
  std::chrono::milliseconds port_mapper_stop_timeout = kPortMapperStopTimeout;
  /// Raise RLIMIT_NOFILE's soft limit to the hard limit when the session is created, as
  /// libtorrent and Transmission do; the budget is split from the limit in force either way.
  bool raise_descriptor_limit = true;
  /// Message stream encryption (MSE/PE), both ways. enabled (the default, as in
  /// libtorrent): outgoing connections try MSE first and fall back to plaintext; incoming
  /// ones may be either. forced: MSE (RC4) only. disabled: plaintext only.
  mse::EncryptionPolicy encryption = mse::EncryptionPolicy::enabled;
  /// The storage plugin's name.
  std::string storage = "storage_file";
  /// The picker plugin every torrent uses unless AddTorrentParams::picker names another:
  /// the order in which new pieces are started (policy/piece_order.hpp).
  std::string picker = "picker_rarest_first";
  /// The choker plugin: who is uploaded to (policy/choke_strategy.hpp).
  std::string choker = "choker_tit_for_tat";
  /// How often the choker decides (kChokeInterval; tests shorten it).
  std::chrono::milliseconds choke_interval = kChokeInterval;
  /// Where resume data is kept; nullopt: storage::default_resume_path's folder (XDG state).
  std::optional<std::filesystem::path> resume_dir;
  /// Write resume data periodically and on stop (and read it on add).
  bool use_resume = true;
  /// The interval between announces is never shorter than this (tests shorten it).
  std::optional<std::chrono::milliseconds> min_announce_interval;
  /// A peer that sends no block for this long while we wait for some is snubbed: its
  /// requests are cancelled and their blocks re-opened for other peers (kRequestTimeout;
  /// tests shorten it). The driver checks every 500 ms, so shorter values are rounded up.
  std::chrono::milliseconds request_timeout = kRequestTimeout;

  // --- for simulations (tests/support/sim_network.hpp): leave them alone otherwise ---

  /// Seeds every random choice that shapes a download (peer id, announce key, picker and
  /// choker seeds, tracker order), so that with a simulated network and disk_threads 0 the
  /// same seed downloads the same pieces in the same order. nullopt: the system's
  /// randomness. Keys and padding of encryption never come from it.
  std::optional<std::uint64_t> random_seed;
  /// Opens the session's UDP sockets; empty: real ones (net::open_udp_socket).
  net::DatagramOpener datagram_opener;
};

/// AddTorrentParams lives in the view module (a Service adds torrents through SessionView).
using corrent::AddTorrentParams;

}  // namespace corrent::engine
