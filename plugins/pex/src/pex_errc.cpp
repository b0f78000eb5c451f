#include "pex_errc.hpp"

namespace corrent::pex {

std::string_view describe(errc e) noexcept {
  switch (e) {
    case errc::ok: return "no error";
    case errc::message_too_large: return "pex: message too large";
    case errc::bad_bencode: return "pex: message is not valid bencode";
    case errc::not_dict: return "pex: message is not a dict";
    case errc::wrong_type: return "pex: peer list is not a string";
    case errc::bad_compact_length: return "pex: peer list length is not a multiple of 6 (IPv4) or 18 (IPv6)";
    case errc::flags_mismatch: return "pex: flags are not one byte per added peer";
    case errc::too_frequent: return "pex: messages sent too often";
  }
  return "pex: unknown error";
}

}  // namespace corrent::pex
