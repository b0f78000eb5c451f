#pragma once
// MetadataAssembler: one peer's copy of the metadata being fetched, sans-I/O. It hands
// out the pieces to request, checks each data piece against the size the peer announced,
// and says when every piece is in. Hashing is the torrent's job (offer_metadata).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "corrent/core/result.hpp"

namespace corrent::ut_metadata {

class MetadataAssembler {
 public:
  /// For a metadata_size from a peer's handshake. Errors: metadata_size_invalid (<= 0),
  /// metadata_size_too_large (> metainfo::kMaxMetadataSize). Nothing is allocated until
  /// the size is known to be within bounds.
  static Result<MetadataAssembler> create(std::int64_t metadata_size);
  /// The checks of create() alone, allocating nothing.
  static Result<void> check_size(std::int64_t metadata_size);

  [[nodiscard]] std::uint64_t size() const { return buffer_.size(); }
  [[nodiscard]] std::uint32_t piece_count() const { return static_cast<std::uint32_t>(state_.size()); }
  /// The size piece `piece` must have (0 when out of range).
  [[nodiscard]] std::uint32_t piece_size(std::uint32_t piece) const;

  /// The next piece neither received nor requested, now marked requested.
  std::optional<std::uint32_t> next_request();
  /// A data message. Errors: piece_out_of_range, total_size_mismatch, wrong_piece_size.
  /// A piece that was not requested, or is already in, is accepted and ignored.
  Result<void> on_data(std::uint32_t piece, std::int64_t total_size, std::span<const std::byte> data);
  /// The peer rejected `piece`: it may be requested again. Error: piece_out_of_range.
  Result<void> on_reject(std::uint32_t piece);

  [[nodiscard]] std::size_t outstanding() const { return outstanding_; }
  [[nodiscard]] bool complete() const { return received_ == state_.size(); }
  /// The whole dictionary; meaningful once complete().
  [[nodiscard]] std::span<const std::byte> bytes() const { return buffer_; }

 private:
  enum class State : std::uint8_t { wanted, requested, received };
  explicit MetadataAssembler(std::size_t size);

  std::vector<std::byte> buffer_;
  std::vector<State> state_;
  std::size_t outstanding_ = 0;
  std::size_t received_ = 0;
};

}  // namespace corrent::ut_metadata
