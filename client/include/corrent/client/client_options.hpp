#pragma once
// ClientOptions: what a Client is made from. Plain values; Client::create checks them.

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "corrent/client/limits.hpp"
#include "corrent/core/peer_id.hpp"
#include "corrent/throttle/token_bucket.hpp"

namespace corrent::client {

/// Torrent data kept in memory (the storage_memory plugin). Nothing touches the disk:
/// what is downloaded or seed()ed lives as long as the torrent.
struct MemoryStorage {};

/// Torrent data under `path` (the storage_file plugin); resume data in path/.corrent.
struct DirectoryStorage {
  std::filesystem::path path;
};

/// A DHT node id: 20 bytes.
using NodeIdBytes = std::array<std::uint8_t, 20>;

/// How a Client behaves.
struct ClientOptions {
  /// Our peer id in handshakes and announces; nullopt: a fresh one ("-CR0100-" and 12
  /// random characters, core/peer_id.hpp). Client::peer_id() says which.
  std::optional<PeerId> peer_id;
  /// Our DHT node id; nullopt: random. Kept as given (not re-derived from our address by
  /// BEP 42, so nodes that enforce BEP 42 may not keep us in their tables).
  std::optional<NodeIdBytes> dht_node_id;
  /// The DHT's UDP port; 0: the session's UDP socket, on the torrent port (one port for
  /// everything, as libtorrent does). Ignored when dht is off.
  std::uint16_t dht_port = 0;
  /// The address peers connect to ("0.0.0.0", "127.0.0.1", "[::]").
  std::string listen_host = "0.0.0.0";
  /// The torrent port; 0 lets the system choose (Client::address() says which).
  std::uint16_t torrent_port = 0;
  /// Connections of the whole client, inbound and outbound.
  std::size_t max_connections = kDefaultMaxConnections;
  /// uTP (BEP 29, plugins/transport_utp) on the torrent port's UDP socket, tried before TCP
  /// when dialling, as WebTorrent's utp; on by default. false: TCP only.
  bool utp = true;
  /// UPnP IGD port mapping (plugins/nat_upnp) of the torrent port, TCP and UDP; as
  /// WebTorrent's natUpnp, on by default. Off whatever it says when listen_host is a
  /// loopback address (no gateway can forward there).
  bool upnp = true;
  bool nat_pmp = true;  ///< NAT-PMP and PCP port mapping (plugins/nat_pmp), likewise
  bool lsd = true;       ///< Local Service Discovery (BEP 14), the lsd plugin
  bool pex = true;       ///< peer exchange (BEP 11), the ut_pex extension
  bool dht = true;       ///< the mainline DHT (BEP 5), the dht plugin
  bool web_seeds = true; ///< web seeds (BEP 19), the webseed service
  /// A torrent that has everything still dials peers (WebTorrent's
  /// seedOutgoingConnections); false: once seeding it only takes incoming connections.
  bool seed_outgoing_connections = true;
  /// Bytes per second over every connection; nullopt: unlimited.
  throttle::Rate download_limit;
  throttle::Rate upload_limit;
  /// An IP blocklist (eMule dat, P2P or CIDR lines: net::parse_ip_filter), at most
  /// kMaxBlocklistBytes.
  std::optional<std::filesystem::path> blocklist;
  /// Trackers every added torrent also announces to (a last tier of a .torrent, extra tr
  /// of a magnet).
  std::vector<std::string> default_trackers;
  /// Where torrent data goes.
  std::variant<MemoryStorage, DirectoryStorage> storage = MemoryStorage{};
  /// The largest .torrent add() reads from a path or fetches from a URL; a bigger one is
  /// errc::too_large (a URL's body is cut at this many bytes).
  std::size_t max_torrent_file_bytes = kDefaultMaxTorrentFileBytes;
};

}  // namespace corrent::client
