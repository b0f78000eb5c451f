#pragma once
// The error values of the plugin module (category "corrent.plugin"): registration,
// configuration and shared-library loading.

#include <string_view>

#include "corrent/core/error.hpp"

namespace corrent::plugin {

/// Why registering, configuring, loading or building a plugin failed.
enum class errc {
  ok = 0,
  bad_name,             ///< a plugin name is empty
  duplicate_name,       ///< a plugin of that name is already registered
  no_factory,           ///< registered without a factory, or the factory returned nullptr
  name_mismatch,        ///< an extension's name() differs from its registered name
  too_many_extensions,  ///< more BEP 10 extensions than local ids (kMaxExtensions)
  registration_failed,  ///< a register function's registrations were rejected
  bad_json,             ///< the configuration is not valid JSON
  not_an_object,        ///< the configuration, or a section of it, is not a JSON object
  unknown_section,      ///< a configuration section names no registered plugin
  unknown_key,          ///< a key the plugin's ConfigSchema does not declare
  wrong_type,           ///< a value of the wrong type for its key
  out_of_range,         ///< an integer outside its key's declared range
  file_not_found,       ///< the configuration file or plugin library does not exist
  load_failed,          ///< dlopen refused the library
  not_a_plugin,         ///< the library exports no corrent_plugin_entry
  abi_mismatch,         ///< the plugin was built for another kPluginAbi
  version_mismatch,     ///< the plugin was built against another corrent version
  bad_entry,            ///< the plugin's entry point returned null or incomplete data
};

/// A short text for each errc value.
std::string_view describe(errc e) noexcept;
constexpr const char* category_name(errc) noexcept { return "corrent.plugin"; }
CORRENT_ERROR_ENUM(errc)

}  // namespace corrent::plugin

CORRENT_ERROR_ENUM_TRAIT(corrent::plugin::errc);
