#pragma once
// Start-up errors that must name what they are about. A std::error_code says *what* went
// wrong; a person fixing a configuration file or a plugin path also needs *where* (the
// section and key, the library path) and the detail (dlerror's text, the allowed range).
// PluginError carries both, as ParseError adds an offset to a code.

#include <string>
#include <system_error>
#include <utility>

#include <tl/expected.hpp>

namespace corrent {

/// An error code with the place it concerns and free-form detail, for people.
struct PluginError {
  std::error_code code;
  std::string where;   ///< "config [storage_memory].max_bytes", "plugin library /x/y.so"
  std::string detail;  ///< "must be in [0, 1073741824]", the dlerror text; may be empty

  /// "where: reason (detail)".
  [[nodiscard]] std::string message() const {
    std::string text = where.empty() ? code.message() : where + ": " + code.message();
    if (!detail.empty()) text += " (" + detail + ")";
    return text;
  }
};

/// The result of a start-up step: a T, or a PluginError.
template <class T>
using PluginResult = tl::expected<T, PluginError>;

/// Builds the error side of a PluginResult.
template <class E>
[[nodiscard]] auto plugin_fail(E e, std::string where, std::string detail = {}) {
  return tl::make_unexpected(PluginError{std::error_code(e), std::move(where), std::move(detail)});
}

}  // namespace corrent
