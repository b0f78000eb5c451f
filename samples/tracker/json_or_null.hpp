#pragma once
// What corrent's JSON (tracker_output.cpp) and torrust's (torrust_output.cpp) share.

#include <nlohmann/json.hpp>

#include <optional>

namespace corrent::tracker_cli {

/// The value as `Json` (nlohmann::json or nlohmann::ordered_json), or null when absent.
template <class Json, class T>
Json or_null(const std::optional<T>& value) {
  return value ? Json(*value) : Json(nullptr);
}

}  // namespace corrent::tracker_cli
