#include "corrent/metainfo/magnet_errc.hpp"

namespace corrent::metainfo {

std::string_view describe(magnet_errc e) noexcept {
  switch (e) {
    case magnet_errc::ok: return "no error";
    case magnet_errc::too_long: return "magnet: URI too long";
    case magnet_errc::not_a_magnet: return "magnet: not a magnet URI (no \"magnet:?\")";
    case magnet_errc::missing_info_hash: return "magnet: no xt=urn:btih: or xt=urn:btmh:";
    case magnet_errc::invalid_info_hash: return "magnet: info-hash not 40 hex or 32 base32 characters";
    case magnet_errc::invalid_escape: return "magnet: bad percent escape";
    case magnet_errc::invalid_select_only: return "magnet: so is not a list of file indices and ranges";
    case magnet_errc::invalid_exact_length: return "magnet: xl is not a number";
  }
  return "magnet: unknown error";
}

}  // namespace corrent::metainfo
