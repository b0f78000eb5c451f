#pragma once
// SessionCore: what Session hides. Owns the plugins, the event bus, the disk pool, the
// listeners and their accept loops, the port mappers at work, and the torrents, all on
// one executor.

#include <memory>
#include <vector>

#include <absl/container/flat_hash_map.h>

#include "corrent/crypto/sha1.hpp"
#include "corrent/engine/session.hpp"
#include "corrent/net/task_group.hpp"
#include "corrent/net/transport.hpp"
#include "corrent/registry/plugin_set.hpp"
#include "corrent/storage/disk_pool.hpp"
#include "connection_limiter.hpp"
#include "port_mappings.hpp"
#include "torrent.hpp"

namespace corrent::engine {

class SessionCore {
 public:
  SessionCore(asio::any_io_executor executor, PluginSet plugins, SessionSettings settings,
              net::Transport* transport, storage::StorageBackend* storage);
  ~SessionCore();

  Task<Result<void>> start();
  Task<Result<metainfo::InfoHash>> add_torrent(AddTorrentParams params);
  Task<Result<void>> remove_torrent(metainfo::InfoHash info_hash);
  Torrent* find(const metainfo::InfoHash& info_hash) const;
  std::vector<net::Endpoint> listen_endpoints() const;
  [[nodiscard]] std::vector<PortMapping> external_endpoints() const { return mappings_.current(); }
  events::EventBus& events() { return events_; }
  [[nodiscard]] const ConnectionLimiter& limiter() const { return limiter_; }
  Task<void> stop();

 private:
  Task<void> accept_loop(net::Listener* listener);
  Task<void> accept_peer(std::unique_ptr<net::Stream> stream, std::uint64_t lease);
  // After a failed accept: waits out resource exhaustion (true), or says the loop ends.
  Task<bool> after_accept_error(std::error_code error, std::chrono::milliseconds& backoff);
  [[nodiscard]] std::uint16_t listen_port() const;
  // One request per distinct port listened on (TCP only: the session has no UDP socket yet).
  [[nodiscard]] std::vector<PortRequest> mapping_requests() const;
  [[nodiscard]] std::optional<metainfo::InfoHash> match_obfuscated(const crypto::Sha1Digest& req2) const;

  asio::any_io_executor executor_;
  PluginSet plugins_;
  SessionSettings settings_;
  net::Transport* transport_;
  storage::StorageBackend* storage_;
  events::EventBus events_;
  storage::DiskPool disk_pool_;
  PeerId peer_id_;
  std::uint32_t announce_key_;
  std::vector<wire::ExtensionSlot> extensions_;
  bool dht_ = false;  // a discovery plugin wants DHT nodes: handshakes set the DHT bit
  ListenPorts ports_;  // what torrents' discovery sees; external ports set by mappings_
  PortMappings mappings_;
  // Before the torrents and the accept tasks: the streams they own hold its leases.
  ConnectionLimiter limiter_;
  std::vector<std::unique_ptr<net::Listener>> listeners_;
  absl::flat_hash_map<metainfo::InfoHash, std::unique_ptr<Torrent>> torrents_;
  net::TaskGroup accepting_;  // accept loops and handshakes of incoming peers
  bool stopped_ = false;
  bool accept_paused_ = false;  // a SessionWarning was said for this shortage
};

}  // namespace corrent::engine
