#include "corrent/wire/codec.hpp"

#include <type_traits>

#include "big_endian.hpp"
#include "corrent/wire/limits.hpp"

namespace corrent::wire {
namespace {

using detail::read_u16;
using detail::read_u32;

/// Fixed body sizes (id byte included).
constexpr std::size_t kBareSize = 1;          // choke ... not interested, have all/none
constexpr std::size_t kIndexSize = 5;         // have, suggest, allowed fast
constexpr std::size_t kBlockRefSize = 13;     // request, cancel, reject
constexpr std::size_t kPortSize = 3;
constexpr std::size_t kPieceMinSize = 9;      // id, index, begin
constexpr std::size_t kExtendedMinSize = 2;   // id, extended id

template <class T>
T block_ref(std::span<const std::byte> body) {
  return T{PieceIndex{read_u32(body.subspan(1))}, read_u32(body.subspan(5)), read_u32(body.subspan(9))};
}

/// The message of a body whose id is known and whose length has been checked.
Message decode_checked(MessageId id, std::span<const std::byte> body) {
  switch (id) {
    case MessageId::choke: return Choke{};
    case MessageId::unchoke: return Unchoke{};
    case MessageId::interested: return Interested{};
    case MessageId::not_interested: return NotInterested{};
    case MessageId::have: return Have{PieceIndex{read_u32(body.subspan(1))}};
    case MessageId::bitfield: return Bitfield{body.subspan(1)};
    case MessageId::request: return block_ref<Request>(body);
    case MessageId::piece:
      return Piece{PieceIndex{read_u32(body.subspan(1))}, read_u32(body.subspan(5)), body.subspan(9)};
    case MessageId::cancel: return block_ref<Cancel>(body);
    case MessageId::port: return Port{read_u16(body.subspan(1))};
    case MessageId::suggest: return Suggest{PieceIndex{read_u32(body.subspan(1))}};
    case MessageId::have_all: return HaveAll{};
    case MessageId::have_none: return HaveNone{};
    case MessageId::reject: return block_ref<Reject>(body);
    case MessageId::allowed_fast: return AllowedFast{PieceIndex{read_u32(body.subspan(1))}};
    case MessageId::extended: return Extended{std::to_integer<std::uint8_t>(body[1]), body.subspan(2)};
  }
  return KeepAlive{};  // unreachable: decode_message() checked the id
}

struct SizeRule {
  bool known = false;
  std::size_t size = 0;
  bool at_least = false;  // size is a minimum (variable-length payload follows)
};

SizeRule size_rule(std::uint8_t id) {
  switch (static_cast<MessageId>(id)) {
    case MessageId::choke:
    case MessageId::unchoke:
    case MessageId::interested:
    case MessageId::not_interested:
    case MessageId::have_all:
    case MessageId::have_none: return {true, kBareSize, false};
    case MessageId::have:
    case MessageId::suggest:
    case MessageId::allowed_fast: return {true, kIndexSize, false};
    case MessageId::request:
    case MessageId::cancel:
    case MessageId::reject: return {true, kBlockRefSize, false};
    case MessageId::port: return {true, kPortSize, false};
    case MessageId::bitfield: return {true, kBareSize, true};
    case MessageId::piece: return {true, kPieceMinSize, true};
    case MessageId::extended: return {true, kExtendedMinSize, true};
  }
  return {};
}

template <class T>
constexpr MessageId id_of() {
  if constexpr (std::is_same_v<T, Choke>) return MessageId::choke;
  else if constexpr (std::is_same_v<T, Unchoke>) return MessageId::unchoke;
  else if constexpr (std::is_same_v<T, Interested>) return MessageId::interested;
  else if constexpr (std::is_same_v<T, NotInterested>) return MessageId::not_interested;
  else if constexpr (std::is_same_v<T, Have>) return MessageId::have;
  else if constexpr (std::is_same_v<T, Bitfield>) return MessageId::bitfield;
  else if constexpr (std::is_same_v<T, Request>) return MessageId::request;
  else if constexpr (std::is_same_v<T, Piece>) return MessageId::piece;
  else if constexpr (std::is_same_v<T, Cancel>) return MessageId::cancel;
  else if constexpr (std::is_same_v<T, Port>) return MessageId::port;
  else if constexpr (std::is_same_v<T, Suggest>) return MessageId::suggest;
  else if constexpr (std::is_same_v<T, HaveAll>) return MessageId::have_all;
  else if constexpr (std::is_same_v<T, HaveNone>) return MessageId::have_none;
  else if constexpr (std::is_same_v<T, Reject>) return MessageId::reject;
  else if constexpr (std::is_same_v<T, AllowedFast>) return MessageId::allowed_fast;
  else {
    static_assert(std::is_same_v<T, Extended>);
    return MessageId::extended;
  }
}

/// The body size of `msg` (id byte included; 0 for a keep-alive).
template <class T>
std::size_t body_size(const T& msg) noexcept {
  if constexpr (std::is_same_v<T, KeepAlive>) return 0;
  else if constexpr (std::is_same_v<T, Bitfield>) return kBareSize + msg.bits.size();
  else if constexpr (std::is_same_v<T, Piece>) return kPieceMinSize + msg.block.size();
  else if constexpr (std::is_same_v<T, Extended>) return kExtendedMinSize + msg.payload.size();
  else return size_rule(static_cast<std::uint8_t>(id_of<T>())).size;
}

void append_bytes(std::vector<std::byte>& out, std::span<const std::byte> bytes) {
  out.insert(out.end(), bytes.begin(), bytes.end());
}

template <class T>
void append_block_ref(std::vector<std::byte>& out, const T& msg) {
  detail::append_u32(out, msg.piece.value);
  detail::append_u32(out, msg.begin);
  detail::append_u32(out, msg.length);
}

/// Appends what follows the id byte.
template <class T>
void append_payload(std::vector<std::byte>& out, const T& msg) {
  if constexpr (std::is_same_v<T, Have> || std::is_same_v<T, Suggest> ||
                std::is_same_v<T, AllowedFast>) {
    detail::append_u32(out, msg.piece.value);
  } else if constexpr (std::is_same_v<T, Request> || std::is_same_v<T, Cancel> ||
                       std::is_same_v<T, Reject>) {
    append_block_ref(out, msg);
  } else if constexpr (std::is_same_v<T, Bitfield>) {
    append_bytes(out, msg.bits);
  } else if constexpr (std::is_same_v<T, Piece>) {
    detail::append_u32(out, msg.piece.value);
    detail::append_u32(out, msg.begin);
    append_bytes(out, msg.block);
  } else if constexpr (std::is_same_v<T, Port>) {
    detail::append_u16(out, msg.port);
  } else if constexpr (std::is_same_v<T, Extended>) {
    out.push_back(std::byte{msg.id});
    append_bytes(out, msg.payload);
  }
}

}  // namespace

ParseResult<Message> decode_message(std::span<const std::byte> body) {
  if (body.empty()) return KeepAlive{};
  const auto id = std::to_integer<std::uint8_t>(body[0]);
  const SizeRule rule = size_rule(id);
  if (!rule.known) return parse_fail(errc::unknown_message, 0);
  const bool fits = rule.at_least ? body.size() >= rule.size : body.size() == rule.size;
  if (!fits) return parse_fail(errc::bad_message_length, 0);
  return decode_checked(static_cast<MessageId>(id), body);
}

std::size_t encoded_size(const Message& m) noexcept {
  return kLengthPrefixSize + std::visit([](const auto& msg) { return body_size(msg); }, m);
}

void encode(const Message& m, std::vector<std::byte>& out) {
  std::visit(
      [&out](const auto& msg) {
        using T = std::decay_t<decltype(msg)>;
        detail::append_u32(out, static_cast<std::uint32_t>(body_size(msg)));
        if constexpr (!std::is_same_v<T, KeepAlive>) {
          out.push_back(static_cast<std::byte>(id_of<T>()));
          append_payload(out, msg);
        }
      },
      m);
}

std::array<std::byte, kPieceHeaderSize> encode_piece_header(PieceIndex piece, std::uint32_t begin,
                                                            std::uint32_t length) noexcept {
  std::array<std::byte, kPieceHeaderSize> out{};
  detail::write_u32(out.data(), static_cast<std::uint32_t>(kPieceMinSize) + length);
  out[4] = static_cast<std::byte>(MessageId::piece);
  detail::write_u32(out.data() + 5, piece.value);
  detail::write_u32(out.data() + 9, begin);
  return out;
}

std::array<std::byte, kExtendedHeaderSize> encode_extended_header(std::uint8_t id,
                                                                  std::uint32_t payload_length) noexcept {
  std::array<std::byte, kExtendedHeaderSize> out{};
  detail::write_u32(out.data(), static_cast<std::uint32_t>(kExtendedMinSize) + payload_length);
  out[4] = static_cast<std::byte>(MessageId::extended);
  out[5] = std::byte{id};
  return out;
}

}  // namespace corrent::wire
