#pragma once
// Where each file of a torrent sits in its byte stream, and how pieces and blocks map
// onto files. Pure arithmetic: no filesystem.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "corrent/core/result.hpp"
#include "corrent/core/strong_types.hpp"

namespace corrent::metainfo {

/// One file of a torrent (BEP 3), with its BEP 47 attributes.
struct FileEntry {
  /// Sanitised, relative, '/'-separated; for a multi-file torrent it starts with the
  /// (sanitised) torrent name: where the file lands under the download directory. Never
  /// absolute, never contains "." or ".." elements.
  std::string path;
  std::uint64_t size = 0;
  /// Where the file starts in the torrent's byte stream (set by FileLayout::make).
  std::uint64_t offset = 0;
  bool pad = false;         ///< BEP 47 'p': zeros that align the next file; never written
  bool executable = false;  ///< 'x'
  bool hidden = false;      ///< 'h'
  /// 'l': the link's target, sanitised and relative to the download directory like
  /// `path` (so inside the torrent); absent when the torrent's target was unsafe.
  std::optional<std::string> symlink_target;
  std::optional<std::int64_t> mtime;  ///< seconds since the epoch, if given

  friend bool operator==(const FileEntry&, const FileEntry&) = default;
};

/// A run of bytes inside one file.
struct FileSlice {
  FileIndex file;
  std::uint64_t offset = 0;  ///< within the file
  std::uint64_t length = 0;
  friend bool operator==(const FileSlice&, const FileSlice&) = default;
};

/// The files of a torrent laid end to end, cut into pieces of piece_length() bytes.
class FileLayout {
 public:
  /// An empty layout (no files, no pieces).
  FileLayout() = default;

  /// Lays `files` out in order, setting each offset. Fails when piece_length is 0, a
  /// file is larger than kMaxFileSize, the total is above kMaxTotalSize, or the piece
  /// count would not fit 32 bits (metainfo::errc values).
  [[nodiscard]] static Result<FileLayout> make(std::vector<FileEntry> files,
                                               std::uint32_t piece_length);

  [[nodiscard]] std::uint32_t piece_length() const { return piece_length_; }
  [[nodiscard]] std::uint32_t piece_count() const { return piece_count_; }
  [[nodiscard]] std::uint64_t total_size() const { return total_size_; }
  /// The size of piece `p`: piece_length(), except the last piece, which may be shorter.
  /// 0 for a piece past the end.
  [[nodiscard]] std::uint32_t piece_size(PieceIndex p) const;
  /// Every file, pad files included, in torrent order.
  [[nodiscard]] const std::vector<FileEntry>& files() const { return files_; }

  /// The file slices that bytes [offset, offset + length) of piece `p` cover, in order,
  /// pad files included, zero-length files skipped. A range reaching past the piece (or
  /// the torrent) is clamped to it.
  [[nodiscard]] std::vector<FileSlice> map_block(PieceIndex p, std::uint32_t offset,
                                                 std::uint32_t length) const;

  /// The pieces a file overlaps, inclusive. A zero-length file overlaps none: `empty`
  /// is true and first == last is the piece at its offset (clamped to the last piece).
  struct PieceRange {
    PieceIndex first;
    PieceIndex last;
    bool empty = false;
    friend bool operator==(const PieceRange&, const PieceRange&) = default;
  };
  [[nodiscard]] PieceRange file_pieces(FileIndex f) const;

  /// The file holding byte `stream_offset` of the torrent (never a zero-length one);
  /// FileIndex{files().size()} when the offset is at or past total_size().
  [[nodiscard]] FileIndex file_at(std::uint64_t stream_offset) const;

 private:
  std::vector<FileEntry> files_;
  std::uint64_t total_size_ = 0;
  std::uint32_t piece_length_ = 0;
  std::uint32_t piece_count_ = 0;
};

}  // namespace corrent::metainfo
