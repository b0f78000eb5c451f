#include "corrent/storage/storage.hpp"

#include <limits>

#include "corrent/storage/error.hpp"

namespace corrent::storage {

std::string_view describe(errc e) noexcept {
  switch (e) {
    case errc::ok: return "ok";
    case errc::bad_layout: return "inconsistent storage layout";
    case errc::too_large: return "torrent too large for this storage";
    case errc::out_of_bounds: return "block outside the torrent's pieces";
    case errc::not_present: return "data not present in storage";
    case errc::unsafe_path: return "file path could leave the save path";
    case errc::bad_block: return "block not on a block boundary or of the wrong length";
    case errc::stopped: return "disk stopped";
    case errc::read_only: return "storage opened read-only (seeding what is there)";
  }
  return "unknown storage error";
}

Result<void> validate(const OpenParams& params) {
  if (params.layout.piece_count() == 0 || params.layout.piece_length() == 0) {
    return fail(errc::bad_layout);
  }
  if (!params.file_priorities.empty() &&
      params.file_priorities.size() != params.layout.files().size()) {
    return fail(errc::bad_layout);
  }
  return {};
}

Result<void> Storage::writev(PieceIndex piece, std::uint32_t offset,
                             std::span<const std::span<const std::byte>> parts) {
  std::uint64_t at = offset;
  for (const auto part : parts) {
    if (at + part.size() > std::numeric_limits<std::uint32_t>::max()) {
      return fail(errc::out_of_bounds);
    }
    CORRENT_TRY_VOID(write(piece, static_cast<std::uint32_t>(at), part));
    at += part.size();
  }
  return {};
}

}  // namespace corrent::storage
