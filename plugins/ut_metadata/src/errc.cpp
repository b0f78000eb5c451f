#include "errc.hpp"

namespace corrent::ut_metadata {

std::string_view describe(errc e) noexcept {
  switch (e) {
    case errc::ok: return "ok";
    case errc::bad_message: return "ut_metadata: malformed message";
    case errc::metadata_size_invalid: return "ut_metadata: metadata_size is not positive";
    case errc::metadata_size_too_large: return "ut_metadata: metadata_size above the 30 MiB limit";
    case errc::piece_out_of_range: return "ut_metadata: piece index out of range";
    case errc::wrong_piece_size: return "ut_metadata: data piece of the wrong size";
    case errc::total_size_mismatch: return "ut_metadata: total_size differs from metadata_size";
    case errc::too_many_rejects: return "ut_metadata: the peer keeps rejecting our requests";
    case errc::request_timeout: return "ut_metadata: a request went unanswered";
  }
  return "ut_metadata: unknown error";
}

}  // namespace corrent::ut_metadata
