#pragma once
// STAND-IN (worker "cli"): declarations only, from /work/engine-plan.md, so that the
// corrent client compiles before the engine lands. The lead's real header replaces it.

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

namespace corrent {
class Config;
class Registry;
}  // namespace corrent

namespace corrent::engine {

struct SessionSettings {
  std::vector<std::string> listen = {"0.0.0.0:6881"};  ///< "HOST:PORT"; port 0 = any
  std::string client_name = "corrent";
  std::size_t disk_threads = 2;
  std::size_t upload_slots = 4;                  ///< kDefaultUploadSlots
  std::size_t max_connections_per_torrent = 200;  ///< kMaxConnectionsPerTorrent
  std::string storage = "storage_file";          ///< the storage plugin's name
  std::optional<std::filesystem::path> resume_dir;  ///< nullopt: default_resume_path's folder
  bool write_resume = true;
};

struct AddTorrentParams {
  metainfo::Metainfo metainfo;
  std::filesystem::path save_path;
  std::vector<std::uint8_t> file_priorities;  ///< empty = all 4; 0 skips a file
  bool sequential = false;
  bool seed = false;  ///< keep running after finishing (the CLI decides exit)
  std::vector<net::Endpoint> peers;  ///< connected to at once
};

class Session {
 public:
  static Result<std::unique_ptr<Session>> create(asio::any_io_executor ex, const Registry& reg,
                                                 const Config& config, SessionSettings s);
  ~Session();
  Task<Result<void>> start();  ///< listen, start plugins
  Task<Result<metainfo::InfoHash>> add_torrent(AddTorrentParams p);
  Task<Result<void>> remove_torrent(metainfo::InfoHash ih);
  Result<void> pause(metainfo::InfoHash);
  Result<void> resume(metainfo::InfoHash);
  void add_peer(const metainfo::InfoHash&, net::Endpoint);
  std::optional<TorrentStatus> status(const metainfo::InfoHash&) const;
  std::vector<net::Endpoint> listen_endpoints() const;
  events::EventBus& events();
  Task<void> stop();  ///< resume data written, "stopped" announced (bounded), plugins stopped
};

}  // namespace corrent::engine
