// Conversions of configuration values to the types plugins declare. The file's JSON is
// taken strictly ("1" is not an integer), while command-line text is converted, since on a
// command line everything is text.
#include <charconv>
#include <cmath>
#include <limits>
#include <string>

#include "config_impl.hpp"

namespace corrent::config_detail {
namespace {

tl::unexpected<ConvertError> wrong_type(const ConfigKey& key, std::string_view got) {
  return tl::make_unexpected(ConvertError{
      plugin::errc::wrong_type,
      "expected " + std::string(to_string(key.type())) + ", got " + std::string(got)});
}

Converted<ConfigValue> in_range(std::int64_t value, const ConfigKey& key) {
  if (value < key.min || value > key.max) {
    return tl::make_unexpected(ConvertError{
        plugin::errc::out_of_range, "must be in [" + std::to_string(key.min) + ", " +
                                        std::to_string(key.max) + "], got " +
                                        std::to_string(value)});
  }
  return ConfigValue{value};
}

Converted<ConfigValue> integer_from_json(const nlohmann::json& value, const ConfigKey& key) {
  if (!value.is_number_integer()) return wrong_type(key, value.type_name());
  if (value.is_number_unsigned() &&
      value.get<std::uint64_t>() > std::uint64_t{std::numeric_limits<std::int64_t>::max()}) {
    return tl::make_unexpected(
        ConvertError{plugin::errc::out_of_range, "above the 64-bit integer range"});
  }
  return in_range(value.get<std::int64_t>(), key);
}

Converted<ConfigValue> strings_from_json(const nlohmann::json& value, const ConfigKey& key) {
  if (!value.is_array()) return wrong_type(key, value.type_name());
  std::vector<std::string> out;
  out.reserve(value.size());
  for (const auto& item : value) {
    if (!item.is_string()) return wrong_type(key, std::string("a list holding ") + item.type_name());
    out.push_back(item.get<std::string>());
  }
  return ConfigValue{std::move(out)};
}

std::vector<std::string> split_commas(std::string_view text) {
  std::vector<std::string> out;
  if (text.empty()) return out;
  for (std::size_t start = 0;;) {
    const auto comma = text.find(',', start);
    out.emplace_back(text.substr(start, comma - start));
    if (comma == std::string_view::npos) return out;
    start = comma + 1;
  }
}

}  // namespace

Converted<ConfigValue> from_json(const nlohmann::json& value, const ConfigKey& key) {
  switch (key.type()) {
    case ConfigType::boolean:
      if (!value.is_boolean()) return wrong_type(key, value.type_name());
      return ConfigValue{value.get<bool>()};
    case ConfigType::integer:
      return integer_from_json(value, key);
    case ConfigType::number:
      if (!value.is_number()) return wrong_type(key, value.type_name());
      return ConfigValue{value.get<double>()};
    case ConfigType::string:
      if (!value.is_string()) return wrong_type(key, value.type_name());
      return ConfigValue{value.get<std::string>()};
    case ConfigType::string_list:
      return strings_from_json(value, key);
  }
  return wrong_type(key, "?");
}

Converted<ConfigValue> from_text(std::string_view text, const ConfigKey& key) {
  const char* end = text.data() + text.size();
  switch (key.type()) {
    case ConfigType::boolean:
      if (text == "true" || text == "1") return ConfigValue{true};
      if (text == "false" || text == "0") return ConfigValue{false};
      return wrong_type(key, "\"" + std::string(text) + "\"");
    case ConfigType::integer: {
      std::int64_t v = 0;
      const auto [ptr, ec] = std::from_chars(text.data(), end, v);
      if (ec == std::errc::result_out_of_range) {
        return tl::make_unexpected(
            ConvertError{plugin::errc::out_of_range, "above the 64-bit integer range"});
      }
      if (text.empty() || ec != std::errc{} || ptr != end) {
        return wrong_type(key, "\"" + std::string(text) + "\"");
      }
      return in_range(v, key);
    }
    case ConfigType::number: {
      double v = 0;
      const auto [ptr, ec] = std::from_chars(text.data(), end, v);
      if (text.empty() || ec != std::errc{} || ptr != end || !std::isfinite(v)) {
        return wrong_type(key, "\"" + std::string(text) + "\"");
      }
      return ConfigValue{v};
    }
    case ConfigType::string:
      return ConfigValue{std::string(text)};
    case ConfigType::string_list:
      return ConfigValue{split_commas(text)};
  }
  return wrong_type(key, "?");
}

}  // namespace corrent::config_detail
