#pragma once
// The peer wire messages (BEP 3, the fast extension of BEP 6, BEP 5's PORT and BEP 10's
// EXTENDED), one struct each, and Message, the variant of them all.
//
// Messages that carry bytes (BITFIELD, PIECE, EXTENDED) borrow them: the span points into
// the buffer the message was decoded from (the peer's receive buffer), so a 16 KiB block
// is never copied on its way in. Such a Message is valid only as long as that buffer is
// unchanged (for RecvBuffer: until the next free_space() call).

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <variant>

#include "corrent/core/strong_types.hpp"

namespace corrent::wire {

/// The id byte of each message type. Ids 10-12 are unused; 21-23 are BEP 52's hash
/// messages, not yet supported.
enum class MessageId : std::uint8_t {
  choke = 0,
  unchoke = 1,
  interested = 2,
  not_interested = 3,
  have = 4,
  bitfield = 5,
  request = 6,
  piece = 7,
  cancel = 8,
  port = 9,           // BEP 5
  suggest = 13,       // BEP 6
  have_all = 14,      // BEP 6
  have_none = 15,     // BEP 6
  reject = 16,        // BEP 6
  allowed_fast = 17,  // BEP 6
  extended = 20,      // BEP 10
};

namespace detail {
inline bool same_bytes(std::span<const std::byte> a, std::span<const std::byte> b) {
  return std::ranges::equal(a, b);
}
}  // namespace detail

/// A zero-length message: keeps an idle connection open.
struct KeepAlive {
  friend bool operator==(const KeepAlive&, const KeepAlive&) = default;
};
/// We will not serve your requests (without the fast extension: and drop those queued).
struct Choke {
  friend bool operator==(const Choke&, const Choke&) = default;
};
/// We will serve your requests.
struct Unchoke {
  friend bool operator==(const Unchoke&, const Unchoke&) = default;
};
/// We want pieces you have.
struct Interested {
  friend bool operator==(const Interested&, const Interested&) = default;
};
/// We want nothing you have.
struct NotInterested {
  friend bool operator==(const NotInterested&, const NotInterested&) = default;
};
/// We now have `piece`.
struct Have {
  PieceIndex piece;
  friend bool operator==(const Have&, const Have&) = default;
};
/// The pieces we have, piece 0 in the high bit of the first byte (borrowed bytes; checked
/// against the torrent by validate()).
struct Bitfield {
  std::span<const std::byte> bits;
  friend bool operator==(const Bitfield& a, const Bitfield& b) {
    return detail::same_bytes(a.bits, b.bits);
  }
};
/// Send us `length` bytes of `piece` from offset `begin`.
struct Request {
  PieceIndex piece;
  std::uint32_t begin = 0;
  std::uint32_t length = 0;
  friend bool operator==(const Request&, const Request&) = default;
};
/// A block of data: `block` (borrowed, never copied) is the bytes of `piece` from `begin`.
struct Piece {
  PieceIndex piece;
  std::uint32_t begin = 0;
  std::span<const std::byte> block;
  friend bool operator==(const Piece& a, const Piece& b) {
    return a.piece == b.piece && a.begin == b.begin && detail::same_bytes(a.block, b.block);
  }
};
/// Forget our REQUEST with the same fields.
struct Cancel {
  PieceIndex piece;
  std::uint32_t begin = 0;
  std::uint32_t length = 0;
  friend bool operator==(const Cancel&, const Cancel&) = default;
};
/// BEP 5: our DHT node listens on UDP `port`.
struct Port {
  std::uint16_t port = 0;
  friend bool operator==(const Port&, const Port&) = default;
};
/// BEP 6: you may want to download `piece` (we have it cached, say).
struct Suggest {
  PieceIndex piece;
  friend bool operator==(const Suggest&, const Suggest&) = default;
};
/// BEP 6: we have every piece (in place of a BITFIELD).
struct HaveAll {
  friend bool operator==(const HaveAll&, const HaveAll&) = default;
};
/// BEP 6: we have no piece (in place of a BITFIELD).
struct HaveNone {
  friend bool operator==(const HaveNone&, const HaveNone&) = default;
};
/// BEP 6: we will not serve your REQUEST with the same fields.
struct Reject {
  PieceIndex piece;
  std::uint32_t begin = 0;
  std::uint32_t length = 0;
  friend bool operator==(const Reject&, const Reject&) = default;
};
/// BEP 6: you may request blocks of `piece` even while we choke you.
struct AllowedFast {
  PieceIndex piece;
  friend bool operator==(const AllowedFast&, const AllowedFast&) = default;
};
/// BEP 10: an extended message. `id` 0 is the extension handshake; any other id is one
/// the *receiver* assigned to an extension name in its handshake. `payload` is borrowed.
struct Extended {
  std::uint8_t id = 0;
  std::span<const std::byte> payload;
  friend bool operator==(const Extended& a, const Extended& b) {
    return a.id == b.id && detail::same_bytes(a.payload, b.payload);
  }
};

/// Any peer wire message.
using Message = std::variant<KeepAlive, Choke, Unchoke, Interested, NotInterested, Have,
                             Bitfield, Request, Piece, Cancel, Port, Suggest, HaveAll,
                             HaveNone, Reject, AllowedFast, Extended>;

/// The message's name for logs: "keep-alive", "choke", ..., "allowed fast", "extended".
[[nodiscard]] std::string_view message_name(const Message& m) noexcept;

}  // namespace corrent::wire
