#pragma once
// CRC-32C (Castagnoli), which BEP 40 (canonical peer priority) and BEP 42 (DHT node ids)
// hash addresses with. Written here: none of the libraries corrent takes from Debian 12
// has it (Abseil 20220623 predates absl::crc32c; OpenSSL has no CRC; Google's crc32c
// library is not packaged). Table-driven: its inputs are a few bytes, rarely.

#include <cstdint>
#include <span>

namespace corrent::crypto {

/// The CRC-32C of `bytes` (reflected polynomial 0x82F63B78, initial and final XOR all
/// ones): crc32c("123456789") is 0xE3069283.
[[nodiscard]] std::uint32_t crc32c(std::span<const std::uint8_t> bytes) noexcept;

}  // namespace corrent::crypto
