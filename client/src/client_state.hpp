#pragma once
// The state a Client shares with its TorrentHandles and FileReaders (private to the
// library). Lives on the client's executor.

#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <system_error>
#include <vector>

#include <asio/any_io_executor.hpp>

#include "corrent/client/errc.hpp"
#include "corrent/engine/session.hpp"
#include "corrent/metainfo/info_hash.hpp"
#include "corrent/plugin/config.hpp"
#include "corrent/registry/registry.hpp"

namespace corrent::client::detail {

struct ClientState {
  explicit ClientState(asio::any_io_executor ex) : executor(std::move(ex)) {}
  asio::any_io_executor executor;
  Registry registry;  ///< declared before `session`: it must outlive it
  Config config;
  std::unique_ptr<engine::Session> session;
  std::set<metainfo::InfoHash> torrents;       ///< added through this client
  std::optional<std::filesystem::path> directory;  ///< DirectoryStorage's; nullopt: memory
  std::vector<std::string> default_trackers;
  std::size_t max_torrent_file_bytes = 0;
  bool destroyed = false;
};

/// client_destroyed, or torrent_destroyed when `info_hash` is not in the client.
ClientResult<void> check_torrent(const ClientState& state, const metainfo::InfoHash& info_hash);

/// A session error as a ClientError: duplicate_torrent, storage, engine, ...
ClientError from_engine(std::error_code cause, std::string detail);

}  // namespace corrent::client::detail
