#include "file_storage.hpp"

#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include "corrent/metainfo/path_sanitizer.hpp"
#include "corrent/storage/error.hpp"

namespace corrent::plugins::storage_file {

namespace {

std::error_code last_error() { return {errno, std::system_category()}; }

/// Writes every byte of `iov` at `offset`, in IOV_MAX chunks, resuming short writes.
Result<void> pwritev_all(int fd, std::vector<iovec>& iov, std::uint64_t offset) {
  std::size_t first = 0;
  while (first < iov.size()) {
    const int count = static_cast<int>(std::min<std::size_t>(iov.size() - first, IOV_MAX));
    const ssize_t n = ::pwritev(fd, iov.data() + first, count, static_cast<off_t>(offset));
    if (n < 0) {
      if (errno == EINTR) continue;
      return tl::make_unexpected(last_error());
    }
    offset += static_cast<std::uint64_t>(n);
    auto left = static_cast<std::size_t>(n);
    while (first < iov.size() && left >= iov[first].iov_len) left -= iov[first++].iov_len;
    if (left > 0) {
      iov[first].iov_base = static_cast<char*>(iov[first].iov_base) + left;
      iov[first].iov_len -= left;
    }
  }
  return {};
}

/// Reads all of `into` at `offset`; not_present when the file ends first.
Result<void> pread_all(int fd, std::span<std::byte> into, std::uint64_t offset) {
  while (!into.empty()) {
    const ssize_t n = ::pread(fd, into.data(), into.size(), static_cast<off_t>(offset));
    if (n < 0) {
      if (errno == EINTR) continue;
      return tl::make_unexpected(last_error());
    }
    if (n == 0) return fail(storage::errc::not_present);
    into = into.subspan(static_cast<std::size_t>(n));
    offset += static_cast<std::uint64_t>(n);
  }
  return {};
}

}  // namespace

FileStorage::FileStorage(metainfo::FileLayout layout, std::filesystem::path save_path,
                         std::vector<std::uint8_t> prios, std::size_t max_open_files, bool read_only,
                         std::shared_ptr<FdBudget> budget)
    : layout_(std::move(layout)), save_path_(std::move(save_path)), prios_(std::move(prios)),
      fds_(max_open_files, std::move(budget)), read_only_(read_only) {}

std::error_code FileStorage::note_failure(FileIndex f, std::error_code why) {
  if (why.category() == std::system_category() || why.category() == std::generic_category()) {
    const std::lock_guard lock(failed_mutex_);
    failed_path_ = path_of(f);
  }
  return why;
}

std::filesystem::path FileStorage::failed_path() const {
  const std::lock_guard lock(failed_mutex_);
  return failed_path_;
}

bool FileStorage::wanted(FileIndex f) const {
  if (layout_.files()[f.value].pad) return false;
  return prios_.empty() || prios_[f.value] > 0;
}

std::filesystem::path FileStorage::path_of(FileIndex f) const {
  return save_path_ / layout_.files()[f.value].path;
}

Result<std::shared_ptr<Fd>> FileStorage::file(FileIndex f, bool for_write) {
  // Checked at open too; checked again here, right before the path reaches the OS.
  if (!metainfo::is_safe_relative_path(layout_.files()[f.value].path)) {
    return fail(storage::errc::unsafe_path);
  }
  if (for_write && read_only_) return fail(storage::errc::read_only);
  auto fd = fds_.get(f, path_of(f), for_write);
  if (!fd) return tl::make_unexpected(note_failure(f, fd.error()));
  return fd;
}

Result<void> FileStorage::write(PieceIndex piece, std::uint32_t offset,
                                std::span<const std::byte> data) {
  const std::span<const std::byte> parts[] = {data};
  return writev(piece, offset, parts);
}

Result<void> FileStorage::writev(PieceIndex piece, std::uint32_t offset,
                                 std::span<const std::span<const std::byte>> parts) {
  std::uint64_t total = 0;
  for (const auto& p : parts) total += p.size();
  const std::uint32_t piece_size = layout_.piece_size(piece);
  if (piece_size == 0 || std::uint64_t{offset} + total > piece_size) {
    return fail(storage::errc::out_of_bounds);
  }
  std::size_t part = 0;      // cursor over parts
  std::size_t in_part = 0;   // bytes of parts[part] already consumed
  std::vector<iovec> iov;
  for (const auto& slice : layout_.map_block(piece, offset, static_cast<std::uint32_t>(total))) {
    const bool keep = wanted(slice.file);
    iov.clear();
    for (std::uint64_t left = slice.length; left > 0;) {
      while (in_part == parts[part].size()) ++part, in_part = 0;
      const auto take = std::min<std::uint64_t>(left, parts[part].size() - in_part);
      if (keep) {
        // pwritev only reads through the pointer; iovec simply has no const member.
        iov.push_back({const_cast<std::byte*>(parts[part].data() + in_part), take});
      }
      in_part += take;
      left -= take;
    }
    if (!keep) continue;  // pad or skipped: dropped
    CORRENT_TRY(const auto fd, file(slice.file, true));
    if (auto written = pwritev_all(fd->get(), iov, slice.offset); !written) {
      return tl::make_unexpected(note_failure(slice.file, written.error()));
    }
    fd->mark_dirty();
  }
  return {};
}

Result<std::size_t> FileStorage::read(PieceIndex piece, std::uint32_t offset,
                                      std::span<std::byte> into) {
  const std::uint32_t piece_size = layout_.piece_size(piece);
  if (piece_size == 0 || std::uint64_t{offset} + into.size() > piece_size) {
    return fail(storage::errc::out_of_bounds);
  }
  std::size_t at = 0;
  for (const auto& slice :
       layout_.map_block(piece, offset, static_cast<std::uint32_t>(into.size()))) {
    const auto dest = into.subspan(at, slice.length);
    at += slice.length;
    if (layout_.files()[slice.file.value].pad) {
      std::fill(dest.begin(), dest.end(), std::byte{0});
      continue;
    }
    CORRENT_TRY(const auto fd, file(slice.file, false));
    if (auto got = pread_all(fd->get(), dest, slice.offset); !got) {
      return tl::make_unexpected(note_failure(slice.file, got.error()));
    }
  }
  return into.size();
}

Result<void> FileStorage::set_file_priorities(std::vector<std::uint8_t> prios) {
  if (!prios.empty() && prios.size() != layout_.files().size()) {
    return fail(storage::errc::bad_layout);
  }
  prios_ = std::move(prios);
  return create_empty_files();
}

Result<void> FileStorage::create_empty_files() {
  if (read_only_) return {};
  for (std::uint32_t i = 0; i < layout_.files().size(); ++i) {
    const FileIndex f{i};
    if (layout_.files()[i].size == 0 && wanted(f)) CORRENT_TRY_VOID(file(f, true));
  }
  return {};
}

Result<void> FileStorage::sync() {
  return fds_.sync([this](FileIndex f) { return path_of(f); });
}

std::vector<storage::FileState> FileStorage::file_states() const {
  std::vector<storage::FileState> out(layout_.files().size());
  for (std::uint32_t i = 0; i < out.size(); ++i) {
    if (layout_.files()[i].pad) continue;
    struct stat st {};
    if (::stat(path_of(FileIndex{i}).c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
    out[i].exists = true;
    out[i].size = static_cast<std::uint64_t>(st.st_size);
    out[i].mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 +
                      st.st_mtim.tv_nsec;
  }
  return out;
}

}  // namespace corrent::plugins::storage_file
