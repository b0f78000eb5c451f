#include "corrent/mse/messages.hpp"

#include <algorithm>

#include "corrent/mse/errc.hpp"

namespace corrent::mse {
namespace {

void put_u32(std::vector<std::byte>& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(std::byte(static_cast<std::uint8_t>(v >> shift)));
}

void put_u16(std::vector<std::byte>& out, std::size_t v) {
  out.push_back(std::byte(static_cast<std::uint8_t>(v >> 8)));
  out.push_back(std::byte(static_cast<std::uint8_t>(v)));
}

}  // namespace

std::uint16_t read_u16(std::span<const std::byte> two) {
  return static_cast<std::uint16_t>((std::to_integer<unsigned>(two[0]) << 8) | std::to_integer<unsigned>(two[1]));
}

std::vector<std::byte> encode_crypto_block(std::uint32_t crypto_field, std::size_t pad_length,
                                           std::optional<std::span<const std::byte>> initial_payload) {
  std::vector<std::byte> out(kVcLength, std::byte{0});
  out.reserve(kCryptoHeadLength + pad_length + 2 + (initial_payload ? initial_payload->size() : 0));
  put_u32(out, crypto_field);
  put_u16(out, pad_length);
  out.resize(out.size() + pad_length, std::byte{0});  // encrypted, so zeros hide nothing
  if (initial_payload) {
    put_u16(out, initial_payload->size());
    out.insert(out.end(), initial_payload->begin(), initial_payload->end());
  }
  return out;
}

ParseResult<CryptoHead> parse_crypto_head(std::span<const std::byte> head) {
  if (head.size() < kCryptoHeadLength) return parse_fail(errc::no_sync, head.size());
  for (std::size_t i = 0; i < kVcLength; ++i) {
    if (head[i] != std::byte{0}) return parse_fail(errc::bad_vc, i);
  }
  CryptoHead out;
  for (std::size_t i = kVcLength; i < kVcLength + 4; ++i) {
    out.crypto_field = (out.crypto_field << 8) | std::to_integer<std::uint32_t>(head[i]);
  }
  out.pad_length = read_u16(head.subspan(kVcLength + 4, 2));
  if (out.pad_length > kMaxPadLength) return parse_fail(errc::bad_pad_length, kVcLength + 4);
  return out;
}

SyncSearch find_sync(std::span<const std::byte> received, std::span<const std::byte> pattern,
                     std::size_t from, std::size_t bound) {
  const auto window = received.first(std::min(received.size(), bound));
  if (from < window.size()) {
    const auto it = std::search(window.begin() + static_cast<std::ptrdiff_t>(from), window.end(),
                                pattern.begin(), pattern.end());
    if (it != window.end()) return {static_cast<std::size_t>(it - window.begin()), false};
  }
  return {std::nullopt, received.size() >= bound};
}

}  // namespace corrent::mse
