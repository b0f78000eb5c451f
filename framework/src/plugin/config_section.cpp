#include "corrent/plugin/config_section.hpp"

#include "corrent/plugin/error.hpp"

namespace corrent {

template <class T>
Result<T> ConfigSection::get(std::string_view key, T fallback) const {
  const auto it = values_.find(key);
  if (it == values_.end()) return fallback;
  const T* value = std::get_if<T>(&it->second);
  if (value == nullptr) return fail(plugin::errc::wrong_type);
  return *value;
}

bool ConfigSection::enabled() const {
  // "enabled" is always a boolean: Config::section() rejects anything else.
  return get<bool>("enabled", true).value_or(true);
}

Result<bool> ConfigSection::get_bool(std::string_view key, bool fallback) const {
  return get<bool>(key, fallback);
}

Result<std::int64_t> ConfigSection::get_int(std::string_view key, std::int64_t fallback,
                                            std::int64_t min, std::int64_t max) const {
  return get<std::int64_t>(key, fallback).and_then([&](std::int64_t v) -> Result<std::int64_t> {
    if (v < min || v > max) return fail(plugin::errc::out_of_range);
    return v;
  });
}

Result<double> ConfigSection::get_double(std::string_view key, double fallback) const {
  return get<double>(key, fallback);
}

Result<std::string> ConfigSection::get_string(std::string_view key,
                                              std::string_view fallback) const {
  return get<std::string>(key, std::string(fallback));
}

Result<std::vector<std::string>> ConfigSection::get_strings(
    std::string_view key, const std::vector<std::string>& fallback) const {
  return get<std::vector<std::string>>(key, fallback);
}

}  // namespace corrent
