#pragma once
// STAND-IN (worker "cli"): declarations only, shaped like engine-plan.md and the lead's
// h/engine branch (SessionSettings and AddTorrentParams live in session_settings.hpp
// there), so that the corrent client compiles before the engine lands. The lead's real
// header replaces it.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <asio/any_io_executor.hpp>

#include "corrent/core/result.hpp"
#include "corrent/core/task.hpp"
#include "corrent/engine/torrent_status.hpp"
#include "corrent/events/event_bus.hpp"
#include "corrent/metainfo/info_hash.hpp"
#include "corrent/metainfo/metainfo.hpp"
#include "corrent/net/endpoint.hpp"
#include "corrent/plugin/config.hpp"
#include "corrent/plugin/plugin_error.hpp"
#include "corrent/plugin/registry.hpp"

namespace corrent::engine {

struct SessionSettings {
  std::vector<std::string> listen = {"0.0.0.0:6881"};  ///< "HOST:PORT"; port 0 = any
  std::string transport = "tcp";
  std::string client_name = "corrent";
  std::size_t disk_threads = 2;
  std::size_t upload_slots = 4;                  ///< kDefaultUploadSlots
  std::size_t max_connections_per_torrent = 200;  ///< kMaxConnectionsPerTorrent
  std::size_t max_half_open = 50;                ///< kMaxHalfOpen
  std::string storage = "storage_file";          ///< the storage plugin's name
  std::optional<std::filesystem::path> resume_dir;  ///< nullopt: default_resume_path's folder
  bool use_resume = true;
  std::optional<std::chrono::milliseconds> min_announce_interval;
};

struct AddTorrentParams {
  metainfo::Metainfo metainfo;
  std::filesystem::path save_path;
  std::vector<std::uint8_t> file_priorities;  ///< empty = all 4; 0 skips a file
  bool sequential = false;
  std::vector<net::Endpoint> peers;  ///< connected to at once
};

class Session {
 public:
  static PluginResult<std::unique_ptr<Session>> create(asio::any_io_executor ex, const Registry& reg,
                                                       const Config& config, SessionSettings s);
  ~Session();
  Task<Result<void>> start();  ///< listen, start plugins
  Task<Result<metainfo::InfoHash>> add_torrent(AddTorrentParams p);
  Task<Result<void>> remove_torrent(metainfo::InfoHash ih);
  Result<void> pause(const metainfo::InfoHash&);
  Result<void> resume(const metainfo::InfoHash&);
  void add_peer(const metainfo::InfoHash&, net::Endpoint);
  std::optional<TorrentStatus> status(const metainfo::InfoHash&) const;
  std::vector<net::Endpoint> listen_endpoints() const;
  events::EventBus& events();
  Task<void> stop();  ///< resume data written, "stopped" announced (bounded), plugins stopped
};

}  // namespace corrent::engine
