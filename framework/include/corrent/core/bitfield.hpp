#pragma once
// Which pieces a peer (or we) have: one bit per piece, laid out as the BEP 3 BITFIELD
// message carries it.

#include <cstddef>
#include <string>
#include <string_view>
#include <system_error>

#include "corrent/core/error.hpp"
#include "corrent/core/result.hpp"
#include "corrent/core/strong_types.hpp"

namespace corrent {

/// Why a BITFIELD payload was rejected.
enum class bitfield_errc {
  ok = 0,
  wrong_length,    // not ceil(pieces / 8) bytes
  spare_bits_set,  // a bit past the last piece is 1 (BEP 3 says they must be 0)
};

/// Text for each bitfield_errc value.
[[nodiscard]] std::string_view describe(bitfield_errc e) noexcept;
constexpr const char* category_name(bitfield_errc) noexcept { return "corrent.core"; }
CORRENT_ERROR_ENUM(bitfield_errc)

/// A fixed number of bits, one per piece, all clear or all set at construction.
///
/// Indices must be below size(): test() and set() check it only with assertions, as
/// std::vector::operator[] does; wire data is validated by from_wire() instead.
class Bitfield {
 public:
  /// `bits` bits, each equal to `value`.
  explicit Bitfield(std::size_t bits = 0, bool value = false);

  /// The number of bits (pieces).
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  /// Whether the bit of `piece` is set.
  [[nodiscard]] bool test(PieceIndex piece) const;
  /// Sets the bit of `piece` to `value`.
  void set(PieceIndex piece, bool value = true);
  /// How many bits are set; constant time.
  [[nodiscard]] std::size_t count() const noexcept { return count_; }
  /// Whether every bit is set (true for a 0-bit field).
  [[nodiscard]] bool all() const noexcept { return count_ == size_; }
  /// Whether no bit is set (true for a 0-bit field).
  [[nodiscard]] bool none() const noexcept { return count_ == 0; }
  /// Sets every bit.
  void set_all();

  /// The BEP 3 payload: ceil(size() / 8) bytes, piece 0 in the high bit of byte 0, spare
  /// bits in the last byte zero.
  [[nodiscard]] std::string to_wire() const;
  /// Parses a BEP 3 payload for a torrent of `bits` pieces. Fails with
  /// bitfield_errc::wrong_length unless `bytes` is exactly ceil(bits / 8) long, and with
  /// bitfield_errc::spare_bits_set if a bit past the last piece is set.
  [[nodiscard]] static Result<Bitfield> from_wire(std::string_view bytes, std::size_t bits);

  friend bool operator==(const Bitfield&, const Bitfield&) = default;

 private:
  std::string bytes_;  // the wire layout, so to_wire() is a copy
  std::size_t size_ = 0;
  std::size_t count_ = 0;
};

}  // namespace corrent

CORRENT_ERROR_ENUM_TRAIT(corrent::bitfield_errc);
