#include "webseed_errc.hpp"

namespace corrent::webseed {

std::string_view describe(errc e) noexcept {
  switch (e) {
    case errc::ok: return "no error";
    case errc::bad_data: return "webseed: a piece failed its hash check";
    case errc::fetch_failed: return "webseed: the server did not deliver a piece";
    case errc::bad_status: return "webseed: the server answered neither 206 nor 200";
    case errc::bad_content_range: return "webseed: Content-Range is not the range asked";
    case errc::bad_body_length: return "webseed: the body is not the length asked";
    case errc::bad_handshake: return "webseed: bad handshake from the engine";
    case errc::bad_request: return "webseed: a request outside its piece";
    case errc::too_many_requests: return "webseed: too many outstanding requests";
    case errc::message_too_long: return "webseed: an engine message is too long";
    case errc::bad_url: return "webseed: the URL cannot be parsed";
  }
  return "webseed: unknown error";
}

}  // namespace corrent::webseed
