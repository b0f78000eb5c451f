#include "metadata_assembler.hpp"

#include <algorithm>

#include "corrent/metainfo/limits.hpp"
#include "errc.hpp"
#include "limits.hpp"

namespace corrent::ut_metadata {

Result<void> MetadataAssembler::check_size(std::int64_t metadata_size) {
  if (metadata_size <= 0) return fail(errc::metadata_size_invalid);
  if (static_cast<std::uint64_t>(metadata_size) > metainfo::kMaxMetadataSize) {
    return fail(errc::metadata_size_too_large);
  }
  return {};
}

Result<MetadataAssembler> MetadataAssembler::create(std::int64_t metadata_size) {
  CORRENT_TRY_VOID(check_size(metadata_size));
  return MetadataAssembler(static_cast<std::size_t>(metadata_size));
}

MetadataAssembler::MetadataAssembler(std::size_t size)
    : buffer_(size), state_((size + kMetadataPieceSize - 1) / kMetadataPieceSize, State::wanted) {}

std::uint32_t MetadataAssembler::piece_size(std::uint32_t piece) const {
  if (piece >= state_.size()) return 0;
  const std::size_t begin = std::size_t{piece} * kMetadataPieceSize;
  return static_cast<std::uint32_t>(std::min<std::size_t>(kMetadataPieceSize, buffer_.size() - begin));
}

std::optional<std::uint32_t> MetadataAssembler::next_request() {
  const auto it = std::find(state_.begin(), state_.end(), State::wanted);
  if (it == state_.end()) return std::nullopt;
  *it = State::requested;
  ++outstanding_;
  return static_cast<std::uint32_t>(it - state_.begin());
}

Result<void> MetadataAssembler::on_data(std::uint32_t piece, std::int64_t total_size,
                                        std::span<const std::byte> data) {
  if (piece >= state_.size()) return fail(errc::piece_out_of_range);
  if (total_size < 0 || static_cast<std::uint64_t>(total_size) != buffer_.size()) {
    return fail(errc::total_size_mismatch);
  }
  if (data.size() != piece_size(piece)) return fail(errc::wrong_piece_size);
  if (state_[piece] != State::requested) return {};  // unasked for, or a duplicate
  std::copy(data.begin(), data.end(), buffer_.begin() + std::size_t{piece} * kMetadataPieceSize);
  state_[piece] = State::received;
  --outstanding_;
  ++received_;
  return {};
}

Result<void> MetadataAssembler::on_reject(std::uint32_t piece) {
  if (piece >= state_.size()) return fail(errc::piece_out_of_range);
  if (state_[piece] == State::requested) {
    state_[piece] = State::wanted;
    --outstanding_;
  }
  return {};
}

}  // namespace corrent::ut_metadata
