// The only file of ut_holepunch that reads configuration (STYLE.md rule 9): it has none.
#include <memory>
#include <string>

#include "corrent/plugins/ut_holepunch.hpp"
#include "corrent/registry/registry.hpp"
#include "holepunch_peer.hpp"

namespace corrent::plugins {

void register_ut_holepunch(Registry& registry) {
  const auto factory = [](PluginContext& context) -> Result<std::unique_ptr<Extension>> {
    return std::make_unique<holepunch::UtHolepunch>(context.executor);
  };
  // The registered name is the extension's name (build_plugins checks they are equal).
  (void)registry.add_extension(std::string(holepunch::kExtensionName), factory);
}

}  // namespace corrent::plugins
