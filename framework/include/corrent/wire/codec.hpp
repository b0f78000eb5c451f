#pragma once
// Decoding and encoding peer wire messages. The codec checks the *shape* of a message
// (its id and exact length); whether it makes sense for the torrent (piece index in
// range, request within the piece, bitfield size) is validate()'s job
// (corrent/wire/validate.hpp).
//
// Unknown message ids decode to errc::unknown_message. BEP 3 expects unknown messages to
// be ignored, and a user expects a connection to a newer client to keep working, so the
// connection layer should skip such a frame (its length is already bounded by the Framer)
// and count it, not disconnect. Every other decode error is a protocol violation.
//
// The codec does not know what was negotiated: fast-extension messages and EXTENDED are
// decoded whatever the handshake said; the connection layer checks they were enabled.

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "corrent/core/result.hpp"
#include "corrent/core/strong_types.hpp"
#include "corrent/wire/errc.hpp"
#include "corrent/wire/message.hpp"

namespace corrent::wire {

/// Size of a PIECE message's header: length prefix, id, index, begin.
inline constexpr std::size_t kPieceHeaderSize = 13;
/// Size of an EXTENDED message's header: length prefix, id 20, extended id.
inline constexpr std::size_t kExtendedHeaderSize = 6;

/// Decodes one message body: the bytes after its 4-byte length prefix (a Frame's body).
/// An empty body is a KeepAlive. Spans in the result borrow `body`.
/// Errors: unknown_message (offset 0: the id byte), bad_message_length (offset 0) when
/// the body's length does not fit the id (HAVE is 5 bytes, REQUEST 13, PORT 3, ...).
[[nodiscard]] ParseResult<Message> decode_message(std::span<const std::byte> body);

/// Appends `m`, length prefix included, to `out`. The caller keeps borrowed payloads
/// within the bounds it enforces (a body must fit the 32-bit length prefix).
void encode(const Message& m, std::vector<std::byte>& out);

/// The number of bytes encode(m) appends (length prefix included).
[[nodiscard]] std::size_t encoded_size(const Message& m) noexcept;

/// The first 13 bytes of a PIECE message whose block is `length` bytes: send them, then
/// the block straight from storage, with no copy into a message buffer.
[[nodiscard]] std::array<std::byte, kPieceHeaderSize> encode_piece_header(
    PieceIndex piece, std::uint32_t begin, std::uint32_t length) noexcept;

/// The first 6 bytes of an EXTENDED message with extended id `id` and a payload of
/// `payload_length` bytes, to send before the payload itself.
[[nodiscard]] std::array<std::byte, kExtendedHeaderSize> encode_extended_header(
    std::uint8_t id, std::uint32_t payload_length) noexcept;

}  // namespace corrent::wire
