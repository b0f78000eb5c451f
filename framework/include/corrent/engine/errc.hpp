#pragma once
// The error values of the engine (category "corrent.engine").

#include <string_view>

#include "corrent/core/error.hpp"

namespace corrent::engine {

/// Why the engine refused something or ended a connection.
enum class errc {
  ok = 0,
  no_transport,       ///< the transport named in SessionSettings was not built
  no_storage,         ///< the storage plugin named in SessionSettings was not built
  no_picker,          ///< the picker plugin named in SessionSettings or AddTorrentParams was not built
  no_choker,          ///< the choker plugin named in SessionSettings was not built
  duplicate_torrent,  ///< a torrent with this info-hash is already in the session
  unknown_torrent,    ///< no torrent with this info-hash
  bad_priorities,     ///< file_priorities has the wrong length or a value above 7
  bad_listen_address, ///< a SessionSettings::listen entry is not HOST:PORT
  duplicate_peer,     ///< already connected to this peer
  too_many_peers,     ///< the torrent's connection limit is reached
  banned,             ///< the peer sent data that failed the hash check too often
  both_seeds,         ///< neither side wants anything from the other
  torrent_stopped,    ///< the torrent was paused, removed or the session stopped
  storage_failed,     ///< a disk read or write failed; the torrent stopped
  metadata_too_large,     ///< offered metadata is bigger than metainfo::kMaxMetadataSize
  metadata_hash_mismatch, ///< offered metadata's SHA-1 is not the torrent's info-hash
  metadata_invalid,       ///< offered metadata is not a valid info dictionary
  metadata_received,      ///< the metadata arrived: peers of the fetch reconnect to download
  no_metadata_source,     ///< a magnet link without a v1 info-hash (btih)
  bad_range,              ///< a read or deadline past the torrent's end, or before its metadata
  read_too_long,          ///< a SessionView::read() longer than kMaxReadLength
  range_not_wanted,       ///< a read touches a piece only skipped files (priority 0) share
  service_failed,         ///< a Service plugin's run() returned an error
};

/// A short text for each errc value.
std::string_view describe(errc e) noexcept;
constexpr const char* category_name(errc) noexcept { return "corrent.engine"; }
CORRENT_ERROR_ENUM(errc)

}  // namespace corrent::engine

CORRENT_ERROR_ENUM_TRAIT(corrent::engine::errc);
