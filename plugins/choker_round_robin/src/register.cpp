// The only file of choker_round_robin that reads configuration (STYLE.md rule 9).
#include <memory>

#include "corrent/plugins/choker_round_robin.hpp"
#include "corrent/registry/registry.hpp"
#include "round_robin.hpp"

namespace corrent::plugins {
namespace {

class RoundRobinPlugin final : public policy::ChokerPlugin {
 public:
  explicit RoundRobinPlugin(std::uint32_t turn_rounds) : turn_rounds_(turn_rounds) {}
  std::unique_ptr<policy::ChokeStrategy> make_strategy(const policy::ChokerTorrent& torrent) override {
    return std::make_unique<choker_round_robin::RoundRobin>(torrent.upload_slots, turn_rounds_);
  }

 private:
  std::uint32_t turn_rounds_;
};

}  // namespace

void register_choker_round_robin(Registry& registry) {
  ConfigSchema schema;
  schema.integer("turn_rounds", choker_round_robin::kDefaultTurnRounds, 1, 100,
                 "rounds of 10 s a peer keeps its upload slot before the next peer's turn");
  const auto factory = [](PluginContext& context) -> Result<std::unique_ptr<policy::ChokerPlugin>> {
    CORRENT_TRY(const auto rounds, context.config.get_int("turn_rounds", choker_round_robin::kDefaultTurnRounds, 1, 100));
    return std::make_unique<RoundRobinPlugin>(static_cast<std::uint32_t>(rounds));
  };
  // A rejection (the name is taken) is kept in registry.rejected().
  (void)registry.add_choker("choker_round_robin", factory, std::move(schema));
}

}  // namespace corrent::plugins
