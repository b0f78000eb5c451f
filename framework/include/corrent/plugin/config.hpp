#pragma once
// The configuration file: one JSON object with one object per plugin, named after the
// plugin. Which sections are allowed, and what they may hold, is decided at start-up by
// the registered plugins' ConfigSchemas (build_plugins); until then a Config is only
// parsed text plus CLI overrides. The JSON library stays behind a pimpl.
//
//   { "storage_memory": { "max_bytes": 1048576 }, "dht": { "enabled": false } }

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "corrent/core/result.hpp"
#include "corrent/plugin/config_schema.hpp"
#include "corrent/plugin/config_section.hpp"
#include "corrent/plugin/plugin_error.hpp"

namespace corrent {

/// A parsed configuration file and the overrides set on top of it.
class Config {
 public:
  /// An empty configuration: every plugin enabled with its defaults.
  Config();
  ~Config();
  Config(const Config& other);
  Config& operator=(const Config& other);
  /// A moved-from Config may only be assigned to or destroyed.
  Config(Config&& other) noexcept;
  Config& operator=(Config&& other) noexcept;

  /// Parses JSON text. Syntax errors are plugin::errc::bad_json at the offending byte; a
  /// top level that is not an object is plugin::errc::not_an_object at byte 0.
  static ParseResult<Config> parse(std::string_view json);
  /// Reads and parses a file; the error names the file (and the byte, for bad JSON).
  static PluginResult<Config> load(const std::filesystem::path& path);

  /// Sets `key` of `section` from text, as a command-line flag would: it wins over the
  /// file and is converted to the key's declared type when the section is checked
  /// ("true"/"false", decimal numbers, comma-separated lists).
  void set(std::string section, std::string key, std::string value);

  /// Every section named by the file or by set(), sorted.
  [[nodiscard]] std::vector<std::string> section_names() const;

  /// The section `name` checked against `schema`, defaults filled in and overrides
  /// applied. A missing section is an empty one. Errors name the section and key.
  [[nodiscard]] PluginResult<ConfigSection> section(std::string_view name,
                                                    const ConfigSchema& schema) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace corrent
