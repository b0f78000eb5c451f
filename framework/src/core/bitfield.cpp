#include "corrent/core/bitfield.hpp"

#include <algorithm>
#include <bit>
#include <cassert>
#include <cstdint>

namespace corrent {
namespace {

constexpr std::size_t bytes_for(std::size_t bits) { return (bits + 7) / 8; }

/// The bits of the last byte that lie past the last piece (zero when bits % 8 == 0).
constexpr std::uint8_t spare_mask(std::size_t bits) {
  const std::size_t used = bits % 8;
  return used == 0 ? 0 : static_cast<std::uint8_t>(0xff >> used);
}

/// Piece i sits in the high bit first: piece 0 is 0x80 of byte 0.
constexpr std::uint8_t bit_of(std::size_t i) {
  return static_cast<std::uint8_t>(0x80 >> (i % 8));
}

std::size_t popcount(std::string_view bytes) {
  std::size_t total = 0;
  for (const char c : bytes) total += std::popcount(static_cast<unsigned char>(c));
  return total;
}

}  // namespace

std::string_view describe(bitfield_errc e) noexcept {
  switch (e) {
    case bitfield_errc::ok: return "ok";
    case bitfield_errc::wrong_length: return "bitfield length does not match the piece count";
    case bitfield_errc::spare_bits_set: return "bitfield has a bit set past the last piece";
  }
  return "unknown bitfield error";
}

Bitfield::Bitfield(std::size_t bits, bool value) : bytes_(bytes_for(bits), '\0'), size_(bits) {
  if (value) set_all();
}

bool Bitfield::test(PieceIndex piece) const {
  assert(piece.value < size_);
  return (static_cast<std::uint8_t>(bytes_[piece.value / 8]) & bit_of(piece.value)) != 0;
}

void Bitfield::set(PieceIndex piece, bool value) {
  assert(piece.value < size_);
  auto byte = static_cast<std::uint8_t>(bytes_[piece.value / 8]);
  const std::uint8_t bit = bit_of(piece.value);
  if (((byte & bit) != 0) == value) return;
  byte = static_cast<std::uint8_t>(value ? (byte | bit) : (byte & ~bit));
  bytes_[piece.value / 8] = static_cast<char>(byte);
  count_ = value ? count_ + 1 : count_ - 1;
}

void Bitfield::set_all() {
  std::fill(bytes_.begin(), bytes_.end(), static_cast<char>(0xff));
  if (!bytes_.empty()) {
    bytes_.back() = static_cast<char>(0xff & ~spare_mask(size_));
  }
  count_ = size_;
}

std::string Bitfield::to_wire() const { return bytes_; }

Result<Bitfield> Bitfield::from_wire(std::string_view bytes, std::size_t bits) {
  if (bytes.size() != bytes_for(bits)) return fail(bitfield_errc::wrong_length);
  if (!bytes.empty() && (static_cast<std::uint8_t>(bytes.back()) & spare_mask(bits)) != 0) {
    return fail(bitfield_errc::spare_bits_set);
  }
  Bitfield out;
  out.bytes_ = std::string(bytes);
  out.size_ = bits;
  out.count_ = popcount(bytes);
  return out;
}

}  // namespace corrent
