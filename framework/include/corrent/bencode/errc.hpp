#pragma once
// Why bencode could not be decoded.

#include <string_view>

#include "corrent/core/error.hpp"

namespace corrent::bencode {

enum class errc {
  ok = 0,
  unexpected_end,        ///< the input stops inside an item
  invalid_character,     ///< a byte that cannot start an item
  expected_colon,        ///< a string length not followed by ':'
  invalid_integer,       ///< empty, non-digit, leading zero or "-0"
  integer_overflow,      ///< does not fit a signed 64-bit integer
  invalid_string_length, ///< leading zero or non-digit in a string length
  string_too_long,       ///< a string length past the end of the input
  key_not_string,        ///< a dict key that is not a string
  missing_value,         ///< a dict key with no value before 'e'
  duplicate_key,         ///< the same key twice in one dict
  unsorted_keys,         ///< keys not in byte order (an error only when asked)
  depth_exceeded,        ///< nesting deeper than DecodeLimits::max_depth
  token_limit_exceeded,  ///< more items than DecodeLimits::max_tokens
  input_too_large,       ///< more than kMaxInputSize bytes
  trailing_data,         ///< bytes after the top-level item
  empty_input,           ///< nothing to decode
};

std::string_view describe(errc e) noexcept;
constexpr const char* category_name(errc) noexcept { return "corrent.bencode"; }
CORRENT_ERROR_ENUM(errc)

}  // namespace corrent::bencode

CORRENT_ERROR_ENUM_TRAIT(corrent::bencode::errc);
