#pragma once
// Why peer wire input was rejected ("corrent.wire").

#include <string_view>

#include "corrent/core/error.hpp"

namespace corrent::wire {

enum class errc {
  ok = 0,
  // Framing and handshake.
  truncated,               ///< fewer bytes than the format needs
  bad_protocol_length,     ///< handshake's first byte is not 19
  bad_protocol_string,     ///< handshake's protocol string is not "BitTorrent protocol"
  message_too_long,        ///< a length prefix over the framer's maximum
  // Message codec.
  unknown_message,         ///< a message id this codec does not know (may be ignored)
  bad_message_length,      ///< a body length that does not fit its message type
  // validate() against the torrent.
  bad_piece_index,         ///< a piece index >= the piece count
  zero_length_request,     ///< REQUEST/CANCEL/REJECT of 0 bytes
  request_too_large,       ///< REQUEST/CANCEL/REJECT longer than kMaxRequestLength
  request_out_of_range,    ///< REQUEST/CANCEL/REJECT past the end of its piece
  block_out_of_range,      ///< PIECE block empty, too long, or past the end of its piece
  bitfield_wrong_size,     ///< BITFIELD not ceil(pieces / 8) bytes
  bitfield_spare_bits,     ///< BITFIELD with a bit set past the last piece
  // Extension handshake (BEP 10).
  extension_handshake_too_large,  ///< over kMaxExtensionHandshakeSize
  extension_handshake_not_dict,   ///< the payload is not a bencoded dict
  too_many_extensions,            ///< "m" has more than kMaxExtensionNames entries
  // Receive buffer.
  recv_buffer_full,        ///< no free space left in a RecvBuffer at its maximum size
};

std::string_view describe(errc e) noexcept;
constexpr const char* category_name(errc) noexcept { return "corrent.wire"; }
CORRENT_ERROR_ENUM(errc)

}  // namespace corrent::wire

CORRENT_ERROR_ENUM_TRAIT(corrent::wire::errc);
