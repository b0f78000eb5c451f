#pragma once
// SessionCore: what Session hides. Owns the plugins, the event bus, the disk pool, the
// listeners and their accept loops, the port mappers at work, the torrents and the
// running services, all on one executor. It is the SessionView the services get
// (session_view.cpp).

#include <memory>
#include <vector>

#include <absl/container/flat_hash_map.h>

#include "corrent/crypto/sha1.hpp"
#include "corrent/engine/session.hpp"
#include "corrent/net/datagram_service.hpp"
#include "corrent/net/task_group.hpp"
#include "corrent/net/transport.hpp"
#include "corrent/registry/plugin_set.hpp"
#include "corrent/registry/service.hpp"
#include "corrent/view/session_view.hpp"
#include "corrent/storage/disk_pool.hpp"
#include "corrent/throttle/rate_limits.hpp"
#include "corrent/throttle/scheduler.hpp"
#include "corrent/throttle/throttled_stream.hpp"
#include "connection_limiter.hpp"
#include "port_mappings.hpp"
#include "session_random.hpp"
#include "torrent.hpp"

namespace corrent::engine {

class SessionCore final : public SessionView {
 public:
  // The plugins the settings chose, found in `plugins` by Session::create.
  struct Chosen {
    std::vector<net::Transport*> transports;  // in dial preference order
    storage::StorageBackend* storage = nullptr;
    policy::PickerPlugin* picker = nullptr;
    policy::ChokerPlugin* choker = nullptr;
    // Transports made here rather than built as plugins (the proxy's wrappers).
    std::vector<std::unique_ptr<net::Transport>> proxied;
  };
  SessionCore(asio::any_io_executor executor, std::unique_ptr<net::DatagramService> datagrams,
              PluginSet plugins, SessionSettings settings, Chosen chosen);
  ~SessionCore() override;

  Task<Result<void>> start();
  // Every transport listening on `bind`, on one port, and a UDP socket on it too.
  Result<void> listen_on(net::Endpoint bind);
  // The shared UDP sockets for a listen address whose transports are bound on `bound`:
  // one, or two for "[::]" (IPv6 and IPv4), each on that port if it is free.
  void open_udp(net::Endpoint bound);
  void open_udp_socket(net::Endpoint bound);
  Task<Result<metainfo::InfoHash>> add_torrent(AddTorrentParams params) override;
  Task<Result<void>> remove_torrent(metainfo::InfoHash info_hash) override;
  Torrent* find(const metainfo::InfoHash& info_hash) const;
  [[nodiscard]] std::vector<net::Endpoint> listen_endpoints() const override;
  [[nodiscard]] std::vector<net::PeerAddress> listen_addresses() const;
  [[nodiscard]] std::vector<net::Endpoint> udp_endpoints() const override { return datagrams_->local_endpoints(); }
  [[nodiscard]] net::DatagramService& datagrams() { return *datagrams_; }
  [[nodiscard]] std::vector<PortMapping> external_endpoints() const override { return mappings_.current(); }
  [[nodiscard]] std::optional<net::Endpoint> external_address() const override { return external_address_.current(); }
  events::EventBus& events() override { return events_; }

  // The rest of SessionView (session_view.cpp).
  [[nodiscard]] std::vector<TorrentStatus> torrents() const override;
  [[nodiscard]] std::optional<TorrentStatus> status(const metainfo::InfoHash& info_hash) const override;
  [[nodiscard]] std::optional<metainfo::FileLayout> files(const metainfo::InfoHash& info_hash) const override;
  [[nodiscard]] std::optional<metainfo::Metainfo> metainfo(const metainfo::InfoHash& info_hash) const override;
  [[nodiscard]] std::optional<Bitfield> have_pieces(const metainfo::InfoHash& info_hash) const override;
  [[nodiscard]] PeerId peer_id() const { return peer_id_; }
  void adopt_peer(std::unique_ptr<net::Stream> stream, std::string source) override;
  Task<Result<std::vector<std::byte>>> read(metainfo::InfoHash info_hash, std::uint64_t offset,
                                            std::size_t length) override;
  Result<void> set_piece_deadline(const metainfo::InfoHash& info_hash, PieceIndex piece,
                                  std::chrono::milliseconds due) override;
  Result<void> pause(const metainfo::InfoHash& info_hash) override;
  Result<void> resume(const metainfo::InfoHash& info_hash) override;
  Result<std::size_t> clear_piece_deadlines(const metainfo::InfoHash& info_hash, PieceIndex first,
                                            PieceIndex last) override;
  Task<Result<void>> set_piece_priorities(metainfo::InfoHash info_hash, PieceIndex first, PieceIndex last,
                                          std::uint8_t priority) override;
  Task<Result<void>> set_file_priorities(metainfo::InfoHash info_hash,
                                         std::vector<std::uint8_t> priorities) override;
  [[nodiscard]] const ConnectionLimiter& limiter() const { return limiter_; }
  // The session's own rate limits (SessionSettings::rate_limits, then Session's setter).
  [[nodiscard]] throttle::LimitPair& session_limits() { return *limits_; }
  // A limit changed: the schedulers hand out by the new rates now.
  void rates_changed();
  Task<void> stop();

 private:
  void start_services();
  Task<void> run_service(Service* service, std::string name);
  // `transport` is the scheme of the listener's transport (static storage: the plugin's).
  Task<void> accept_loop(net::Listener* listener, std::string_view transport);
  // `encryption`: the session's policy for accepted connections; plaintext for adopted ones.
  Task<void> accept_peer(std::unique_ptr<net::Stream> stream, std::uint64_t lease, std::string transport,
                         mse::EncryptionPolicy encryption, std::shared_ptr<throttle::ConnectionLimits> limits);
  // accept_peer's every admitted connection, throttled from its first byte.
  void spawn_accept(ConnectionLimiter::Admitted admitted, std::string transport, mse::EncryptionPolicy encryption);
  // After a failed accept: waits out resource exhaustion (true), or says the loop ends.
  Task<bool> after_accept_error(std::error_code error, std::chrono::milliseconds& backoff);
  [[nodiscard]] std::uint16_t listen_port() const;
  // One request per distinct port listened on, TCP and UDP.
  [[nodiscard]] std::vector<PortRequest> mapping_requests() const;
  [[nodiscard]] std::optional<metainfo::InfoHash> match_obfuscated(const crypto::Sha1Digest& req2) const;
  // `stream` drawing from the session's limits, and from its torrent's once
  // `limits->torrent` is set.
  std::unique_ptr<net::Stream> throttled(std::unique_ptr<net::Stream> stream,
                                         std::shared_ptr<throttle::ConnectionLimits> limits);

  asio::any_io_executor executor_;
  // Before the plugins: they may hold registrations with it and send through it.
  std::unique_ptr<net::DatagramService> datagrams_;
  PluginSet plugins_;
  SessionSettings settings_;
  std::vector<std::unique_ptr<net::Transport>> proxied_;  // owns what transports_ may point to
  std::vector<net::Transport*> transports_;  // in dial preference order
  storage::StorageBackend* storage_;
  policy::PickerPlugin* picker_;  // unless a torrent names another
  policy::ChokerPlugin* choker_;
  events::EventBus events_;
  storage::DiskPool disk_pool_;
  SessionRandom random_;  // before what it seeds
  PeerId peer_id_;
  std::uint32_t announce_key_;
  std::vector<wire::ExtensionSlot> extensions_;
  bool dht_ = false;  // a discovery plugin wants DHT nodes: handshakes set the DHT bit
  ListenPorts ports_;  // what torrents' discovery sees; external ports set by mappings_
  ExternalAddress external_address_;  // before mappings_, which reports to it
  PortMappings mappings_;
  // Before the torrents and the accept tasks: the streams they own hold its leases.
  ConnectionLimiter limiter_;
  // Likewise: every peer stream draws through them.
  std::shared_ptr<throttle::LimitPair> limits_;
  throttle::Scheduler download_scheduler_;
  throttle::Scheduler upload_scheduler_;
  struct Listening {
    net::Transport* transport;
    std::unique_ptr<net::Listener> listener;
  };
  std::vector<Listening> listeners_;
  absl::flat_hash_map<metainfo::InfoHash, std::unique_ptr<Torrent>> torrents_;
  net::TaskGroup accepting_;  // accept loops and handshakes of incoming peers
  net::TaskGroup services_;   // one run() per Service plugin; stopped first
  bool stopped_ = false;
  bool accept_paused_ = false;  // a SessionWarning was said for this shortage
};

}  // namespace corrent::engine
