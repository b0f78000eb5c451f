#pragma once
// The streaming order: a read-ahead window from the reading position, then the default.

#include <cstdint>
#include <optional>

#include "corrent/policy/piece_order.hpp"

namespace corrent::picker_streaming {

inline constexpr std::uint32_t kDefaultReadAhead = 32;

class StreamingOrder final : public policy::PieceOrder {
 public:
  explicit StreamingOrder(std::uint32_t read_ahead) : read_ahead_(read_ahead) {}

  /// The first fresh piece in [position, position + read_ahead) the peer has; else the
  /// default order (rarest first after the random first pieces).
  std::optional<PieceIndex> next_piece(policy::PieceCandidates& candidates, const Bitfield& peer_has) override;
  /// Moves the reading position to `first`.
  void on_read(PieceIndex first, PieceIndex last) override;

  [[nodiscard]] PieceIndex position() const { return position_; }

 private:
  std::uint32_t read_ahead_;
  PieceIndex position_{0};
};

}  // namespace corrent::picker_streaming
