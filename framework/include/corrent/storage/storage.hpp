#pragma once
// The storage plugin kind: a StorageBackend (the plugin) opens one Storage per torrent,
// from the torrent's metainfo::FileLayout. Storage is synchronous and is called only on
// the disk pool (rqbit/anacrolix shape): writes on the torrent's strand, reads possibly
// from several pool threads at once (hash checks, uploads), concurrently with writes.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <vector>

#include "corrent/core/result.hpp"
#include "corrent/core/strong_types.hpp"
#include "corrent/metainfo/file_layout.hpp"
#include "corrent/metainfo/info_hash.hpp"
#include "corrent/plugin/plugin.hpp"

namespace corrent::storage {

/// What a backend needs to open one torrent's data.
struct OpenParams {
  /// The torrent's files (sanitised relative paths, pad flags); the backend copies what it
  /// keeps, the layout need only outlive open().
  const metainfo::FileLayout& layout;
  /// Files land at save_path / FileEntry::path. Ignored by backends that keep no files.
  std::filesystem::path save_path;
  /// One per file (pad files included), 0 = skipped (never created); empty = all wanted.
  std::vector<std::uint8_t> file_priorities;
  /// Seeding what is there: nothing is ever created, written or truncated (no folders, no
  /// empty files); writes fail with errc::read_only.
  bool read_only = false;
  /// The torrent's v1 info-hash (the truncated v2 one for a v2-only torrent): for backends
  /// that keep data by torrent rather than by path (memory, a database).
  metainfo::InfoHash info_hash;
};

/// Checks `params`: a layout with at least one piece, and file_priorities empty or one
/// per file. errc::bad_layout otherwise.
Result<void> validate(const OpenParams& params);

/// Size and modification time of one file, as resume data records them: a piece is
/// trusted without hashing only if every file it touches still matches.
struct FileState {
  bool exists = false;
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;  ///< nanoseconds since the epoch
  friend bool operator==(const FileState&, const FileState&) = default;
};

/// One torrent's data. Blocks are addressed by piece and offset within the piece; a
/// block never crosses a piece boundary. Pad files (BEP 47) are never written: writes of
/// their ranges are dropped, reads of them give zeros. Skipped files (priority 0) are
/// never created: writes of their ranges are dropped.
///
/// Thread safety: write(), writev(), set_file_priorities() and sync() are called one at a
/// time (the torrent's strand); read() and file_states() may run on other pool threads at
/// the same time, so an implementation must make them safe against each other and the
/// writers.
class Storage {
 public:
  virtual ~Storage() = default;

  /// Writes `data` at `offset` in `piece`. errc::out_of_bounds if it does not fit.
  virtual Result<void> write(PieceIndex piece, std::uint32_t offset,
                             std::span<const std::byte> data) = 0;

  /// Writes `parts` back to back from `offset` in `piece` (a whole piece at once, in a
  /// single system call where the backend can). The default calls write() per part.
  virtual Result<void> writev(PieceIndex piece, std::uint32_t offset,
                              std::span<const std::span<const std::byte>> parts);

  /// Reads into `into` from `offset` in `piece`; returns the bytes read (into.size()).
  /// errc::out_of_bounds if the range does not fit in the piece; errc::not_present if any
  /// of it was never stored (a missing file, a range past a file's end), so that a hash
  /// check can tell "not had" from a failure.
  virtual Result<std::size_t> read(PieceIndex piece, std::uint32_t offset,
                                   std::span<std::byte> into) = 0;

  /// Changes which files are wanted (one entry per file; 0 = skipped). Files already
  /// created are kept. The default accepts and ignores it.
  virtual Result<void> set_file_priorities(std::vector<std::uint8_t> prios) {
    (void)prios;
    return {};
  }

  /// Makes everything written so far durable (fdatasync every open file), before resume
  /// data that claims it is written.
  virtual Result<void> sync() { return {}; }

  /// Size and mtime per file, in torrent order (empty when the backend keeps no files).
  [[nodiscard]] virtual std::vector<FileState> file_states() const { return {}; }

  /// The file (or folder) of the latest operation that failed with an error of the OS,
  /// for error messages that name what failed; empty when none did or the backend keeps
  /// no files. Safe to call from any thread.
  [[nodiscard]] virtual std::filesystem::path failed_path() const { return {}; }
};

/// The storage plugin: a factory of Storage objects, one per torrent.
class StorageBackend : public Plugin {
 public:
  /// Opens (or creates) the storage of a torrent laid out as `params.layout`.
  virtual Result<std::unique_ptr<Storage>> open(const OpenParams& params) = 0;

  /// The file descriptors this backend may keep open, all torrents together: the
  /// session's split of the process's limit (engine/descriptor_budget.hpp), given before
  /// the first open(). Backends that keep no descriptors ignore it.
  virtual void set_descriptor_budget(std::size_t files) { (void)files; }
};

}  // namespace corrent::storage
