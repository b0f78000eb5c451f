#pragma once
// Bounds on untrusted .torrent files and magnet links. Figures follow libtorrent
// (include/libtorrent/torrent_info.hpp load_torrent_limits, file_storage.hpp,
// settings_pack max_piece_count, src/torrent_info.cpp) as collected in
// reference/reliability.md section 4; where we differ, the comment says why.

#include <cstddef>
#include <cstdint>

namespace corrent::metainfo {

/// Largest .torrent accepted by default: libtorrent's load_torrent_limits::max_buffer_size.
inline constexpr std::size_t kDefaultMaxTorrentSize = 10'000'000;
/// Deepest bencode nesting in a .torrent: libtorrent's bdecode default for torrents.
inline constexpr std::size_t kDefaultMaxDecodeDepth = 100;
/// Most bencode items in a .torrent: libtorrent's load_torrent_limits::max_decode_tokens.
inline constexpr std::size_t kDefaultMaxDecodeTokens = 3'000'000;
/// Most pieces per torrent: libtorrent's max_pieces / settings_pack::max_piece_count
/// (0x200000). At 20 bytes a hash that is a 40 MiB "pieces" string.
inline constexpr std::uint32_t kDefaultMaxPieces = 0x200000;
/// Most files per torrent (pad files included). libtorrent bounds files only through its
/// token limit (3M tokens allow ~500k files); 1,000,000 leaves headroom for legitimate
/// huge torrents while keeping the parse bounded (~100 bytes of state per file).
inline constexpr std::size_t kDefaultMaxFiles = 1'000'000;

/// Largest piece length: libtorrent's file_storage::max_piece_size is 32767 blocks of
/// 16 KiB (~512 MiB); we take the round 512 MiB. Any length >= 1 is accepted below it,
/// as libtorrent does for v1 torrents.
inline constexpr std::uint32_t kMaxPieceLength = 512u * 1024 * 1024;
/// Largest file, and largest total size: 2^48 bytes (256 TiB), libtorrent's
/// file_storage::max_file_offset. Keeps every offset sum far from uint64 overflow.
inline constexpr std::uint64_t kMaxFileSize = std::uint64_t{1} << 48;
inline constexpr std::uint64_t kMaxTotalSize = std::uint64_t{1} << 48;
/// Most renamed copies of one path ("a.1.txt" ... "a.500.txt"); one more duplicate and
/// the torrent is rejected. libtorrent's max_duplicate_filenames.
inline constexpr std::uint32_t kMaxDuplicateFilenames = 500;
/// Most elements in one file's "path" list: libtorrent's max_directory_depth (2.1.0).
inline constexpr std::size_t kMaxDirectoryDepth = 100;
/// Longest path element in bytes after sanitising; longer ones are truncated keeping
/// the extension. libtorrent's sanitize_append_path_element uses 240, leaving room
/// under the common 255-byte file name limit for a ".1" duplicate suffix or ".part".
inline constexpr std::size_t kMaxPathElementBytes = 240;
/// Longest extension kept when truncating a path element; a longer "extension" is just
/// part of the name.
inline constexpr std::size_t kMaxKeptExtensionBytes = 30;
/// Most warnings kept in Metainfo::warnings; one more line says how many were left out.
/// A hostile torrent with a million bad names must not cost a million strings.
inline constexpr std::size_t kMaxWarnings = 1000;
/// Longest magnet URI accepted. Real ones are well under 2 KiB even with a dozen
/// trackers; 8 KiB bounds the parse and matches common URL length limits.
inline constexpr std::size_t kMaxMagnetLength = 8 * 1024;

/// Largest info dictionary fetched from peers (BEP 9 metadata_size): libtorrent's
/// settings_pack::max_metadata_size (30 MiB), reliability.md section 4. A bigger
/// metadata_size closes the peer before anything is allocated for it.
inline constexpr std::size_t kMaxMetadataSize = 30 * 1024 * 1024;

/// The configurable limits of parse_torrent() and load_torrent_file().
struct TorrentLimits {
  std::size_t max_torrent_size = kDefaultMaxTorrentSize;
  std::size_t max_decode_depth = kDefaultMaxDecodeDepth;
  std::size_t max_decode_tokens = kDefaultMaxDecodeTokens;
  std::uint32_t max_pieces = kDefaultMaxPieces;
  std::size_t max_files = kDefaultMaxFiles;
};

}  // namespace corrent::metainfo
