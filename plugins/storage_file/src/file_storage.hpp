#pragma once
// One torrent's files on disk. Files are created lazily (with their parent directories)
// on the first write that touches them; pad files are never created (their ranges are
// dropped on write and read as zeros); skipped files (priority 0) are never created by a
// write. Reads of a missing file or past a file's end are storage::errc::not_present.
// Opened read-only (seeding), it never creates or writes anything.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include "corrent/metainfo/file_layout.hpp"
#include "corrent/storage/storage.hpp"
#include "fd_cache.hpp"

namespace corrent::plugins::storage_file {

struct FileStorageSettings;

class FileStorage final : public storage::Storage {
 public:
  /// `layout`'s non-pad paths must be safe (the backend checks them); `prios` empty or one
  /// per file.
  FileStorage(metainfo::FileLayout layout, std::filesystem::path save_path,
              std::vector<std::uint8_t> prios, std::size_t max_open_files, bool read_only = false,
              std::shared_ptr<FdBudget> budget = nullptr);

  Result<void> write(PieceIndex piece, std::uint32_t offset,
                     std::span<const std::byte> data) override;
  Result<void> writev(PieceIndex piece, std::uint32_t offset,
                      std::span<const std::span<const std::byte>> parts) override;
  Result<std::size_t> read(PieceIndex piece, std::uint32_t offset,
                           std::span<std::byte> into) override;
  Result<void> set_file_priorities(std::vector<std::uint8_t> prios) override;
  Result<void> sync() override;
  [[nodiscard]] std::vector<storage::FileState> file_states() const override;
  [[nodiscard]] std::filesystem::path failed_path() const override;

  /// Creates the wanted zero-length files (no write ever touches them).
  Result<void> create_empty_files();
  /// Descriptors open now (for tests of the LRU bound).
  [[nodiscard]] std::size_t open_files() const { return fds_.open_count(); }

 private:
  [[nodiscard]] bool wanted(FileIndex f) const;
  [[nodiscard]] std::filesystem::path path_of(FileIndex f) const;
  Result<std::shared_ptr<Fd>> file(FileIndex f, bool for_write);
  /// Remembers the file of an OS error for failed_path(); returns `why`.
  std::error_code note_failure(FileIndex f, std::error_code why);

  metainfo::FileLayout layout_;
  std::filesystem::path save_path_;
  std::vector<std::uint8_t> prios_;  // empty = all wanted; touched only by writers
  FdCache fds_;
  bool read_only_ = false;
  mutable std::mutex failed_mutex_;  // reads fail on pool threads beside the writer
  std::filesystem::path failed_path_;
};

}  // namespace corrent::plugins::storage_file
