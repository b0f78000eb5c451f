#include "corrent/wire/validate.hpp"

#include <string_view>
#include <type_traits>

#include "corrent/core/bitfield.hpp"
#include "corrent/wire/limits.hpp"

namespace corrent::wire {
namespace {

Result<void> check_index(PieceIndex piece, const TorrentShape& shape) {
  if (piece.value >= shape.piece_count) return fail(errc::bad_piece_index);
  return {};
}

/// REQUEST, CANCEL and REJECT name a block the same way and obey the same rules.
Result<void> check_block_ref(PieceIndex piece, std::uint32_t begin, std::uint32_t length,
                             const TorrentShape& shape) {
  CORRENT_TRY_VOID(check_index(piece, shape));
  if (length == 0) return fail(errc::zero_length_request);
  if (length > kMaxRequestLength) return fail(errc::request_too_large);
  if (std::uint64_t{begin} + length > shape.piece_size(piece)) return fail(errc::request_out_of_range);
  return {};
}

Result<void> check_piece(const Piece& p, const TorrentShape& shape) {
  CORRENT_TRY_VOID(check_index(p.piece, shape));
  if (p.block.empty() || p.block.size() > kMaxRequestLength ||
      std::uint64_t{p.begin} + p.block.size() > shape.piece_size(p.piece)) {
    return fail(errc::block_out_of_range);
  }
  return {};
}

Result<void> check_bitfield(const Bitfield& b, const TorrentShape& shape) {
  const std::string_view bytes(reinterpret_cast<const char*>(b.bits.data()), b.bits.size());
  const auto parsed = corrent::Bitfield::from_wire(bytes, shape.piece_count);
  if (parsed) return {};
  if (parsed.error() == bitfield_errc::spare_bits_set) return fail(errc::bitfield_spare_bits);
  return fail(errc::bitfield_wrong_size);
}

}  // namespace

Result<void> validate(const Message& m, const TorrentShape& shape) {
  return std::visit(
      [&shape](const auto& msg) -> Result<void> {
        using T = std::decay_t<decltype(msg)>;
        if constexpr (std::is_same_v<T, Have> || std::is_same_v<T, Suggest> ||
                      std::is_same_v<T, AllowedFast>) {
          return check_index(msg.piece, shape);
        } else if constexpr (std::is_same_v<T, Request> || std::is_same_v<T, Cancel> ||
                             std::is_same_v<T, Reject>) {
          return check_block_ref(msg.piece, msg.begin, msg.length, shape);
        } else if constexpr (std::is_same_v<T, Piece>) {
          return check_piece(msg, shape);
        } else if constexpr (std::is_same_v<T, Bitfield>) {
          return check_bitfield(msg, shape);
        } else {
          return {};
        }
      },
      m);
}

}  // namespace corrent::wire
