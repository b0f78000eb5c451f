#include "corrent/wire/dispatcher.hpp"

#include <type_traits>

namespace corrent::wire {

void Dispatcher::attach(std::span<const ExtensionSlot> extensions,
                        const ContextFactory& make_context) {
  for (const auto& slot : extensions) {
    if (slot.extension == nullptr || slot.local_id == 0) continue;
    Attached a;
    a.name = std::string(slot.extension->name());
    a.local_id = slot.local_id;
    a.context = make_context(a.name);
    a.peer = slot.extension->attach(*a.context);
    if (a.peer) attached_.push_back(std::move(a));
  }
}

void Dispatcher::piece_lost(PieceIndex piece) {
  for (auto& a : attached_) a.peer->on_piece_lost(piece);
}

void Dispatcher::introduced_unreachable(const net::Endpoint& peer) {
  for (auto& a : attached_) a.peer->on_introduced_peer_unreachable(peer);
}

std::vector<Task<void>> Dispatcher::extension_tasks() {
  std::vector<Task<void>> out;
  out.reserve(attached_.size());
  for (auto& a : attached_) out.push_back(a.peer->run());
  return out;
}

std::vector<std::pair<std::string, std::uint8_t>> Dispatcher::our_extension_ids() const {
  std::vector<std::pair<std::string, std::uint8_t>> out;
  out.reserve(attached_.size());
  for (const auto& a : attached_) out.emplace_back(a.name, a.local_id);
  return out;
}

bencode::Value Dispatcher::extension_fields() const {
  auto fields = bencode::Value::dict();
  for (const auto& a : attached_) a.peer->add_handshake_fields(fields);
  return fields;
}

std::optional<std::uint8_t> Dispatcher::peer_id_of(std::string_view name) const {
  if (!theirs_) return std::nullopt;
  return theirs_->id_of(name);
}

Task<Result<void>> Dispatcher::dispatch(const Message& m) {
  if (const auto* piece = std::get_if<Piece>(&m)) co_return co_await handler_->on_piece(*piece);
  if (const auto* extended = std::get_if<Extended>(&m)) co_return co_await dispatch_extended(*extended);
  MessageHandler& h = *handler_;
  co_return std::visit(
      [&h](const auto& msg) -> Result<void> {
        using M = std::decay_t<decltype(msg)>;
        if constexpr (std::is_same_v<M, KeepAlive>) return h.on_keep_alive();
        else if constexpr (std::is_same_v<M, Choke>) return h.on_choke();
        else if constexpr (std::is_same_v<M, Unchoke>) return h.on_unchoke();
        else if constexpr (std::is_same_v<M, Interested>) return h.on_interested();
        else if constexpr (std::is_same_v<M, NotInterested>) return h.on_not_interested();
        else if constexpr (std::is_same_v<M, Have>) return h.on_have(msg.piece);
        else if constexpr (std::is_same_v<M, Bitfield>) return h.on_bitfield(msg);
        else if constexpr (std::is_same_v<M, Request>) return h.on_request(msg);
        else if constexpr (std::is_same_v<M, Cancel>) return h.on_cancel(msg);
        else if constexpr (std::is_same_v<M, Port>) return h.on_port(msg.port);
        else if constexpr (std::is_same_v<M, Suggest>) return h.on_suggest(msg.piece);
        else if constexpr (std::is_same_v<M, HaveAll>) return h.on_have_all();
        else if constexpr (std::is_same_v<M, HaveNone>) return h.on_have_none();
        else if constexpr (std::is_same_v<M, Reject>) return h.on_reject(msg);
        else if constexpr (std::is_same_v<M, AllowedFast>) return h.on_allowed_fast(msg.piece);
        else return Result<void>{};  // Piece and Extended were routed above
      },
      m);
}

Task<Result<void>> Dispatcher::dispatch_extended(const Extended& m) {
  if (m.id == kExtensionHandshakeId) co_return on_extension_handshake(m.payload);
  for (auto& a : attached_) {
    if (a.local_id == m.id) co_return co_await a.peer->on_message(m.payload);
  }
  ++unknown_extended_;  // an id we never announced, or one of a declined extension
  co_return Result<void>{};
}

Result<void> Dispatcher::on_extension_handshake(std::span<const std::byte> payload) {
  auto decoded = decode_extension_handshake(payload);
  if (!decoded) return tl::make_unexpected(decoded.error().code);
  theirs_ = std::move(*decoded);
  for (auto& a : attached_) a.peer->on_handshake(*theirs_);
  return handler_->on_extension_handshake(*theirs_);
}

}  // namespace corrent::wire
