#pragma once
// The values a plugin's configuration can hold, independent of the file format.

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace corrent {

/// The type of a configuration value. The enumerators follow ConfigValue's alternatives.
enum class ConfigType { boolean, integer, number, string, string_list };

/// A configuration value; its index() is its ConfigType.
using ConfigValue =
    std::variant<bool, std::int64_t, double, std::string, std::vector<std::string>>;

/// "boolean", "integer", "number", "string", "list of strings".
constexpr std::string_view to_string(ConfigType type) {
  switch (type) {
    case ConfigType::boolean: return "boolean";
    case ConfigType::integer: return "integer";
    case ConfigType::number: return "number";
    case ConfigType::string: return "string";
    case ConfigType::string_list: return "list of strings";
  }
  return "?";
}

/// The ConfigType of a value.
inline ConfigType type_of(const ConfigValue& value) {
  return static_cast<ConfigType>(value.index());
}

}  // namespace corrent
