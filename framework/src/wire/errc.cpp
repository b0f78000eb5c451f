#include "corrent/wire/errc.hpp"

namespace corrent::wire {

std::string_view describe(errc e) noexcept {
  switch (e) {
    case errc::ok: return "no error";
    case errc::truncated: return "wire: input truncated";
    case errc::bad_protocol_length: return "wire: handshake protocol length is not 19";
    case errc::bad_protocol_string: return "wire: handshake protocol is not \"BitTorrent protocol\"";
    case errc::message_too_long: return "wire: message length over the maximum";
    case errc::unknown_message: return "wire: unknown message id";
    case errc::bad_message_length: return "wire: message length wrong for its type";
    case errc::bad_piece_index: return "wire: piece index out of range";
    case errc::zero_length_request: return "wire: request of zero bytes";
    case errc::request_too_large: return "wire: request longer than 16 KiB";
    case errc::request_out_of_range: return "wire: request past the end of its piece";
    case errc::block_out_of_range: return "wire: piece block empty, too long or past the end of its piece";
    case errc::bitfield_wrong_size: return "wire: bitfield size does not match the piece count";
    case errc::bitfield_spare_bits: return "wire: bitfield has spare bits set";
    case errc::extension_handshake_too_large: return "wire: extension handshake too large";
    case errc::extension_handshake_not_dict: return "wire: extension handshake is not a dict";
    case errc::too_many_extensions: return "wire: too many extensions in the extension handshake";
    case errc::recv_buffer_full: return "wire: receive buffer full";
  }
  return "wire: unknown error";
}

}  // namespace corrent::wire
