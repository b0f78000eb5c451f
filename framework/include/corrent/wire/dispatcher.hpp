#pragma once
// Dispatcher: routes a peer's decoded messages to a MessageHandler, and BEP 10 extended
// messages to the extension that registered the name, by *local* id.
//
// Ids: our local ids are the PluginSet's (corrent::extension_slots: registration order,
// 1..255); we announce them in our handshake's "m". The peer announces its own ids in its
// "m"; we send each extension's messages under the peer's id (PeerContext::send), and it
// sends them to us under ours. An extended message whose id is not one of ours (or of an
// extension that declined this peer) is ignored and counted, never an error.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "corrent/bencode/value.hpp"
#include "corrent/core/result.hpp"
#include "corrent/core/task.hpp"
#include "corrent/wire/extension.hpp"
#include "corrent/wire/peer_context.hpp"
#include "corrent/wire/extension_handshake.hpp"
#include "corrent/wire/message.hpp"
#include "corrent/wire/message_handler.hpp"

namespace corrent::wire {

/// One extension the session offers, with its local id.
struct ExtensionSlot {
  std::uint8_t local_id = 0;
  Extension* extension = nullptr;
};

class Dispatcher {
 public:
  /// Makes the PeerContext an extension called `name` is attached with.
  using ContextFactory = std::function<std::unique_ptr<PeerContext>(std::string_view name)>;

  /// `handler` must outlive the dispatcher.
  explicit Dispatcher(MessageHandler& handler) : handler_(&handler) {}

  /// Attaches each extension to this peer (Extension::attach); those returning nullptr
  /// are left out of our "m" and their ids are unknown here. Call once, before dispatch.
  void attach(std::span<const ExtensionSlot> extensions, const ContextFactory& make_context);

  /// Our extension handshake's "m" (attached extensions, local ids) and the extra
  /// top-level fields the attached extensions add.
  [[nodiscard]] std::vector<std::pair<std::string, std::uint8_t>> our_extension_ids() const;
  [[nodiscard]] bencode::Value extension_fields() const;

  /// Routes `m` to the handler (or, for EXTENDED, to the extension handshake handling or
  /// the extension). Errors: the handler's or extension's, or a bad extension handshake.
  Task<Result<void>> dispatch(const Message& m);

  /// The peer's latest extension handshake, once one arrived.
  [[nodiscard]] const std::optional<ExtensionHandshake>& peer_extensions() const {
    return theirs_;
  }
  /// The id the peer gave extension `name` (absent, or 0 = disabled: nullopt).
  [[nodiscard]] std::optional<std::uint8_t> peer_id_of(std::string_view name) const;

  /// The handler messages go to.
  [[nodiscard]] MessageHandler& handler() const { return *handler_; }
  /// Tells every attached extension (ExtensionPeer::on_piece_lost).
  void piece_lost(PieceIndex piece);
  /// Tells every attached extension (ExtensionPeer::on_introduced_peer_unreachable).
  void introduced_unreachable(const net::Endpoint& peer);
  /// Each attached extension's ExtensionPeer::run(), for the connection to start.
  [[nodiscard]] std::vector<Task<void>> extension_tasks();

  /// Extended messages ignored because their id matched no attached extension.
  [[nodiscard]] std::uint64_t unknown_extended() const { return unknown_extended_; }

 private:
  struct Attached {
    std::string name;
    std::uint8_t local_id = 0;
    std::unique_ptr<PeerContext> context;  // declared first: destroyed after `peer`
    std::unique_ptr<ExtensionPeer> peer;
  };
  Task<Result<void>> dispatch_extended(const Extended& m);
  Result<void> on_extension_handshake(std::span<const std::byte> payload);

  MessageHandler* handler_;
  std::vector<Attached> attached_;
  std::optional<ExtensionHandshake> theirs_;
  std::uint64_t unknown_extended_ = 0;
};

}  // namespace corrent::wire
