#pragma once
// Text encodings of binary data: hex (info-hashes in logs and URLs) and base32 (the
// 32-character info-hashes of older magnet links, RFC 4648 alphabet).

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace corrent {

/// Lower-case hex of `bytes`, two characters per byte.
[[nodiscard]] std::string to_hex(std::span<const std::uint8_t> bytes);

/// Lower-case hex of the bytes of `bytes` (each char taken as an unsigned byte).
[[nodiscard]] std::string to_hex(std::string_view bytes);

/// The bytes that `hex` spells, upper or lower case accepted; nullopt when the length is
/// odd or a character is not a hex digit.
[[nodiscard]] std::optional<std::string> from_hex(std::string_view hex);

/// RFC 4648 base32 of `bytes`: upper case, no '=' padding.
[[nodiscard]] std::string base32_encode(std::span<const std::uint8_t> bytes);

/// The bytes that `text` spells in RFC 4648 base32. Case-insensitive; trailing '='
/// padding is optional but, when present, must be complete. nullopt on a character outside
/// the alphabet, a length no encoder produces (1, 3 or 6 characters past a multiple of 8),
/// or non-zero bits left over after the last whole byte (so each input has one spelling).
[[nodiscard]] std::optional<std::string> base32_decode(std::string_view text);

/// Percent-encoding for URL query values: the RFC 3986 unreserved characters
/// (A-Z a-z 0-9 - . _ ~) stay, every other byte becomes %XX in upper-case hex (BEP 3's
/// rule for binary info_hash and peer_id; magnet links).
[[nodiscard]] std::string percent_encode(std::string_view bytes);

}  // namespace corrent
