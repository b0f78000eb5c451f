#pragma once
// Why a torrent could not be created. Failures of the operating system (a file that cannot
// be opened or read) are reported with their own std::error_code instead.

#include <string_view>

#include "corrent/core/error.hpp"

namespace corrent::metainfo {

enum class creator_errc {
  ok = 0,
  empty_payload,          ///< no file, or only empty files: nothing to hash
  invalid_piece_length,   ///< not a power of two, or outside [kMinCreatePieceLength, kMaxCreatePieceLength]
  unsupported_source,     ///< the source is neither a regular file nor a directory
  file_changed,           ///< a file got shorter while it was being hashed
  too_many_pieces,        ///< the payload needs more than kMaxCreatePieceCount pieces
  bad_hash_count,         ///< piece hashes do not match the plan (a caller's bug)
};

std::string_view describe(creator_errc e) noexcept;
constexpr const char* category_name(creator_errc) noexcept { return "corrent.creator"; }
CORRENT_ERROR_ENUM(creator_errc)

}  // namespace corrent::metainfo

CORRENT_ERROR_ENUM_TRAIT(corrent::metainfo::creator_errc);
