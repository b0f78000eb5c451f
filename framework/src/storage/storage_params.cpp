#include "corrent/storage/storage_params.hpp"

#include <limits>

#include "corrent/storage/error.hpp"

namespace corrent::storage {

std::string_view describe(errc e) noexcept {
  switch (e) {
    case errc::ok: return "ok";
    case errc::bad_layout: return "inconsistent storage layout";
    case errc::too_large: return "torrent too large for this storage";
    case errc::out_of_bounds: return "block outside the torrent's pieces";
  }
  return "unknown storage error";
}

std::uint64_t StorageParams::piece_count() const {
  if (piece_length == 0) return 0;
  return (total_size + piece_length - 1) / piece_length;
}

std::uint32_t StorageParams::piece_size(PieceIndex piece) const {
  if (piece.value >= piece_count()) return 0;
  const std::uint64_t start = std::uint64_t{piece.value} * piece_length;
  const std::uint64_t left = total_size - start;
  return left < piece_length ? static_cast<std::uint32_t>(left) : piece_length;
}

Result<void> validate(const StorageParams& params) {
  if (params.piece_length == 0) return fail(errc::bad_layout);
  std::uint64_t sum = 0;
  for (const auto& file : params.files) {
    if (file.size > params.total_size - sum) return fail(errc::bad_layout);  // no overflow
    sum += file.size;
  }
  if (sum != params.total_size) return fail(errc::bad_layout);
  if (params.piece_count() > std::numeric_limits<PieceIndex::rep>::max()) {
    return fail(errc::bad_layout);
  }
  return {};
}

}  // namespace corrent::storage
