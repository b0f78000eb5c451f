#pragma once
// What a plugin factory may touch while it builds its plugin: the executor and the
// plugin's configuration section, nothing of the session yet.

#include <asio/any_io_executor.hpp>

#include "corrent/plugin/config_section.hpp"

namespace corrent {

/// Passed to a Factory. Valid only during the factory call: a plugin copies what it needs
/// (its settings struct, the executor), it never keeps the context or the section.
struct PluginContext {
  /// The session's single network executor; every coroutine of the plugin runs on it.
  asio::any_io_executor executor;
  /// The plugin's own configuration section, checked against its ConfigSchema.
  const ConfigSection& config;
};

}  // namespace corrent
