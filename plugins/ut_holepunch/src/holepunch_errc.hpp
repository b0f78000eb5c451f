#pragma once
// Why a ut_holepunch message was refused ("corrent.holepunch").

#include <string_view>

#include "corrent/core/error.hpp"

namespace corrent::holepunch {

enum class errc {
  ok = 0,
  bad_size,              ///< not 12 (IPv4) or 24 (IPv6) bytes, or 8 or 20 for a non-error without err_code
  unknown_type,          ///< msg_type past 2 (error)
  unknown_address_type,  ///< addr_type neither 0 (IPv4) nor 1 (IPv6)
};

std::string_view describe(errc e) noexcept;
constexpr const char* category_name(errc) noexcept { return "corrent.holepunch"; }
CORRENT_ERROR_ENUM(errc)

}  // namespace corrent::holepunch

CORRENT_ERROR_ENUM_TRAIT(corrent::holepunch::errc);
