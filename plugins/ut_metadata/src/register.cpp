// Registration of ut_metadata (it reads no configuration of its own).
#include <memory>

#include "corrent/registry/registry.hpp"
#include "corrent/plugins/ut_metadata.hpp"
#include "ut_metadata.hpp"

namespace corrent::plugins {

void register_ut_metadata(Registry& registry) {
  const auto factory = [](PluginContext& context) -> Result<std::unique_ptr<Extension>> {
    return std::make_unique<ut_metadata::UtMetadata>(context.executor);
  };
  // A rejection (the name is taken) is kept in registry.rejected().
  (void)registry.add_extension(std::string(ut_metadata::kName), factory);
}

}  // namespace corrent::plugins
