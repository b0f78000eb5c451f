#pragma once
// Making a .torrent (BitTorrent v1) from a file or a folder on disk.
//
// A folder is walked recursively; its regular files are taken in path order (so the same
// tree always gives the same torrent), hidden files included. Symbolic links and special
// files (devices, sockets, FIFOs) inside it are skipped and listed in CreateReport::skipped;
// empty folders leave no trace. Pieces are hashed on CreateOptions::threads threads, each
// reading its own range of pieces with pread(2) in large blocks.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "corrent/core/result.hpp"
#include "corrent/metainfo/creator_errc.hpp"
#include "corrent/metainfo/creator_options.hpp"
#include "corrent/metainfo/creator_plan.hpp"

namespace corrent::metainfo {

/// Bytes each hashing thread reads at once.
inline constexpr std::size_t kCreateReadBlock = 4 * 1024 * 1024;

/// What create_torrent() met on the way, for people.
struct CreateReport {
  /// Entries left out: symbolic links and special files.
  std::vector<std::filesystem::path> skipped;
  /// On failure, the file or folder the error is about (empty if none).
  std::filesystem::path failed_path;
  std::uint32_t piece_length = 0;
  std::uint32_t piece_count = 0;
  std::size_t file_count = 0;  ///< pad files excluded
};

/// The bytes of a .torrent for `source` (a regular file gives a single-file torrent, a
/// folder a multi-file torrent named after the folder). Errors: the source or a file in
/// it cannot be read (the system's error code), creator_errc::empty_payload,
/// invalid_piece_length, unsupported_source, file_changed, too_many_pieces.
[[nodiscard]] Result<std::string> create_torrent(const std::filesystem::path& source,
                                                 const CreateOptions& options,
                                                 CreateReport* report = nullptr);

/// The filesystem walk alone: the files of `source` in the order create_torrent() uses,
/// with their sizes and executable bits, and the name the torrent will have.
struct SourceListing {
  std::string name;
  bool multi_file = false;
  std::vector<CreatorFile> files;
  std::vector<std::filesystem::path> skipped;
};
[[nodiscard]] Result<SourceListing> list_source(const std::filesystem::path& source,
                                                std::filesystem::path* failed_path = nullptr);

/// The piece hashes of `plan`, whose files lie below `root` (the source folder, or the
/// file itself for a single-file torrent): 20 bytes per piece.
[[nodiscard]] Result<std::string> hash_pieces(const std::filesystem::path& root, const CreatorPlan& plan,
                                              unsigned threads,
                                              std::filesystem::path* failed_path = nullptr);

}  // namespace corrent::metainfo
