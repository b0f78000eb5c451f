#pragma once
// Private to the framework: what a Config holds, and the conversions from the file's JSON
// values and the CLI's text to typed ConfigValues. The only place nlohmann-json appears.

#include <functional>
#include <map>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>
#include <tl/expected.hpp>

#include "corrent/plugin/config.hpp"
#include "corrent/plugin/config_schema.hpp"
#include "corrent/plugin/error.hpp"

namespace corrent {

struct Config::Impl {
  nlohmann::json root = nlohmann::json::object();  // always an object
  // section -> key -> text given through set(); wins over root.
  std::map<std::string, std::map<std::string, std::string>, std::less<>> overrides;
};

namespace config_detail {

/// Why a value does not fit its key, with detail for people ("expected integer, got
/// string", "must be in [0, 10], got 11").
struct ConvertError {
  plugin::errc code;
  std::string detail;
};

template <class T>
using Converted = tl::expected<T, ConvertError>;

/// A JSON value as the type `key` declares; strict (no string-to-number coercion).
Converted<ConfigValue> from_json(const nlohmann::json& value, const ConfigKey& key);
/// Text from the command line as the type `key` declares.
Converted<ConfigValue> from_text(std::string_view text, const ConfigKey& key);

}  // namespace config_detail
}  // namespace corrent
