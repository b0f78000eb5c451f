// picker_rarest_first: policy::default_next_piece with a configured random-first count.
// The whole plugin is this file: the order is the core's default, which other orders
// fall back to as well.
#include <memory>

#include "corrent/engine/limits.hpp"
#include "corrent/plugins/picker_rarest_first.hpp"
#include "corrent/registry/registry.hpp"

namespace corrent::plugins {
namespace {

class RarestFirst final : public policy::PieceOrder {
 public:
  explicit RarestFirst(std::uint32_t random_first) : random_first_(random_first) {}
  std::optional<PieceIndex> next_piece(policy::PieceCandidates& candidates, const Bitfield& peer_has) override {
    return policy::default_next_piece(candidates, peer_has, random_first_);
  }

 private:
  std::uint32_t random_first_;
};

class RarestFirstPlugin final : public policy::PickerPlugin {
 public:
  explicit RarestFirstPlugin(std::uint32_t random_first) : random_first_(random_first) {}
  std::unique_ptr<policy::PieceOrder> make_order(const policy::OrderTorrent&) override {
    return std::make_unique<RarestFirst>(random_first_);
  }

 private:
  std::uint32_t random_first_;
};

}  // namespace

void register_picker_rarest_first(Registry& registry) {
  ConfigSchema schema;
  schema.integer("random_first_pieces", engine::kRandomFirstPieces, 0, 1000,
                 "pieces picked at random before rarest first applies");
  const auto factory = [](PluginContext& context) -> Result<std::unique_ptr<policy::PickerPlugin>> {
    CORRENT_TRY(const auto n, context.config.get_int("random_first_pieces", engine::kRandomFirstPieces, 0, 1000));
    return std::make_unique<RarestFirstPlugin>(static_cast<std::uint32_t>(n));
  };
  // A rejection (the name is taken) is kept in registry.rejected().
  (void)registry.add_picker("picker_rarest_first", factory, std::move(schema));
}

}  // namespace corrent::plugins
