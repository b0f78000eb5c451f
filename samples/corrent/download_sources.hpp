#pragma once
// What `corrent download` is asked to fetch, read before the session starts: each argument
// is a .torrent file, a .torrent at an http(s) URL, a magnet link or a bare info-hash.
// Each is checked on its own: a bad magnet, --only past the last file, a file or folder in
// the way of the torrent's files.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cli_args.hpp"
#include "corrent/metainfo/magnet.hpp"
#include "corrent/metainfo/metainfo.hpp"
#include "corrent/net/endpoint.hpp"

namespace corrent::cli {

/// How long fetching a .torrent from an http(s) URL may take in all (redirects included).
inline constexpr std::chrono::seconds kTorrentFetchTimeout{30};
/// The largest .torrent fetched: the parser's own bound (metainfo::kDefaultMaxTorrentSize).
std::size_t max_fetched_torrent_size();

/// One torrent to add: a parsed .torrent with its file priorities, or a magnet link (with
/// the x.pe peers given by host name, resolved).
struct Source {
  std::string given;  ///< the argument, for messages
  metainfo::Metainfo meta;
  std::vector<std::uint8_t> priorities;
  std::optional<metainfo::Magnet> magnet;
  std::vector<net::Endpoint> peers;  ///< resolved x.pe peers of a magnet
};

struct SourceError {
  std::string why;  ///< for report_error, naming the argument
  int code;         ///< kExitUsage or kExitFailure
};

/// Reads `text` (see above). `only` (--only) applies to it; `out_dir` is where its files go.
tl::expected<Source, SourceError> read_source(const std::string& text, const std::vector<std::uint32_t>& only,
                                              const std::string& out_dir);

/// GETs a .torrent from `url` (http:// or https://), within kTorrentFetchTimeout and
/// max_fetched_torrent_size(); a status other than 200 is an error naming the URL.
ArgResult<std::string> fetch_torrent(const std::string& url);

}  // namespace corrent::cli
