#pragma once
// The KRPC codec (BEP 5 and the extensions listed in krpc_message.hpp), sans-I/O: bytes
// of one UDP datagram in, a Message out, and back.
//
// Decoding is strict and bounded. The datagram must be at most kMaxPacketSize bytes of one
// bencoded dict within kMaxDepth and kMaxTokens; every key we use must have its BEP's type
// and size (ids, targets and info-hashes 20 bytes, compact lists whole entries, BEP 44
// keys 32 and signatures 64 bytes), and each list is bounded (dht_limits.hpp). Each class
// of bad input has its own dht::errc, with the byte offset of the offending item. Keys we
// do not know are ignored (BEP 5 nodes add keys freely), and so are the arguments of a
// query method we do not know: it decodes as UnknownQuery, so the node can answer 204.
//
// Encoding is canonical bencode (keys sorted) and writes only what the Message holds, so
// decode(encode(m)) == m for any m the decoder produced. The encoder trusts its input:
// building a valid Message (sizes within the limits) is the caller's job.

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "corrent/core/result.hpp"
#include "krpc_message.hpp"

namespace corrent::dht {

/// Decodes one KRPC datagram. Errors are dht::errc values with a byte offset.
[[nodiscard]] ParseResult<Message> decode_krpc(std::string_view packet);
[[nodiscard]] ParseResult<Message> decode_krpc(std::span<const std::byte> packet);

/// The transaction id of a query that decode_krpc() refused, so the node can answer it
/// with error 203 (BEP 5: malformed packet, invalid arguments): present only when the
/// packet is a bencoded dict within the bounds, with "y" = "q" and a valid "t". Replies
/// and errors are never answered, so two nodes cannot bounce errors back and forth.
[[nodiscard]] std::optional<std::string> query_transaction_id(std::string_view packet);

/// The canonical bencoding of `message`.
[[nodiscard]] std::string encode_krpc(const Message& message);

}  // namespace corrent::dht
