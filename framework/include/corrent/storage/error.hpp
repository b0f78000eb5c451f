#pragma once
// The error values of the storage module (category "corrent.storage").

#include <string_view>

#include "corrent/core/error.hpp"

namespace corrent::storage {

/// Why a storage operation failed (beyond the std::errc values the OS reports).
enum class errc {
  ok = 0,
  bad_layout,     ///< StorageParams inconsistent: zero piece length, sizes not adding up
  too_large,      ///< the torrent exceeds what this backend accepts
  out_of_bounds,  ///< a block outside its piece, or a piece past the end
};

/// A short text for each errc value.
std::string_view describe(errc e) noexcept;
constexpr const char* category_name(errc) noexcept { return "corrent.storage"; }
CORRENT_ERROR_ENUM(errc)

}  // namespace corrent::storage

CORRENT_ERROR_ENUM_TRAIT(corrent::storage::errc);
