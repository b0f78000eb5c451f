#pragma once
// MetadataPeer: a connection of a torrent whose metadata is not known yet (a magnet link).
// Without the piece count nothing of BEP 3 can be checked or used, so it ignores the
// peer's pieces and requests and only runs the extensions (ut_metadata fetches the info
// dictionary through the TorrentView). Once the metadata arrives the torrent closes it
// (errc::metadata_received) and connects again as a full Peer.

#include <optional>
#include <system_error>
#include <vector>

#include "corrent/core/task.hpp"
#include "corrent/wire/message_handler.hpp"
#include "corrent/wire/peer_connection.hpp"

namespace corrent::engine {

class Torrent;

class MetadataPeer final : public wire::MessageHandler {
 public:
  MetadataPeer(Torrent& torrent, wire::PeerConnection::Ptr connection)
      : torrent_(torrent), conn_(std::move(connection)) {}

  /// Says we have nothing, then runs the connection with `extensions` until it ends.
  Task<std::error_code> run(std::vector<wire::ExtensionSlot> extensions);

  [[nodiscard]] net::Endpoint endpoint() const { return conn_->remote(); }
  [[nodiscard]] bool incoming() const { return conn_->incoming(); }
  /// See listen_endpoint_of().
  [[nodiscard]] std::optional<net::Endpoint> listen_endpoint() const;
  void close(std::error_code why) { conn_->close(why); }

  // MessageHandler: what discovery wants to hear (BEP 10 "yourip", BEP 5 PORT).
  Result<void> on_extension_handshake(const wire::ExtensionHandshake& theirs) override;
  Result<void> on_port(std::uint16_t port) override;

 private:
  Torrent& torrent_;
  wire::PeerConnection::Ptr conn_;
};

}  // namespace corrent::engine
