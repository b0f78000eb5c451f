#include "corrent/plugins/standard.hpp"

#include "corrent/plugins/storage_memory.hpp"

namespace corrent::plugins {

void register_standard(Registry& registry) {
  register_storage_memory(registry);
}

}  // namespace corrent::plugins
