#include "corrent/engine/errc.hpp"

namespace corrent::engine {

std::string_view describe(errc e) noexcept {
  switch (e) {
    case errc::ok: return "ok";
    case errc::no_transport: return "the configured transport plugin is not built";
    case errc::no_storage: return "the configured storage plugin is not built";
    case errc::no_picker: return "the configured picker plugin is not built";
    case errc::no_choker: return "the configured choker plugin is not built";
    case errc::duplicate_torrent: return "the torrent is already in the session";
    case errc::unknown_torrent: return "no such torrent in the session";
    case errc::bad_priorities: return "file priorities: one per file, each 0 to 7";
    case errc::bad_listen_address: return "listen address is not HOST:PORT";
    case errc::duplicate_peer: return "already connected to this peer";
    case errc::too_many_peers: return "the torrent's connection limit is reached";
    case errc::banned: return "banned: sent data that failed the hash check";
    case errc::both_seeds: return "neither side wants anything from the other (both seeds, or upload-only)";
    case errc::torrent_stopped: return "the torrent stopped";
    case errc::storage_failed: return "disk read or write failed";
    case errc::metadata_too_large: return "metadata is bigger than the 30 MiB limit";
    case errc::metadata_hash_mismatch: return "metadata does not match the info-hash";
    case errc::metadata_invalid: return "metadata is not a valid info dictionary";
    case errc::metadata_received: return "metadata received: reconnecting to download";
    case errc::no_metadata_source: return "the magnet link has no v1 info-hash (urn:btih)";
    case errc::bad_range: return "the range lies past the torrent's end (or its metadata is not known yet)";
    case errc::read_too_long: return "a read may return at most 16 MiB";
    case errc::range_not_wanted: return "the range lies in skipped files: raise their priority first";
    case errc::service_failed: return "a service plugin failed";
  }
  return "unknown engine error";
}


}  // namespace corrent::engine
