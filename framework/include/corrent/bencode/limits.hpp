#pragma once
// Bounds on decoding untrusted bencode. The defaults are those of mature clients
// (libtorrent's bdecode: depth 100, 3 000 000 tokens for a .torrent, buffers below 2^29);
// callers decoding small peer or tracker messages pass tighter DecodeLimits.

#include <cstddef>

namespace corrent::bencode {

/// Deepest nesting of lists and dicts accepted by default.
inline constexpr std::size_t kDefaultMaxDepth = 100;
/// Most items (integers, strings, lists, dicts; dict keys count) accepted by default.
inline constexpr std::size_t kDefaultMaxTokens = 3'000'000;
/// Largest input decode() accepts at all: token offsets are 32-bit, and 512 MiB of
/// bencode is never a legitimate message.
inline constexpr std::size_t kMaxInputSize = (std::size_t{1} << 29) - 1;
/// Most digits in an integer: an int64 has at most 19.
inline constexpr std::size_t kMaxIntegerDigits = 19;

/// Limits for one decode call.
struct DecodeLimits {
  std::size_t max_depth = kDefaultMaxDepth;
  std::size_t max_tokens = kDefaultMaxTokens;
};

}  // namespace corrent::bencode
