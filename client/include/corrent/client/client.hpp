#pragma once
// Client: the WebTorrent-style API over a Session (issue 17). It builds the standard
// plugins (and LSD) with ClientOptions, listens, and adds torrents from whatever the user
// has: an info-hash, a magnet URI, .torrent bytes, a path or a URL.
//
//   auto client = co_await Client::create(io.get_executor(), ClientOptions{});
//   auto torrent = co_await (*client)->add("magnet:?xt=urn:btih:...");
//   ... (*torrent).progress() ... (*torrent).reader(0) ...
//   co_await (*client)->destroy();
//
// Threading: a Client, its TorrentHandles and FileReaders are used on the executor given
// to create() only (the session's rule: one executor owns the state, STYLE.md rule 5);
// from another thread, asio::post or co_spawn onto it.
// GCC 12: pass add() and seed() named values (std::move them) rather than temporaries
// converted in the co_await expression (`co_await add("abc...")`): GCC 12 may destroy
// such a temporary twice (found by this library's tests; STYLE.md lists its other
// coroutine pitfalls). destroy() must be awaited before
// the Client is destroyed; after it every call fails with errc::client_destroyed.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <asio/any_io_executor.hpp>

#include "corrent/client/client_options.hpp"
#include "corrent/client/errc.hpp"
#include "corrent/client/torrent_handle.hpp"
#include "corrent/client/torrent_id.hpp"
#include "corrent/core/peer_id.hpp"
#include "corrent/core/task.hpp"
#include "corrent/metainfo/info_hash.hpp"
#include "corrent/metainfo/magnet.hpp"
#include "corrent/net/endpoint.hpp"
#include "corrent/throttle/rate_limits.hpp"

namespace corrent::client {

class Client {
 public:
  /// Checks `options`, builds the session and starts listening. Errors:
  /// invalid_option (a bad
  /// listen host, an unreadable blocklist syntax), file_not_found (the blocklist), too_large
  /// (blocklist over kMaxBlocklistBytes), network (the port is taken), engine.
  static Task<ClientResult<std::unique_ptr<Client>>> create(asio::any_io_executor executor, ClientOptions options);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  /// Adds a torrent: by info-hash or magnet link (the metadata then comes from peers),
  /// .torrent bytes, a .torrent path, or a URL whose body is a .torrent. Errors:
  /// duplicate_torrent (detail: the info-hash in hex), invalid_torrent, invalid_info_hash,
  /// file_not_found, too_large, network (a URL), storage, client_destroyed.
  Task<ClientResult<TorrentHandle>> add(metainfo::InfoHash info_hash);
  Task<ClientResult<TorrentHandle>> add(metainfo::Magnet magnet);
  Task<ClientResult<TorrentHandle>> add(TorrentBytes torrent);
  Task<ClientResult<TorrentHandle>> add(TorrentPath torrent);
  Task<ClientResult<TorrentHandle>> add(TorrentUrl torrent);
  /// Adds what `text` names (recognise(): magnet URI, info-hash, URL or path).
  Task<ClientResult<TorrentHandle>> add(std::string text);
  /// Makes a single-file torrent named `name` of `bytes` (announcing to `announce`, one
  /// tier each) and seeds it: with DirectoryStorage the file is written into the folder,
  /// with MemoryStorage the bytes are held in memory. Errors: invalid_torrent (empty
  /// bytes, a bad name), storage, duplicate_torrent, client_destroyed.
  Task<ClientResult<TorrentHandle>> seed(std::string name, std::string bytes, std::vector<std::string> announce);
  /// Makes a torrent of the file or folder `path` (announcing to `announce`) and seeds it
  /// where it is, read-only (nothing there is written), whatever the client's storage.
  /// Errors: file_not_found, invalid_torrent (an empty folder, say), storage,
  /// duplicate_torrent, client_destroyed.
  Task<ClientResult<TorrentHandle>> seed(TorrentPath path, std::vector<std::string> announce);
  /// Stops and removes a torrent; its handles then fail with torrent_destroyed.
  /// Errors: torrent_destroyed (not in the client), client_destroyed.
  Task<ClientResult<void>> remove(metainfo::InfoHash info_hash);
  /// The torrent's handle. Errors: torrent_destroyed (not in the client).
  [[nodiscard]] ClientResult<TorrentHandle> get(const metainfo::InfoHash& info_hash) const;
  /// Every torrent, in info-hash order.
  [[nodiscard]] ClientResult<std::vector<TorrentHandle>> torrents() const;
  /// Offers a peer to a torrent (as a tracker would).
  ClientResult<void> add_peer(const metainfo::InfoHash& info_hash, net::Endpoint peer);
  /// Stops the session (every torrent stopped, listeners closed). Later calls fail with
  /// client_destroyed; calling it twice does nothing.
  Task<void> destroy();

  /// Verified over wanted bytes of every torrent, 0..1 (0 with none; 1 when none wants
  /// anything and each is checked: read-only seeds).
  [[nodiscard]] ClientResult<double> progress() const;
  /// Uploaded over downloaded payload bytes of every torrent (0 before any download).
  [[nodiscard]] ClientResult<double> ratio() const;
  /// Payload bytes per second, summed over the torrents.
  [[nodiscard]] ClientResult<std::uint64_t> download_speed() const;
  [[nodiscard]] ClientResult<std::uint64_t> upload_speed() const;
  /// Changes the download (upload) limit at once; nullopt: unlimited.
  ClientResult<void> throttle_download(std::optional<std::uint64_t> bytes_per_second);
  ClientResult<void> throttle_upload(std::optional<std::uint64_t> bytes_per_second);
  /// The limits in force (the session's).
  [[nodiscard]] ClientResult<throttle::RateLimits> rate_limits() const;
  /// Where we listen, with the real port.
  [[nodiscard]] ClientResult<std::vector<net::Endpoint>> address() const;
  /// Our peer id (ClientOptions::peer_id, or the one made for this client).
  [[nodiscard]] ClientResult<PeerId> peer_id() const;
  /// What went wrong outside any one torrent since the last call, oldest first: a port
  /// mapping lost (nat), the session short of descriptors (engine). At most kMaxWarnings
  /// are kept; TorrentHandle::take_warnings() has each torrent's.
  [[nodiscard]] ClientResult<std::vector<ClientError>> take_warnings();

 private:
  explicit Client(std::shared_ptr<detail::ClientState> state);
  [[nodiscard]] ClientResult<void> check() const;
  std::shared_ptr<detail::ClientState> state_;
};

}  // namespace corrent::client
