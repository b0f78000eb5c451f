// The only file of lt_donthave that reads configuration (STYLE.md rule 9): it has none.
#include <memory>
#include <string>

#include "corrent/plugins/lt_donthave.hpp"
#include "corrent/registry/registry.hpp"
#include "donthave_peer.hpp"

namespace corrent::plugins {

void register_lt_donthave(Registry& registry) {
  const auto factory = [](PluginContext& context) -> Result<std::unique_ptr<Extension>> {
    return std::make_unique<donthave::LtDontHave>(context.executor);
  };
  // The registered name is the extension's name (build_plugins checks they are equal).
  (void)registry.add_extension(std::string(donthave::kExtensionName), factory);
}

}  // namespace corrent::plugins
