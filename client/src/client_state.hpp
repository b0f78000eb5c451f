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
#include <asio/thread_pool.hpp>

#include "corrent/client/errc.hpp"
#include "corrent/client/limits.hpp"
#include "corrent/events/event_bus.hpp"
#include "corrent/plugins/storage_memory.hpp"
#include "warnings.hpp"
#include "corrent/engine/session.hpp"
#include "corrent/metainfo/info_hash.hpp"
#include "corrent/plugin/config.hpp"
#include "corrent/registry/registry.hpp"

namespace corrent::client::detail {

struct ClientState {
  explicit ClientState(asio::any_io_executor ex) : executor(std::move(ex)) {}
  asio::any_io_executor executor;
  /// Blocking work off the client's executor: hashing the files seed(path) shares.
  asio::thread_pool blocking{1};
  Registry registry;  ///< declared before `session`: it must outlive it
  Config config;
  std::unique_ptr<engine::Session> session;
  std::set<metainfo::InfoHash> torrents;       ///< added through this client
  std::optional<std::filesystem::path> directory;  ///< DirectoryStorage's; nullopt: memory
  std::vector<std::string> default_trackers;
  std::size_t max_torrent_file_bytes = 0;
  bool destroyed = false;
  /// Payloads seed() gives storage_memory (MemoryStorage only).
  std::shared_ptr<plugins::MemorySeedData> memory_seeds;
  WarningLog warnings{kMaxWarnings};
  /// Feeds `warnings` from the session's events. Last: unsubscribed before anything the
  /// callback touches is destroyed.
  events::Subscription subscription;
};

/// client_destroyed, or torrent_destroyed when `info_hash` is not in the client.
ClientResult<void> check_torrent(const ClientState& state, const metainfo::InfoHash& info_hash);

/// invalid_option for a rate of 0 (nullopt, not 0, means unlimited).
ClientResult<void> check_rate(std::optional<std::uint64_t> rate);

/// Removes a torrent of the client (Client::remove, TorrentHandle::destroy): its handles
/// fail at once, its warnings are dropped, then the session stops it.
Task<ClientResult<void>> remove_torrent(std::shared_ptr<ClientState> state, metainfo::InfoHash info_hash);

}  // namespace corrent::client::detail
