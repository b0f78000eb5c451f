#pragma once
// Why a ut_pex message was refused ("corrent.pex").

#include <string_view>

#include "corrent/core/error.hpp"

namespace corrent::pex {

enum class errc {
  ok = 0,
  message_too_large,   ///< payload over kMaxPexMessageSize
  bad_bencode,         ///< not valid bencode, or over the depth/token limits
  not_dict,            ///< the payload is not a bencoded dict
  wrong_type,          ///< a known key ("added", "dropped6", ...) that is not a string
  bad_compact_length,  ///< a peer list not a multiple of 6 (IPv4) or 18 (IPv6) bytes
  flags_mismatch,      ///< "added.f" / "added6.f" not one byte per added peer
  too_frequent,        ///< more than kMaxEarlyPexMessages messages came too early
};

std::string_view describe(errc e) noexcept;
constexpr const char* category_name(errc) noexcept { return "corrent.pex"; }
CORRENT_ERROR_ENUM(errc)

}  // namespace corrent::pex

CORRENT_ERROR_ENUM_TRAIT(corrent::pex::errc);
