#include "plugin_options.hpp"

#include <optional>
#include <string_view>

namespace corrent::cli {
namespace {

struct Setting {
  std::string section, key, value;
};

/// "SECTION.KEY=VALUE" split at the first '.' and the first '=' after it; both names
/// non-empty (the value may be empty: an empty list).
std::optional<Setting> split_setting(std::string_view text) {
  const auto dot = text.find('.');
  const auto equals = text.find('=');
  if (dot == std::string_view::npos || equals == std::string_view::npos || equals < dot) return std::nullopt;
  Setting s{std::string(text.substr(0, dot)), std::string(text.substr(dot + 1, equals - dot - 1)),
            std::string(text.substr(equals + 1))};
  if (s.section.empty() || s.key.empty()) return std::nullopt;
  return s;
}

}  // namespace

void add_plugin_options(CLI::App& cmd, PluginOptions& options) {
  cmd.add_option("--plugin", options.libraries, "load this shared-library plugin (docs/plugins.md); repeatable")
      ->type_name("LIBRARY");
  cmd.add_option("--config", options.config_file, "plugin configuration: a JSON object, one section per plugin")
      ->type_name("FILE");
  const CLI::Validator setting(
      [](std::string& text) -> std::string {
        return split_setting(text) ? std::string{} : "expected SECTION.KEY=VALUE, got \"" + text + "\"";
      },
      "");
  cmd.add_option("--set", options.sets, "set one plugin configuration key, over --config; repeatable")
      ->type_name("SECTION.KEY=VALUE")
      ->check(setting);
}

ArgResult<void> apply_plugin_options(const PluginOptions& options, Registry& registry, Config& config) {
  for (const auto& library : options.libraries) {
    if (auto loaded = registry.load_shared(library); !loaded) return tl::make_unexpected(loaded.error().message());
  }
  if (!options.config_file.empty()) {
    auto loaded = Config::load(options.config_file);
    if (!loaded) return tl::make_unexpected(loaded.error().message());
    config = std::move(*loaded);
  }
  for (const auto& text : options.sets) {
    auto s = split_setting(text);  // checked by the parser already
    if (!s) return tl::make_unexpected("--set " + text + ": expected SECTION.KEY=VALUE");
    config.set(std::move(s->section), std::move(s->key), std::move(s->value));
  }
  return {};
}

}  // namespace corrent::cli
