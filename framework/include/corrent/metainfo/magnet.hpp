#pragma once
// Magnet URIs (BEP 9), with BEP 53's "so" file selection. Sans-I/O: parse_magnet and
// to_uri are inverses: parse_magnet(to_uri(m)) == m for every m parse_magnet produced.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "corrent/core/result.hpp"
#include "corrent/core/strong_types.hpp"
#include "corrent/metainfo/info_hash.hpp"
#include "corrent/metainfo/magnet_errc.hpp"

namespace corrent::metainfo {

struct Metainfo;

/// What a magnet link says about a torrent.
struct Magnet {
  std::optional<InfoHash> info_hash;        ///< xt=urn:btih: (40 hex or 32 base32)
  std::optional<std::string> info_hash_v2;  ///< xt=urn:btmh: multihash, lower-case hex
  /// dn, percent-decoded ('+' is a space), sanitised like a path element so it is safe
  /// as a directory name before the metadata arrives.
  std::string display_name;
  std::vector<std::string> trackers;             ///< every tr, in order (trimmed, no dups)
  std::vector<std::string> web_seeds;            ///< ws
  std::optional<std::uint64_t> exact_length;     ///< xl
  std::vector<std::string> peers;                ///< x.pe (host:port)
  std::vector<std::pair<FileIndex, FileIndex>> select_only;  ///< so (BEP 53), inclusive

  friend bool operator==(const Magnet&, const Magnet&) = default;
};

/// Parses a magnet URI. At least one xt (btih or btmh) is required; unknown parameters
/// are ignored; the first btih and btmh win. Errors are magnet_errc values with the
/// offset of the offending parameter.
[[nodiscard]] ParseResult<Magnet> parse_magnet(std::string_view uri);

/// What a user may type for a torrent known by its hash: a magnet URI (parse_magnet), or a
/// bare v1 info-hash of 40 hex or 32 base32 characters (a Magnet with only info_hash).
/// Anything else is magnet_errc::not_a_magnet.
[[nodiscard]] ParseResult<Magnet> parse_magnet_or_info_hash(std::string_view text);

/// The URI for `m`, every value percent-encoded (RFC 3986 unreserved characters kept).
[[nodiscard]] std::string to_uri(const Magnet& m);

/// The magnet of a parsed torrent: xt, dn, every tracker of every tier, ws.
[[nodiscard]] Magnet make_magnet(const Metainfo& metainfo);

}  // namespace corrent::metainfo
