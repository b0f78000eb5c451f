#pragma once
// The error values of the storage module (category "corrent.storage").

#include <string_view>

#include "corrent/core/error.hpp"

namespace corrent::storage {

/// Why a storage operation failed (beyond the std::errc values the OS reports).
enum class errc {
  ok = 0,
  bad_layout,     ///< OpenParams inconsistent: empty layout, priorities not one per file
  too_large,      ///< the torrent exceeds what this backend accepts
  out_of_bounds,  ///< a block outside its piece, or a piece past the end
  not_present,    ///< the bytes asked for were never stored (missing file, past its end)
  unsafe_path,    ///< a file path that could leave the save path (is_safe_relative_path)
  bad_block,      ///< a block not on a kBlockSize boundary or of the wrong length
  stopped,        ///< the disk (TorrentDisk) was stopped; nothing more runs
  read_only,      ///< a write to a storage opened read-only (OpenParams::read_only)
};

/// A short text for each errc value.
std::string_view describe(errc e) noexcept;
constexpr const char* category_name(errc) noexcept { return "corrent.storage"; }
CORRENT_ERROR_ENUM(errc)

}  // namespace corrent::storage

CORRENT_ERROR_ENUM_TRAIT(corrent::storage::errc);
