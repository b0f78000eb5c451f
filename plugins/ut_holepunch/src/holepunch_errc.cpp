#include "holepunch_errc.hpp"

namespace corrent::holepunch {

std::string_view describe(errc e) noexcept {
  switch (e) {
    case errc::ok: return "no error";
    case errc::bad_size: return "holepunch: message is not 12 (IPv4) or 24 (IPv6) bytes (8 or 20 without err_code)";
    case errc::unknown_type: return "holepunch: unknown message type";
    case errc::unknown_address_type: return "holepunch: unknown address type";
  }
  return "holepunch: unknown error";
}

}  // namespace corrent::holepunch
