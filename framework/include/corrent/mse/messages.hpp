#pragma once
// The byte layouts of the MSE/PE handshake, sans-I/O: the block that carries the
// verification constant and the crypto field, and the synchronisation search.
//
//   1 A->B: Ya (96), PadA (0..512)
//   2 B->A: Yb (96), PadB (0..512)
//   3 A->B: HASH('req1', S), HASH('req2', SKEY) xor HASH('req3', S),
//           ENCRYPT(VC, crypto_provide, len(PadC), PadC, len(IA)), ENCRYPT(IA)
//   4 B->A: ENCRYPT(VC, crypto_select, len(PadD), PadD), ENCRYPT2(payload)
//   5 A->B: ENCRYPT2(payload)
// Integers are big-endian; VC is 8 zero bytes; ENCRYPT is RC4 keyed by keyA (A's bytes)
// or keyB (B's), ENCRYPT2 the method selected (RC4 going on, or plaintext).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "corrent/core/result.hpp"
#include "corrent/mse/limits.hpp"

namespace corrent::mse {

/// VC, crypto field and len(pad): the fixed head of steps 3 and 4.
inline constexpr std::size_t kCryptoHeadLength = kVcLength + 4 + 2;

/// VC, `crypto_field`, len(pad), `pad_length` zero bytes and, when `initial_payload` is
/// given (step 3), len(IA) and the IA. Plain bytes, to be encrypted by the caller.
/// `pad_length` must be at most kMaxPadLength and the IA at most kMaxInitialPayload.
[[nodiscard]] std::vector<std::byte> encode_crypto_block(
    std::uint32_t crypto_field, std::size_t pad_length,
    std::optional<std::span<const std::byte>> initial_payload);

struct CryptoHead {
  std::uint32_t crypto_field = 0;
  std::size_t pad_length = 0;
};

/// Reads a decrypted head (kCryptoHeadLength bytes): errc::bad_vc when the VC is not
/// zeros, errc::bad_pad_length when len(pad) is over kMaxPadLength.
[[nodiscard]] ParseResult<CryptoHead> parse_crypto_head(std::span<const std::byte> head);

/// Where a synchronisation pattern stands in the bytes received so far.
struct SyncSearch {
  /// The offset at which the pattern starts, once found.
  std::optional<std::size_t> found;
  /// Not found, and it can no longer be: the bound has been reached.
  bool exhausted = false;
};

/// Looks for `pattern` in `received`, starting at offset `from`, where it must end at or
/// before `bound` (kReq1SearchBound, kVcSearchBound). Only the first `bound` bytes are
/// looked at, so the search costs at most bound x pattern.size().
[[nodiscard]] SyncSearch find_sync(std::span<const std::byte> received, std::span<const std::byte> pattern,
                                   std::size_t from, std::size_t bound);

/// Reads a big-endian 16-bit value.
[[nodiscard]] std::uint16_t read_u16(std::span<const std::byte> two);

}  // namespace corrent::mse
