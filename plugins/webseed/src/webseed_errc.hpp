#pragma once
// Why a web seed stream ended or a response was refused ("corrent.webseed").

#include <string_view>

#include "corrent/core/error.hpp"

namespace corrent::webseed {

enum class errc {
  ok = 0,
  bad_data,            ///< a piece's SHA-1 did not match: the URL is banned for the torrent
  fetch_failed,        ///< every attempt at a piece failed (refused, 5xx, timeout)
  bad_status,          ///< neither 206 nor 200
  bad_content_range,   ///< a 206 whose Content-Range is missing or not the range asked
  bad_body_length,     ///< the body is not the length the range or the file says
  bad_handshake,       ///< the engine's handshake is malformed or names another torrent
  bad_request,         ///< a REQUEST outside its piece, or longer than a block
  too_many_requests,   ///< more than kMaxOutstandingRequests outstanding
  message_too_long,    ///< more than kMaxInboundMessage bytes of one engine message
  bad_url,             ///< the web seed URL cannot be parsed
};

std::string_view describe(errc e) noexcept;
constexpr const char* category_name(errc) noexcept { return "corrent.webseed"; }
CORRENT_ERROR_ENUM(errc)

}  // namespace corrent::webseed

CORRENT_ERROR_ENUM_TRAIT(corrent::webseed::errc);
