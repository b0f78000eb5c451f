#include "corrent/plugin/config_schema.hpp"

#include <algorithm>
#include <utility>

namespace corrent {

ConfigSchema& ConfigSchema::add(ConfigKey key) {
  keys_.push_back(std::move(key));
  return *this;
}

ConfigSchema& ConfigSchema::boolean(std::string name, bool fallback, std::string description) {
  return add({std::move(name), fallback, std::move(description)});
}

ConfigSchema& ConfigSchema::integer(std::string name, std::int64_t fallback, std::int64_t min,
                                    std::int64_t max, std::string description) {
  return add({std::move(name), fallback, std::move(description), min, max});
}

ConfigSchema& ConfigSchema::number(std::string name, double fallback, std::string description) {
  return add({std::move(name), fallback, std::move(description)});
}

ConfigSchema& ConfigSchema::string(std::string name, std::string fallback,
                                   std::string description) {
  return add({std::move(name), std::move(fallback), std::move(description)});
}

ConfigSchema& ConfigSchema::strings(std::string name, std::vector<std::string> fallback,
                                    std::string description) {
  return add({std::move(name), std::move(fallback), std::move(description)});
}

const ConfigKey* ConfigSchema::find(std::string_view name) const {
  const auto it = std::find_if(keys_.begin(), keys_.end(),
                               [name](const ConfigKey& k) { return k.name == name; });
  return it == keys_.end() ? nullptr : &*it;
}

}  // namespace corrent
