#pragma once
// What a plugin declares about its configuration section when it registers: every key,
// its type, default and a short description. At start-up the section is checked against
// it (unknown keys, wrong types and out-of-range integers are errors), and the defaults
// fill in what the file leaves out. The key "enabled" is implicit in every section.

#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "corrent/plugin/config_value.hpp"

namespace corrent {

/// One declared key.
struct ConfigKey {
  std::string name;
  ConfigValue fallback;  ///< the default; its alternative is the key's type
  std::string description;
  std::int64_t min = std::numeric_limits<std::int64_t>::min();  ///< integers only
  std::int64_t max = std::numeric_limits<std::int64_t>::max();  ///< integers only

  [[nodiscard]] ConfigType type() const { return type_of(fallback); }
};

/// The keys of one plugin's section, built fluently:
///   ConfigSchema{}.integer("max_bytes", 1 << 30, 0, kMax, "upper bound on stored bytes")
class ConfigSchema {
 public:
  ConfigSchema& boolean(std::string name, bool fallback, std::string description);
  ConfigSchema& integer(std::string name, std::int64_t fallback, std::int64_t min,
                        std::int64_t max, std::string description);
  ConfigSchema& number(std::string name, double fallback, std::string description);
  ConfigSchema& string(std::string name, std::string fallback, std::string description);
  ConfigSchema& strings(std::string name, std::vector<std::string> fallback,
                        std::string description);

  /// The key called `name`, or nullptr.
  [[nodiscard]] const ConfigKey* find(std::string_view name) const;
  /// Every key, in declaration order (for --help output and documentation).
  [[nodiscard]] std::span<const ConfigKey> keys() const { return keys_; }

 private:
  ConfigSchema& add(ConfigKey key);
  std::vector<ConfigKey> keys_;
};

}  // namespace corrent
