#include "corrent/metainfo/creator_errc.hpp"

namespace corrent::metainfo {

std::string_view describe(creator_errc e) noexcept {
  switch (e) {
    case creator_errc::ok: return "no error";
    case creator_errc::empty_payload: return "nothing to share: no file, or only empty files";
    case creator_errc::invalid_piece_length:
      return "piece length must be a power of two from 16 KiB to 16 MiB";
    case creator_errc::unsupported_source: return "not a regular file or a directory";
    case creator_errc::file_changed: return "file got shorter while it was being hashed";
    case creator_errc::too_many_pieces: return "too many pieces: choose a larger piece length";
    case creator_errc::bad_hash_count: return "piece hashes do not match the number of pieces";
  }
  return "creator: unknown error";
}

}  // namespace corrent::metainfo
