#pragma once
// Why a magnet URI (BEP 9, BEP 53) was rejected.

#include <string_view>

#include "corrent/core/error.hpp"

namespace corrent::metainfo {

enum class magnet_errc {
  ok = 0,
  too_long,              ///< longer than kMaxMagnetLength
  not_a_magnet,          ///< does not start with "magnet:?"
  missing_info_hash,     ///< no xt=urn:btih: nor xt=urn:btmh:
  invalid_info_hash,     ///< a btih that is not 40 hex or 32 base32 characters, or a bad btmh
  invalid_escape,        ///< a '%' not followed by two hex digits
  invalid_select_only,   ///< an "so" value that is not a list of indices and ranges
  invalid_exact_length,  ///< an "xl" value that is not a decimal number fitting 64 bits
};

std::string_view describe(magnet_errc e) noexcept;
constexpr const char* category_name(magnet_errc) noexcept { return "corrent.magnet"; }
CORRENT_ERROR_ENUM(magnet_errc)

}  // namespace corrent::metainfo

CORRENT_ERROR_ENUM_TRAIT(corrent::metainfo::magnet_errc);
