#pragma once
// BEP 19's mapping of a torrent onto a web seed, sans I/O: the URL of each file, and the
// byte ranges of each file that make up a piece.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "corrent/core/strong_types.hpp"
#include "corrent/metainfo/file_layout.hpp"
#include "corrent/metainfo/metainfo.hpp"

namespace corrent::webseed {

/// `text` with every byte outside RFC 3986's unreserved set (ALPHA, DIGIT, '-', '.', '_',
/// '~') written as %XX, upper-case hex.
[[nodiscard]] std::string percent_encode(std::string_view text);

/// The URL of file `file` of `meta` on the web seed `base` (BEP 19). Single-file torrent:
/// `base` itself, unless it ends in '/', then base + name. Multi-file: base (with '/'
/// appended if missing) + name + '/' + each path element, each percent-encoded (the
/// file's path already starts with the torrent's name).
[[nodiscard]] std::string file_url(std::string_view base, const metainfo::Metainfo& meta, FileIndex file);

/// The bytes of one piece inside one file.
struct PieceRange {
  FileIndex file;
  std::uint64_t offset = 0;  ///< within the file
  std::uint64_t length = 0;
  bool pad = false;          ///< a BEP 47 pad file: zeros, never fetched
  friend bool operator==(const PieceRange&, const PieceRange&) = default;
};

/// The file ranges that make up `piece`, in order (zero-length files skipped); empty for a
/// piece past the end.
[[nodiscard]] std::vector<PieceRange> piece_ranges(const metainfo::FileLayout& layout, PieceIndex piece);

}  // namespace corrent::webseed
