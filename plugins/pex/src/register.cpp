// The only file of pex that reads configuration (STYLE.md rule 9).
#include <chrono>
#include <memory>

#include "corrent/registry/registry.hpp"
#include "corrent/plugins/pex.hpp"
#include "pex_peer.hpp"

namespace corrent::plugins {
namespace {

constexpr std::int64_t kMaxIntervalMs = 3'600'000;

}  // namespace

void register_pex(Registry& registry) {
  ConfigSchema schema;
  schema.integer("interval_ms", pex::kPexInterval.count(), pex::kPexInterval.count(), kMaxIntervalMs,
                 "least time between two ut_pex messages to one peer (BEP 11: once a minute at most)");
  const auto factory = [](PluginContext& context) -> Result<std::unique_ptr<Extension>> {
    CORRENT_TRY(const auto interval, context.config.get_int("interval_ms", pex::kPexInterval.count(),
                                                            pex::kPexInterval.count(), kMaxIntervalMs));
    pex::PexSettings settings;
    settings.interval = std::chrono::milliseconds(interval);
    return std::make_unique<pex::UtPex>(settings);
  };
  // The registered name is the extension's name (build_plugins checks they are equal).
  (void)registry.add_extension(std::string(pex::kExtensionName), factory, std::move(schema));
}

}  // namespace corrent::plugins
