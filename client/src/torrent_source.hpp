#pragma once
// From what Client::add is given to what Session::add_torrent takes (private): parse,
// read or fetch.

#include <filesystem>
#include <memory>

#include "client_state.hpp"
#include "corrent/client/torrent_id.hpp"
#include "corrent/core/task.hpp"
#include "corrent/view/add_torrent_params.hpp"

namespace corrent::client::detail {

/// The params for each kind of input, without the client's defaults. Errors:
/// invalid_torrent, invalid_info_hash, file_not_found, too_large, storage.
ClientResult<AddTorrentParams> from_magnet(metainfo::Magnet magnet);
ClientResult<AddTorrentParams> from_text(const std::string& text);
ClientResult<AddTorrentParams> from_path(const std::filesystem::path& path, std::size_t max_bytes);

/// GETs a .torrent (bounded: max_torrent_file_bytes, kTorrentFetchTimeout,
/// kTorrentFetchMaxRedirects) and parses it. Errors: too_large, network, invalid_torrent.
Task<ClientResult<AddTorrentParams>> fetch_url(asio::any_io_executor executor, std::string url, std::size_t max_bytes);

/// Parses .torrent bytes into params (no save path or trackers added yet).
ClientResult<AddTorrentParams> from_torrent_bytes(std::string_view bytes, std::size_t max_bytes);

/// Sets the client's save path and appends its default trackers.
void add_defaults(const ClientState& state, AddTorrentParams& params);

/// The info-hash `params` will be added under (nullopt: a magnet without btih).
std::optional<metainfo::InfoHash> info_hash_of(const AddTorrentParams& params);

}  // namespace corrent::client::detail
