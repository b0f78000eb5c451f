#include "corrent/plugin/config.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <system_error>
#include <utility>

#include "config_impl.hpp"
#include "corrent/plugin/error.hpp"

namespace corrent {
namespace {

using nlohmann::json;

// nlohmann-json reports where a syntax error is only through its exception or a SAX
// handler. This handler accepts every event and remembers the error's position, so the
// parse needs no exception (STYLE.md rule 3).
class ErrorOffset final : public nlohmann::json_sax<json> {
 public:
  std::size_t offset = 0;

  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception&) override {
    // `position` counts the characters read, the offending one included.
    offset = position > 0 ? position - 1 : 0;
    return false;
  }
};

std::string where_section(std::string_view section) {
  return "config [" + std::string(section) + "]";
}

std::string where_key(std::string_view section, std::string_view key) {
  return where_section(section) + "." + std::string(key);
}

// "enabled" is implicit in every section: a boolean, default true.
const ConfigKey& enabled_key() {
  static const ConfigKey key{"enabled", true, "build this plugin"};
  return key;
}

const ConfigKey* find_key(const ConfigSchema& schema, std::string_view name) {
  return name == "enabled" ? &enabled_key() : schema.find(name);
}

}  // namespace

Config::Config() : impl_(std::make_unique<Impl>()) {}
Config::~Config() = default;
Config::Config(const Config& other) : impl_(std::make_unique<Impl>(*other.impl_)) {}
Config& Config::operator=(const Config& other) {
  if (this != &other) impl_ = std::make_unique<Impl>(*other.impl_);
  return *this;
}
Config::Config(Config&& other) noexcept = default;
Config& Config::operator=(Config&& other) noexcept = default;

ParseResult<Config> Config::parse(std::string_view text) {
  ErrorOffset errors;
  if (!json::sax_parse(text, &errors)) return parse_fail(plugin::errc::bad_json, errors.offset);
  json root = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) return parse_fail(plugin::errc::bad_json, 0);  // not after sax_parse
  if (!root.is_object()) return parse_fail(plugin::errc::not_an_object, 0);
  Config config;
  config.impl_->root = std::move(root);
  return config;
}

PluginResult<Config> Config::load(const std::filesystem::path& path) {
  const std::string where = "config file " + path.string();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return plugin_fail(plugin::errc::file_not_found, where);
  }
  std::ifstream in(path, std::ios::binary);
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (!in && !in.eof()) return plugin_fail(std::make_error_code(std::errc::io_error), where);
  return parse(text).map_error([&](const ParseError& e) {
    return PluginError{e.code, where, "at byte " + std::to_string(e.offset)};
  });
}

void Config::set(std::string section, std::string key, std::string value) {
  impl_->overrides[std::move(section)][std::move(key)] = std::move(value);
}

std::vector<std::string> Config::section_names() const {
  std::vector<std::string> names;
  for (const auto& [name, value] : impl_->root.items()) names.push_back(name);
  for (const auto& [name, keys] : impl_->overrides) names.push_back(name);
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

PluginResult<ConfigSection> Config::section(std::string_view name,
                                            const ConfigSchema& schema) const {
  ConfigSection::Values values;
  values.emplace(enabled_key().name, enabled_key().fallback);
  for (const auto& key : schema.keys()) values.emplace(key.name, key.fallback);

  // Checks one key and stores its typed value; `convert` reads the file or the CLI form.
  const auto apply = [&](std::string_view key, auto&& convert) -> PluginResult<void> {
    const ConfigKey* declared = find_key(schema, key);
    if (declared == nullptr) return plugin_fail(plugin::errc::unknown_key, where_key(name, key));
    auto value = convert(*declared);
    if (!value) return plugin_fail(value.error().code, where_key(name, key), value.error().detail);
    values.insert_or_assign(std::string(key), std::move(*value));
    return {};
  };

  if (const auto it = impl_->root.find(name); it != impl_->root.end()) {
    if (!it->is_object()) {
      return plugin_fail(plugin::errc::not_an_object, where_section(name),
                         std::string("got ") + it->type_name());
    }
    // No structured bindings here: clang 14 cannot capture them in the lambda.
    for (const auto& item : it->items()) {
      const json& value = item.value();
      auto ok = apply(item.key(),
                      [&](const ConfigKey& k) { return config_detail::from_json(value, k); });
      if (!ok) return tl::make_unexpected(std::move(ok).error());
    }
  }
  if (const auto it = impl_->overrides.find(name); it != impl_->overrides.end()) {
    for (const auto& entry : it->second) {
      const std::string& text = entry.second;
      auto ok = apply(entry.first,
                      [&](const ConfigKey& k) { return config_detail::from_text(text, k); });
      if (!ok) return tl::make_unexpected(std::move(ok).error());
    }
  }
  return ConfigSection(std::string(name), std::move(values));
}

}  // namespace corrent
