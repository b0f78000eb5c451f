#pragma once
// Decoding bencode (BEP 3) from untrusted bytes: iterative (no recursion, so no stack
// exhaustion), bounded by DecodeLimits, strict about the grammar (no leading zeros, no
// "-0", integers within int64, string keys, no duplicate keys).

#include <string_view>

#include "corrent/bencode/errc.hpp"
#include "corrent/bencode/limits.hpp"
#include "corrent/bencode/node.hpp"
#include "corrent/core/result.hpp"

namespace corrent::bencode {

struct DecodeOptions {
  DecodeLimits limits{};
  /// Accept bytes after the top-level item (BEP 9 data messages carry a payload after
  /// their dict); Document::consumed() says where the item ended.
  bool allow_trailing_data = false;
  /// Fail on dict keys out of byte order instead of only reporting them.
  bool require_sorted_keys = false;
};

/// Decodes one bencoded item. The Document borrows `input`.
[[nodiscard]] ParseResult<Document> decode(std::string_view input, const DecodeOptions& options = {});

}  // namespace corrent::bencode
