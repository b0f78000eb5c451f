#pragma once
// Why ut_metadata dropped a peer (category "corrent.ut_metadata").

#include <string_view>

#include "corrent/core/error.hpp"

namespace corrent::ut_metadata {

enum class errc {
  ok = 0,
  bad_message,            ///< not a bencoded dict with integer msg_type and piece
  metadata_size_invalid,  ///< metadata_size zero or negative
  metadata_size_too_large,///< metadata_size above metainfo::kMaxMetadataSize
  piece_out_of_range,     ///< a piece index past the metadata's last piece
  wrong_piece_size,       ///< a data piece not 16 KiB (or the right size for the last one)
  total_size_mismatch,    ///< a data message's total_size is not the handshake's metadata_size
  too_many_rejects,       ///< the peer kept rejecting our requests
  request_timeout,        ///< a request went unanswered
};

std::string_view describe(errc e) noexcept;
constexpr const char* category_name(errc) noexcept { return "corrent.ut_metadata"; }
CORRENT_ERROR_ENUM(errc)

}  // namespace corrent::ut_metadata

CORRENT_ERROR_ENUM_TRAIT(corrent::ut_metadata::errc);
