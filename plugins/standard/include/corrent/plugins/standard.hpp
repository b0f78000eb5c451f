#pragma once
// The standard bundle of built-in plugins (the list is in plugins/standard/README.md). The
// DHT, extension and nat issues each add their plugin here.

#include <memory>

namespace corrent {
class Registry;
}

namespace corrent::plugins {

class MemorySeedData;

/// Registers every plugin of the standard bundle (see each plugin's README for its
/// configuration section). Failures are listed in registry.rejected().
void register_standard(Registry& registry);
/// The same, with storage_memory opening torrents with the payloads `memory_seeds` holds
/// (storage_memory.hpp: an application seeding bytes it has in memory).
void register_standard(Registry& registry, std::shared_ptr<MemorySeedData> memory_seeds);

}  // namespace corrent::plugins
