// The only file of choker_tit_for_tat that reads configuration (STYLE.md rule 9).
#include <memory>

#include "corrent/plugins/choker_tit_for_tat.hpp"
#include "corrent/registry/registry.hpp"
#include "tit_for_tat.hpp"

namespace corrent::plugins {
namespace {

class TitForTatPlugin final : public policy::ChokerPlugin {
 public:
  explicit TitForTatPlugin(std::uint32_t optimistic_rounds) : optimistic_rounds_(optimistic_rounds) {}
  std::unique_ptr<policy::ChokeStrategy> make_strategy(const policy::ChokerTorrent& torrent) override {
    return std::make_unique<choker_tit_for_tat::Choker>(
        choker_tit_for_tat::ChokerSettings{torrent.upload_slots, optimistic_rounds_}, torrent.seed);
  }

 private:
  std::uint32_t optimistic_rounds_;
};

}  // namespace

void register_choker_tit_for_tat(Registry& registry) {
  ConfigSchema schema;
  schema.integer("optimistic_rounds", choker_tit_for_tat::kOptimisticRounds, 1, 100,
                 "rounds of 10 s an optimistic unchoke lasts (BEP 3: 30 s)");
  const auto factory = [](PluginContext& context) -> Result<std::unique_ptr<policy::ChokerPlugin>> {
    CORRENT_TRY(const auto rounds, context.config.get_int("optimistic_rounds", choker_tit_for_tat::kOptimisticRounds, 1, 100));
    return std::make_unique<TitForTatPlugin>(static_cast<std::uint32_t>(rounds));
  };
  // A rejection (the name is taken) is kept in registry.rejected().
  (void)registry.add_choker("choker_tit_for_tat", factory, std::move(schema));
}

}  // namespace corrent::plugins
