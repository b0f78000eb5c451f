#include "peer_protocol.hpp"

#include <algorithm>
#include <cstring>
#include <variant>

#include "corrent/wire/codec.hpp"
#include "corrent/wire/errc.hpp"
#include "corrent/wire/handshake.hpp"
#include "corrent/wire/limits.hpp"
#include "webseed_errc.hpp"
#include "webseed_limits.hpp"

namespace corrent::webseed {

PeerProtocol::PeerProtocol(const metainfo::InfoHash& info_hash, const PeerId& ours, wire::TorrentShape shape)
    : info_hash_(info_hash), shape_(shape), framer_(wire::max_message_length(shape.piece_count)) {
  // No reserved bit: no fast extension, no BEP 10, so the engine sends only BEP 3 messages.
  const auto handshake = wire::encode_handshake(wire::Handshake{wire::Reserved{}, info_hash, ours});
  append(handshake);
}

void PeerProtocol::append(std::span<const std::byte> bytes) {
  if (out_at_ == out_.size()) {
    out_.clear();
    out_at_ = 0;
  }
  out_.insert(out_.end(), bytes.begin(), bytes.end());
}

std::size_t PeerProtocol::take_output(std::span<std::byte> into) {
  const std::size_t n = std::min(into.size(), pending_output());
  std::memcpy(into.data(), out_.data() + out_at_, n);
  out_at_ += n;
  return n;
}

Result<void> PeerProtocol::on_bytes(std::span<const std::byte> data) {
  in_.insert(in_.end(), data.begin(), data.end());
  if (!handshake_done_) {
    if (in_.size() < wire::kHandshakeLength) return {};
    CORRENT_TRY_VOID(on_handshake());
  }
  std::size_t at = 0;
  while (true) {
    const auto frame = framer_.next(std::span<const std::byte>(in_).subspan(at));
    if (!frame) return fail(errc::message_too_long);
    if (!*frame) break;
    const auto message = wire::decode_message((*frame)->body);
    if (message) {
      CORRENT_TRY_VOID(on_message(*message));
    } else if (message.error().code != wire::errc::unknown_message) {
      return tl::make_unexpected(message.error().code);
    }  // an unknown id is skipped (BEP 3)
    at += (*frame)->consumed;
  }
  in_.erase(in_.begin(), in_.begin() + static_cast<std::ptrdiff_t>(at));
  if (in_.size() > kMaxInboundMessage + 4) return fail(errc::message_too_long);
  return {};
}

Result<void> PeerProtocol::on_handshake() {
  const auto theirs = wire::decode_handshake(std::span<const std::byte>(in_).first(wire::kHandshakeLength));
  if (!theirs || theirs->info_hash != info_hash_) return fail(errc::bad_handshake);
  in_.erase(in_.begin(), in_.begin() + static_cast<std::ptrdiff_t>(wire::kHandshakeLength));
  handshake_done_ = true;
  // Every piece set, the spare bits of the last byte clear (BEP 3).
  std::vector<std::byte> bits((shape_.piece_count + 7) / 8, std::byte{0xFF});
  if (const auto spare = bits.size() * 8 - shape_.piece_count; spare > 0) {
    bits.back() = std::byte{static_cast<std::uint8_t>(0xFF << spare)};
  }
  std::vector<std::byte> encoded;
  wire::encode(wire::Bitfield{bits}, encoded);
  append(encoded);
  return {};
}

Result<void> PeerProtocol::on_message(const wire::Message& message) {
  if (std::holds_alternative<wire::Interested>(message)) {
    if (!unchoked_) {
      std::vector<std::byte> encoded;
      wire::encode(wire::Unchoke{}, encoded);
      append(encoded);
      unchoked_ = true;
    }
  } else if (const auto* r = std::get_if<wire::Request>(&message)) {
    const auto size = shape_.piece_size(r->piece);
    if (r->length == 0 || r->length > wire::kMaxRequestLength || r->begin >= size || r->length > size - r->begin) {
      return fail(errc::bad_request);
    }
    if (requests_.size() >= kMaxOutstandingRequests) return fail(errc::too_many_requests);
    requests_.push_back(*r);
  } else if (const auto* c = std::get_if<wire::Cancel>(&message)) {
    const auto it = std::find(requests_.begin(), requests_.end(), wire::Request{c->piece, c->begin, c->length});
    if (it != requests_.end()) requests_.erase(it);
  }
  // NOT INTERESTED changes nothing (queued requests are still served); BITFIELD, HAVE,
  // KEEP-ALIVE, CHOKE and the rest say nothing a seed needs.
  return {};
}

void PeerProtocol::serve_front(std::span<const std::byte> block) {
  const auto r = requests_.front();
  requests_.pop_front();
  const auto header = wire::encode_piece_header(r.piece, r.begin, static_cast<std::uint32_t>(block.size()));
  append(header);
  append(block);
}

}  // namespace corrent::webseed
