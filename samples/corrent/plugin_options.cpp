#include "plugin_options.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>

#include "client_config.hpp"
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
  cmd.add_option("--config", options.config_file,
                 "configuration: a JSON object, a \"session\" section (the flags' names) and one per plugin "
                 "(default: $XDG_CONFIG_HOME/corrent/config.json, ~/.config/corrent/config.json)")
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

ArgResult<void> read_config(CLI::App& cmd, PluginOptions& options) {
  std::filesystem::path path = options.config_file;
  if (path.empty()) {
    auto fallback = default_config_path(std::getenv("XDG_CONFIG_HOME"), std::getenv("HOME"));
    std::error_code ec;
    if (!fallback || !std::filesystem::exists(*fallback, ec)) return {};
    path = *fallback;
  }
  auto config = read_client_config(path);
  if (!config) return tl::make_unexpected(config.error());
  options.config_where = "config file " + path.string();
  if (auto applied = apply_session_section(cmd, config->session, options.config_where); !applied) {
    return tl::make_unexpected(applied.error());
  }
  options.config_json = std::move(config->plugins);
  return {};
}

ArgResult<void> apply_plugin_options(const PluginOptions& options, Registry& registry, Config& config) {
  for (const auto& library : options.libraries) {
    // The user asked for this library: its plugins replace built-ins of the same name and
    // kind (the lt_donthave sample, loaded over the standard one), and we say so.
    auto loaded = registry.load_shared(library, Registry::OnClash::replace);
    if (!loaded) return tl::make_unexpected(loaded.error().message());
    for (const auto& name : *loaded) {
      std::fprintf(stderr, "corrent: plugin library %s replaces the built-in plugin %s\n", library.c_str(),
                   name.c_str());
    }
  }
  if (options.config_json) {
    auto parsed = Config::parse(*options.config_json);
    if (!parsed) return tl::make_unexpected(options.config_where + ": " + parsed.error().code.message());
    config = std::move(*parsed);
  } else if (!options.config_file.empty()) {
    auto loaded = Config::load(options.config_file);
    if (!loaded) return tl::make_unexpected(loaded.error().message());
    config = std::move(*loaded);
  }
  if (auto dht = apply_dht_options(options.dht, options.config_json, config); !dht) {
    return tl::make_unexpected(dht.error());
  }
  apply_lsd_options(options.lsd, config);
  apply_nat_options(options.nat, config);
  for (const auto& text : options.sets) {
    auto s = split_setting(text);  // checked by the parser already
    if (!s) return tl::make_unexpected("--set " + text + ": expected SECTION.KEY=VALUE");
    config.set(std::move(s->section), std::move(s->key), std::move(s->value));
  }
  return {};
}

}  // namespace corrent::cli
