#pragma once
// DhtDiscovery: the mainline DHT as a Discovery plugin (BEP 5). One object serves the
// session: a DhtNode per address family (IPv4 always; IPv6 when the socket family allows),
// on the session's shared UDP sockets or, without a session or with a configured port, on
// its own DatagramService. For each torrent, run() looks up its info-hash (get_peers),
// pushes the peers found to the torrent, announces our TCP port to the closest responders
// with their tokens (announce_peer), and repeats every announce_interval until cancelled.
// Never for private torrents (BEP 27).
//
// With a state_file, the routing tables outlive the process (table_state.hpp): create()
// restores the saved ids and nodes (as hints, so each is asked again before it enters a
// table), stop() saves the nodes that answered us before the nodes stop. The file is a
// cache: a missing or bad one, or a failed save, is kept in table_state_status() and never
// stops the plugin.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <system_error>
#include <vector>

#include <asio/any_io_executor.hpp>

#include "corrent/discovery/discovery.hpp"
#include "corrent/net/datagram_service.hpp"
#include "corrent/net/task_group.hpp"
#include "dht_node.hpp"
#include "table_state.hpp"

namespace corrent::dht {

/// How often a torrent's get_peers lookup and announce_peer are repeated: libtorrent's
/// default dht_announce_interval (15 minutes, settings_pack.cpp); BEP 5 gives no figure.
inline constexpr std::chrono::minutes kAnnounceInterval{15};

/// When a torrent's round reached no node at all (the table still empty at start-up, or
/// every query lost), the next round comes after this rather than a whole announce
/// interval. Ours: the node's bootstrap retry period.
inline constexpr std::chrono::seconds kEmptyRoundRetry = kBootstrapRetryInterval;

/// The longest a torrent's first round waits for a node's first bootstrap round (ours: a
/// bootstrap is one round of find_node plus a lookup, each query at most the query
/// timeout; a node with nobody to ask never finishes one, and then the round goes ahead).
inline constexpr std::chrono::seconds kFirstRoundBootstrapWait{20};

/// What register.cpp reads from the "dht" section.
struct DhtSettings {
  std::vector<net::Endpoint> bootstrap;        ///< bootstrap_nodes with a numeric address
  std::vector<HostPort> bootstrap_hosts;       ///< bootstrap_nodes by name
  std::uint16_t port = 0;                ///< 0: the session's socket (else our own on any port)
  std::chrono::milliseconds announce_interval = kAnnounceInterval;
  std::chrono::milliseconds query_timeout = kQueryTimeout;
  bool enforce_node_id = false;
  /// announce_peer with implied_port (BEP 5: the UDP source port) instead of our TCP port.
  bool implied_port = false;
  /// As DhtNodeSettings: relaxed only where many honest nodes share an address (tests).
  bool one_candidate_per_ip = true;
  std::uint32_t max_datagrams_per_source = kMaxDatagramsPerSourceWindow;
  /// BEP 43 for our nodes (DhtNodeSettings::read_only).
  bool read_only = false;
  /// Where the routing tables are saved at stop() and restored from at create(); empty:
  /// nowhere.
  std::filesystem::path state_file;
  /// Our node id in both families, chosen by the user (WebTorrent's nodeId); nullopt: the
  /// saved one, else random. A chosen id is kept as it is, even where BEP 42 would
  /// derive another from our external address.
  std::optional<NodeId> node_id;
};

/// What became of the saved routing tables (DhtSettings::state_file), for status.
struct TableStateStatus {
  bool restored = false;             ///< a state file was read and accepted at create()
  std::size_t restored_nodes = 0;    ///< its nodes, given to the nodes as hints
  std::error_code load_error;        ///< why a file that exists was ignored (else empty)
  std::size_t saved_nodes = 0;       ///< nodes written by the last save
  std::uint64_t saves = 0;           ///< files written
  std::uint64_t save_failures = 0;   ///< saves that failed
  std::error_code save_error;        ///< the last failure's reason
};

class DhtDiscovery final : public Discovery {
 public:
  /// `shared`: the session's service (it outlives the plugin), or nullptr. Opens its own
  /// service when `shared` is nullptr or settings.port is not 0; errors: the system's.
  static Result<std::unique_ptr<DhtDiscovery>> create(asio::any_io_executor executor, DhtSettings settings,
                                                      net::DatagramService* shared);
  ~DhtDiscovery() override;

  [[nodiscard]] bool allowed_for_private() const override { return false; }  // BEP 27
  [[nodiscard]] bool wants_dht_nodes() const override { return true; }
  Task<Result<void>> run(DiscoveryContext& torrent) override;
  void on_dht_node(const net::Endpoint& node) override;
  void on_external_address(const net::Endpoint& address, const net::Endpoint& reporter) override;
  Task<void> stop() override;

  /// The nodes (IPv4 first), for tests and status.
  [[nodiscard]] const std::vector<std::unique_ptr<DhtNode>>& nodes() const { return nodes_; }
  /// Where our own service is bound (empty on the session's).
  [[nodiscard]] std::vector<net::Endpoint> own_endpoints() const;
  /// The saved state's fate: restored or why not, saved or why not.
  [[nodiscard]] const TableStateStatus& table_state_status() const { return state_status_; }

 private:
  DhtDiscovery(asio::any_io_executor executor, DhtSettings settings, std::unique_ptr<net::DatagramService> own,
               net::DatagramService& service, const TableState& saved);
  /// Reads settings_.state_file into `saved`, noting the outcome in state_status_.
  static TableState restore(const std::filesystem::path& file, TableStateStatus& status);
  /// Writes the tables to settings_.state_file (blocking: once, at stop).
  void save_state();
  /// One round for `torrent`; returns whether any node answered.
  Task<bool> announce_round(DiscoveryContext& torrent);
  Task<void> announce_to(DhtNode& node, Lookup::Responder responder, InfoHashBytes info_hash, std::uint16_t port);

  asio::any_io_executor executor_;
  DhtSettings settings_;
  std::unique_ptr<net::DatagramService> own_;
  net::DatagramService& service_;
  std::vector<std::unique_ptr<DhtNode>> nodes_;
  TableStateStatus state_status_;
  bool stopped_ = false;
};

}  // namespace corrent::dht
