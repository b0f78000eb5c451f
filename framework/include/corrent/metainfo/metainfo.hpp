#pragma once
// Parsing .torrent files (BEP 3) with announce-list tiers (BEP 12), web seeds (BEP 19),
// the private flag (BEP 27) and pad files and attributes (BEP 47). Sans-I/O: bytes in,
// a Metainfo or a ParseError out. Names are sanitised (see path_sanitizer.hpp) so that
// no file of a parsed torrent can resolve outside the download directory.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "corrent/core/result.hpp"
#include "corrent/core/strong_types.hpp"
#include "corrent/crypto/sha1.hpp"
#include "corrent/metainfo/errc.hpp"
#include "corrent/metainfo/file_layout.hpp"
#include "corrent/metainfo/info_hash.hpp"
#include "corrent/metainfo/limits.hpp"

namespace corrent::metainfo {

/// Everything a client needs from a .torrent file.
struct Metainfo {
  InfoHash info_hash;        ///< SHA-1 over the exact bytes of the info dict
  std::string name;          ///< sanitised; the info-hash in hex if nothing was left of it
  FileLayout layout;
  bool multi_file = false;   ///< "files" rather than "length"
  std::string piece_hashes;  ///< 20 bytes per piece

  /// The expected SHA-1 of piece `p` (which must be < layout.piece_count()).
  [[nodiscard]] crypto::Sha1Digest piece_hash(PieceIndex p) const;

  /// Tracker tiers: announce-list (trimmed, deduplicated, empty tiers dropped), else
  /// "announce" alone as one tier; empty when the torrent has no tracker.
  std::vector<std::vector<std::string>> trackers;
  std::vector<std::string> web_seeds;  ///< url-list, a string or a list (BEP 19)
  bool is_private = false;             ///< info.private == 1 (BEP 27)
  std::optional<std::int64_t> creation_date;
  std::string comment, created_by, encoding;
  std::string info_bytes;              ///< the exact bencoded info dict (for ut_metadata)
  /// What sanitising changed or dropped, for people (at most kMaxWarnings lines).
  std::vector<std::string> warnings;
};

/// Parses a whole .torrent file. Fails with a ParseError whose code is a bencode::errc
/// (syntax, depth, token count) or a metainfo::errc (a missing or inconsistent field),
/// and whose offset is that of the offending item (0 for whole-input problems).
[[nodiscard]] ParseResult<Metainfo> parse_torrent(std::string_view bytes,
                                                  const TorrentLimits& limits = {});

/// Parses a bare info dict (as fetched with ut_metadata, BEP 9): the result has no
/// trackers or top-level fields, and its info_hash is the SHA-1 of `info_bytes`.
[[nodiscard]] ParseResult<Metainfo> parse_info_dict(std::string_view info_bytes,
                                                    const TorrentLimits& limits = {});

}  // namespace corrent::metainfo
