#pragma once
// The standard bundle of built-in plugins (the list is in plugins/standard/README.md). The
// DHT, extension and nat issues each add their plugin here.

namespace corrent {
class Registry;
}

namespace corrent::plugins {

/// Registers every plugin of the standard bundle (see each plugin's README for its
/// configuration section). Failures are listed in registry.rejected().
void register_standard(Registry& registry);

}  // namespace corrent::plugins
