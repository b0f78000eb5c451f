#pragma once
// The sans-I/O half of torrent creation: from a list of files (names and sizes) to the
// layout of the byte stream (pad files included), and from that layout plus the piece
// hashes to the bencoded torrent. No filesystem, no clock: create_torrent() (creator.hpp)
// supplies both.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "corrent/bencode/value.hpp"
#include "corrent/core/result.hpp"
#include "corrent/metainfo/creator_errc.hpp"
#include "corrent/metainfo/creator_options.hpp"

namespace corrent::metainfo {

/// One file of a torrent being made.
struct CreatorFile {
  /// Path components below the torrent's root folder; empty for a single-file torrent.
  std::vector<std::string> path;
  std::uint64_t size = 0;
  /// Where the file starts in the torrent's byte stream (set by CreatorPlan::make).
  std::uint64_t offset = 0;
  bool executable = false;  ///< BEP 47 attr 'x'
  bool pad = false;         ///< BEP 47 attr 'p': zeros, not on disk
};

/// The files of a new torrent laid out in its byte stream, with its piece length.
class CreatorPlan {
 public:
  /// Lays `files` out in the given order. `multi_file` false needs exactly one file (its
  /// path is ignored: the torrent's name is the file's name). Fails on an empty payload,
  /// an invalid requested piece length, or too many pieces.
  [[nodiscard]] static Result<CreatorPlan> make(std::string name, bool multi_file,
                                                std::vector<CreatorFile> files,
                                                const CreateOptions& options);

  [[nodiscard]] const std::string& name() const { return name_; }
  [[nodiscard]] bool multi_file() const { return multi_file_; }
  /// The files in stream order, pad files included.
  [[nodiscard]] const std::vector<CreatorFile>& files() const { return files_; }
  [[nodiscard]] std::uint32_t piece_length() const { return piece_length_; }
  /// Bytes in the stream, pad files included.
  [[nodiscard]] std::uint64_t total_size() const { return total_size_; }
  [[nodiscard]] std::uint32_t piece_count() const;

 private:
  CreatorPlan() = default;
  std::string name_;
  bool multi_file_ = false;
  std::vector<CreatorFile> files_;
  std::uint32_t piece_length_ = 0;
  std::uint64_t total_size_ = 0;
};

/// Checks a piece length asked for explicitly: a power of two within
/// [kMinCreatePieceLength, kMaxCreatePieceLength].
[[nodiscard]] Result<void> check_piece_length(std::uint64_t piece_length);

/// The automatic piece length for `payload_size` bytes: the smallest power of two giving
/// at most kTargetPieceCount pieces, clamped to [kMinCreatePieceLength, kMaxCreatePieceLength].
[[nodiscard]] std::uint32_t choose_piece_length(std::uint64_t payload_size);

/// The complete torrent as a bencode Value (canonical when encoded): the info dict of
/// `plan` with `piece_hashes` (20 bytes per piece, in order), and the trackers, web seeds,
/// comment, creator and date of `options`. `now` is used when options.creation_date is
/// unset. Fails when piece_hashes does not hold exactly plan.piece_count() hashes.
[[nodiscard]] Result<bencode::Value> build_torrent(const CreatorPlan& plan, std::string_view piece_hashes,
                                                   const CreateOptions& options, std::int64_t now);

}  // namespace corrent::metainfo
