#include "corrent/core/encoding.hpp"

#include <array>
#include <cstddef>

namespace corrent {
namespace {

constexpr std::string_view kHexDigits = "0123456789abcdef";
constexpr std::string_view kBase32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr std::size_t kBase32BlockChars = 8;
constexpr int kInvalid = -1;

/// The value of one hex digit, or kInvalid.
constexpr int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return kInvalid;
}

/// The value of one base32 character, either case, or kInvalid.
constexpr int base32_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a';
  if (c >= '2' && c <= '7') return c - '2' + 26;
  return kInvalid;
}

/// Whether `chars` base32 characters past a whole 8-character block can end an encoding:
/// 1, 3 and 6 leave fewer than 8 bits for a byte, or bits no encoder emits.
constexpr bool valid_base32_tail(std::size_t chars) {
  return chars == 0 || chars == 2 || chars == 4 || chars == 5 || chars == 7;
}

/// Removes well-formed '=' padding; nullopt when padding is present but not what an
/// encoder would write (wrong count, or a total length that is not whole blocks).
std::optional<std::string_view> strip_base32_padding(std::string_view text) {
  const std::size_t data_end = text.find_last_not_of('=');
  const std::size_t data_chars = data_end == std::string_view::npos ? 0 : data_end + 1;
  const std::size_t pad_chars = text.size() - data_chars;
  if (pad_chars == 0) return text;
  const std::size_t tail = data_chars % kBase32BlockChars;
  if (tail == 0 || tail + pad_chars != kBase32BlockChars) return std::nullopt;
  return text.substr(0, data_chars);
}

std::string hex_of(const std::uint8_t* data, std::size_t size) {
  std::string out;
  out.resize(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    out[2 * i] = kHexDigits[data[i] >> 4];
    out[2 * i + 1] = kHexDigits[data[i] & 0x0f];
  }
  return out;
}

}  // namespace

std::string to_hex(std::span<const std::uint8_t> bytes) {
  return hex_of(bytes.data(), bytes.size());
}

std::string to_hex(std::string_view bytes) {
  // A char and an unsigned char have the same representation; only the sign differs.
  return hex_of(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
}

std::optional<std::string> from_hex(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  std::string out;
  out.resize(hex.size() / 2);
  for (std::size_t i = 0; i < out.size(); ++i) {
    const int high = hex_value(hex[2 * i]);
    const int low = hex_value(hex[2 * i + 1]);
    if (high == kInvalid || low == kInvalid) return std::nullopt;
    out[i] = static_cast<char>((high << 4) | low);
  }
  return out;
}

std::string base32_encode(std::span<const std::uint8_t> bytes) {
  std::string out;
  out.reserve((bytes.size() * 8 + 4) / 5);
  std::uint32_t buffer = 0;  // pending bits, right-aligned
  int bits = 0;
  for (const std::uint8_t byte : bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out.push_back(kBase32Alphabet[(buffer >> bits) & 0x1f]);
    }
  }
  if (bits > 0) out.push_back(kBase32Alphabet[(buffer << (5 - bits)) & 0x1f]);
  return out;
}

std::optional<std::string> base32_decode(std::string_view text) {
  const auto data = strip_base32_padding(text);
  if (!data || !valid_base32_tail(data->size() % kBase32BlockChars)) return std::nullopt;
  std::string out;
  out.reserve(data->size() * 5 / 8);
  std::uint32_t buffer = 0;
  int bits = 0;
  for (const char c : *data) {
    const int value = base32_value(c);
    if (value == kInvalid) return std::nullopt;
    buffer = (buffer << 5) | static_cast<std::uint32_t>(value);
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xff));
    }
  }
  // What is left is padding from the encoder's last character: it must be zero.
  if ((buffer & ((1U << bits) - 1)) != 0) return std::nullopt;
  return out;
}

std::string percent_encode(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  const auto unreserved = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '.' || c == '_' || c == '~';
  };
  std::string out;
  out.reserve(bytes.size() * 3);
  for (const char c : bytes) {
    if (unreserved(c)) {
      out += c;
    } else {
      const auto b = static_cast<unsigned char>(c);
      out += '%';
      out += kHex[b >> 4];
      out += kHex[b & 15];
    }
  }
  return out;
}

}  // namespace corrent
