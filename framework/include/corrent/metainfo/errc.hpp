#pragma once
// Why a .torrent file or info dict was rejected. Bencode syntax errors keep their own
// codes (corrent.bencode); these name the metainfo-level problem.

#include <string_view>

#include "corrent/core/error.hpp"

namespace corrent::metainfo {

enum class errc {
  ok = 0,
  torrent_too_large,            ///< the input is larger than TorrentLimits::max_torrent_size
  not_a_dict,                   ///< the top-level item is not a dict
  missing_info,                 ///< no "info" key
  invalid_info,                 ///< "info" is not a dict
  missing_name,                 ///< no "name" in the info dict
  invalid_name,                 ///< "name" is not a string
  missing_piece_length,         ///< no "piece length"
  invalid_piece_length,         ///< "piece length" not an integer, <= 0 or > kMaxPieceLength
  missing_pieces,               ///< no "pieces"
  invalid_pieces,               ///< "pieces" not a string, or its length not a multiple of 20
  piece_count_mismatch,         ///< pieces/20 differs from ceil(total size / piece length)
  too_many_pieces,              ///< more than TorrentLimits::max_pieces pieces
  invalid_file_size,            ///< a length missing, not an integer, negative or > kMaxFileSize
  total_size_too_large,         ///< the sum of the file sizes is above kMaxTotalSize
  no_files,                     ///< an empty "files" list, or a torrent with no data at all
  length_and_files,             ///< both "length" and "files" in the info dict
  missing_length_and_files,     ///< neither "length" nor "files"
  invalid_file_list,            ///< "files" is not a list
  invalid_file_entry,           ///< an element of "files" is not a dict
  missing_path,                 ///< a file entry without "path"
  invalid_path,                 ///< "path" not a list, or an element of it not a string
  too_many_files,               ///< more than TorrentLimits::max_files files
  directory_too_deep,           ///< a path with more than kMaxDirectoryDepth elements
  too_many_duplicate_filenames, ///< one path occurs more than kMaxDuplicateFilenames + 1 times
  v2_only,                      ///< a BitTorrent v2-only torrent (BEP 52: "meta version" 2, no "pieces")
};

std::string_view describe(errc e) noexcept;
constexpr const char* category_name(errc) noexcept { return "corrent.metainfo"; }
CORRENT_ERROR_ENUM(errc)

}  // namespace corrent::metainfo

CORRENT_ERROR_ENUM_TRAIT(corrent::metainfo::errc);
