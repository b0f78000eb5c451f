#pragma once
// What an extension may know and do about the torrent a peer belongs to (PeerContext::
// torrent()). The engine implements it; ut_metadata and ut_pex use nothing else, and a
// third-party extension gets exactly the same view.

#include <cstddef>
#include <span>
#include <string_view>
#include <string>
#include <system_error>
#include <vector>

#include "corrent/core/result.hpp"
#include "corrent/net/endpoint.hpp"
#include "corrent/net/peer_address.hpp"
#include "corrent/plugin/info_hash_bytes.hpp"

namespace corrent {

/// One peer the torrent is connected to, as PEX (BEP 11) describes it.
struct ConnectedPeer {
  /// Where the peer accepts connections: the remote end of an outgoing connection, or
  /// the address of an incoming one with the port of its extension handshake's "p".
  net::Endpoint endpoint;
  bool seed = false;      ///< it has every piece (or said upload_only)
  bool outgoing = false;  ///< we connected to it, so it is known to be reachable
  /// The scheme of the transport the connection runs on ("tcp", "utp"): a peer we reach by
  /// uTP gets BEP 11's uTP flag in PEX.
  std::string transport;
};

/// One torrent, as its extensions see it. Lives as long as the torrent; call it only on
/// the session executor, and do not keep it past the ExtensionPeer it was given to.
class TorrentView {
 public:
  virtual ~TorrentView() = default;

  /// The v1 info-hash.
  [[nodiscard]] virtual InfoHashBytes info_hash() const = 0;

  /// Whether the info dictionary is known: false while a magnet link's metadata is
  /// being fetched.
  [[nodiscard]] virtual bool has_metadata() const = 0;
  /// BEP 27: the metadata says private. False while it is unknown.
  [[nodiscard]] virtual bool is_private() const = 0;
  /// The exact bencoded info dictionary (what ut_metadata serves); empty while unknown.
  [[nodiscard]] virtual std::span<const std::byte> info_dict() const = 0;

  /// Offers a complete info dictionary fetched from a peer. The torrent checks it
  /// (engine::errc::metadata_too_large past metainfo::kMaxMetadataSize,
  /// metadata_hash_mismatch when its SHA-1 is not the info-hash, metadata_invalid when it
  /// does not parse as an info dict) and, if good, goes on to download with it. Returns
  /// {} at once when the metadata is already known. `from` is the peer it came from.
  virtual Result<void> offer_metadata(std::span<const std::byte> info, const net::Endpoint& from) = 0;

  /// Candidate peers that peer `from` told an extension about (PEX; a peer that says it
  /// speaks uTP has transport "utp"). The torrent takes at most engine::kMaxPeersPerOffer
  /// of one call, ignores them for a private torrent, and publishes
  /// events::PeersDiscovered{source, from} for the ones that were new.
  virtual void add_peers(std::span<const net::PeerAddress> peers, std::string_view source,
                         const net::Endpoint& from) = 0;

  /// The peers the torrent is connected to whose listen endpoint is known.
  [[nodiscard]] virtual std::vector<ConnectedPeer> connected_peers() const = 0;

  /// Which end of a hole-punched connection speaks first.
  enum class HolepunchRole {
    initiator,  ///< we asked for the rendezvous: we send the handshake (MSE per policy)
    acceptor,   ///< the other end asked: its handshake is taken as an incoming one's
  };
  /// Connects to `to` now by a simultaneous open (net::Transport::connect_simultaneous,
  /// from our listen port), as a BEP 55 connect message asks; what the connection carries
  /// is decided by `role`, so that both ends agree without a second round trip. Returns
  /// at once; the outcome shows as PeerConnected or PeerClosed events. Errors
  /// (engine::errc): duplicate_peer (connected or being connected), banned,
  /// torrent_stopped, too_many_peers, no_transport; not_supported by default.
  virtual Result<void> holepunch_connect(const net::Endpoint& to, HolepunchRole role) {
    (void)to;
    (void)role;
    return tl::make_unexpected(std::make_error_code(std::errc::not_supported));
  }
};

}  // namespace corrent
