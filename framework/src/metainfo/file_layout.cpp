#include "corrent/metainfo/file_layout.hpp"

#include <algorithm>
#include <limits>

#include "corrent/metainfo/errc.hpp"
#include "corrent/metainfo/limits.hpp"

namespace corrent::metainfo {

Result<FileLayout> FileLayout::make(std::vector<FileEntry> files, std::uint32_t piece_length) {
  if (piece_length == 0) return fail(errc::invalid_piece_length);
  std::uint64_t total = 0;
  for (auto& f : files) {
    if (f.size > kMaxFileSize) return fail(errc::invalid_file_size);
    f.offset = total;
    total += f.size;  // both terms <= 2^48: no overflow
    if (total > kMaxTotalSize) return fail(errc::total_size_too_large);
  }
  const std::uint64_t pieces = (total + piece_length - 1) / piece_length;
  if (pieces > std::numeric_limits<std::uint32_t>::max()) return fail(errc::too_many_pieces);
  FileLayout layout;
  layout.files_ = std::move(files);
  layout.total_size_ = total;
  layout.piece_length_ = piece_length;
  layout.piece_count_ = static_cast<std::uint32_t>(pieces);
  return layout;
}

std::uint32_t FileLayout::piece_size(PieceIndex p) const {
  if (p.value >= piece_count_) return 0;
  const std::uint64_t start = std::uint64_t{p.value} * piece_length_;
  return static_cast<std::uint32_t>(std::min<std::uint64_t>(piece_length_, total_size_ - start));
}

std::vector<FileSlice> FileLayout::map_block(PieceIndex p, std::uint32_t offset,
                                             std::uint32_t length) const {
  std::vector<FileSlice> out;
  const std::uint32_t size = piece_size(p);
  if (offset >= size) return out;
  length = std::min(length, size - offset);
  std::uint64_t pos = std::uint64_t{p.value} * piece_length_ + offset;
  const std::uint64_t end = pos + length;
  for (FileIndex f = file_at(pos); pos < end && f.value < files_.size(); ++f) {
    const FileEntry& file = files_[f.value];
    if (file.size == 0) continue;
    const std::uint64_t in_file = pos - file.offset;
    const std::uint64_t n = std::min(end - pos, file.size - in_file);
    out.push_back(FileSlice{f, in_file, n});
    pos += n;
  }
  return out;
}

FileLayout::PieceRange FileLayout::file_pieces(FileIndex f) const {
  const FileEntry& file = files_.at(f.value);
  if (file.size == 0) {
    const std::uint64_t last = piece_count_ == 0 ? 0 : piece_count_ - 1;
    const auto at = static_cast<std::uint32_t>(std::min<std::uint64_t>(file.offset / piece_length_, last));
    return {PieceIndex{at}, PieceIndex{at}, true};
  }
  return {PieceIndex{static_cast<std::uint32_t>(file.offset / piece_length_)},
          PieceIndex{static_cast<std::uint32_t>((file.offset + file.size - 1) / piece_length_)}, false};
}

FileIndex FileLayout::file_at(std::uint64_t stream_offset) const {
  if (stream_offset >= total_size_) return FileIndex{static_cast<std::uint32_t>(files_.size())};
  // The last file starting at or before the offset: a zero-length file there is
  // followed by the non-empty one that holds the byte, which starts at the same offset.
  auto it = std::upper_bound(files_.begin(), files_.end(), stream_offset,
                             [](std::uint64_t off, const FileEntry& f) { return off < f.offset; });
  return FileIndex{static_cast<std::uint32_t>(std::distance(files_.begin(), it) - 1)};
}

}  // namespace corrent::metainfo
