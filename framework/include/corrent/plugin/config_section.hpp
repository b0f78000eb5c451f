#pragma once
// A plugin's own configuration section, and nothing else (userver's rule): the values of
// its file section, checked against its ConfigSchema, with defaults filled in and CLI
// overrides applied. It hides the file format, so plugins never include a JSON library.

#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "corrent/core/result.hpp"
#include "corrent/plugin/config_value.hpp"

namespace corrent {

/// Typed read access to one plugin's section. Getters return `fallback` for an absent
/// key, plugin::errc::wrong_type if the key holds another type, and (get_int)
/// plugin::errc::out_of_range outside [min, max].
class ConfigSection {
 public:
  using Values = std::map<std::string, ConfigValue, std::less<>>;

  /// An empty section: every getter returns its fallback, enabled() is true.
  ConfigSection() = default;
  ConfigSection(std::string name, Values values)
      : name_(std::move(name)), values_(std::move(values)) {}

  /// The plugin's (and section's) name.
  [[nodiscard]] const std::string& name() const { return name_; }
  /// The implicit "enabled" key (default true): false means the plugin is not built.
  [[nodiscard]] bool enabled() const;

  [[nodiscard]] Result<bool> get_bool(std::string_view key, bool fallback) const;
  [[nodiscard]] Result<std::int64_t> get_int(
      std::string_view key, std::int64_t fallback,
      std::int64_t min = std::numeric_limits<std::int64_t>::min(),
      std::int64_t max = std::numeric_limits<std::int64_t>::max()) const;
  [[nodiscard]] Result<double> get_double(std::string_view key, double fallback) const;
  [[nodiscard]] Result<std::string> get_string(std::string_view key,
                                               std::string_view fallback) const;
  [[nodiscard]] Result<std::vector<std::string>> get_strings(
      std::string_view key, const std::vector<std::string>& fallback = {}) const;

  /// Every value, defaults included (for diagnostics).
  [[nodiscard]] const Values& values() const { return values_; }

 private:
  template <class T>
  Result<T> get(std::string_view key, T fallback) const;

  std::string name_;
  Values values_;
};

}  // namespace corrent
