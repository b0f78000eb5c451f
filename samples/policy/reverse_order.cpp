// picker_reverse_order: the pieces from the last to the first. Not a strategy anyone should
// seed a swarm with; a policy plugin small enough to read in one go, whose effect a test
// can see from outside (docs/plugins.md quotes this file).
#include <cstdint>
#include <memory>
#include <optional>

#include "corrent/policy/piece_order.hpp"
#include "corrent/registry/abi.hpp"
#include "corrent/registry/registry.hpp"

namespace reverse_order {

using corrent::Bitfield;
using corrent::PieceIndex;
namespace policy = corrent::policy;

// One per torrent. `from_end` pieces are taken from the end before the default order
// (rarest first) takes over: all of them unless configured.
class ReverseOrder final : public policy::PieceOrder {
 public:
  explicit ReverseOrder(std::uint32_t from_end) : from_end_(from_end) {}

  std::optional<PieceIndex> next_piece(policy::PieceCandidates& pieces, const Bitfield& peer_has) override {
    const std::uint32_t n = pieces.piece_count();
    const std::uint32_t stop = from_end_ < n ? n - from_end_ : 0;
    for (std::uint32_t p = n; p-- > stop;) {
      if (pieces.is_fresh(PieceIndex{p}) && peer_has.test(PieceIndex{p})) return PieceIndex{p};
    }
    return policy::default_next_piece(pieces, peer_has, 4);
  }

 private:
  std::uint32_t from_end_;
};

// The plugin: one per session, an order per torrent.
class ReverseOrderPlugin final : public policy::PickerPlugin {
 public:
  explicit ReverseOrderPlugin(std::uint32_t from_end) : from_end_(from_end) {}
  std::unique_ptr<policy::PieceOrder> make_order(const policy::OrderTorrent&) override {
    return std::make_unique<ReverseOrder>(from_end_);
  }

 private:
  std::uint32_t from_end_;
};

void register_plugin(corrent::Registry& registry) {
  constexpr std::int64_t kAll = 0xffffffff;
  corrent::ConfigSchema schema;
  schema.integer("from_end", kAll, 0, kAll, "pieces taken from the end first (default: all)");
  const auto factory = [](corrent::PluginContext& context) -> corrent::Result<std::unique_ptr<policy::PickerPlugin>> {
    CORRENT_TRY(const auto from_end, context.config.get_int("from_end", kAll, 0, kAll));
    return std::make_unique<ReverseOrderPlugin>(static_cast<std::uint32_t>(from_end));
  };
  (void)registry.add_picker("picker_reverse_order", factory, std::move(schema));
}

}  // namespace reverse_order

CORRENT_PLUGIN("picker_reverse_order", reverse_order::register_plugin)
