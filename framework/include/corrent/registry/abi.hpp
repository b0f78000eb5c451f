#pragma once
// The binary interface of a shared-library plugin: one extern "C" entry point returning a
// corrent_plugin_v1. The plugin and the host must be built by the same compiler against
// the same corrent version (C++ types cross this boundary), and the plugin links
// corrent::framework as a shared library, so Asio's state exists once.
//
// In the plugin:
//   void register_my_plugin(corrent::Registry& reg) { reg.add_extension("ut_mine", ...); }
//   CORRENT_PLUGIN("my_plugin", register_my_plugin)
// In the host:
//   registry.load_shared("libmy_plugin.so");

#include <cstdint>

#include "corrent/core/version.hpp"

namespace corrent {

class Registry;

/// The layout version of corrent_plugin_v1 and of what register_fn may rely on. Bumped on
/// any incompatible change; Registry::load_shared refuses other values.
/// 2: the picker and choker kinds (the Registry's factory variant grew).
inline constexpr std::uint32_t kPluginAbi = 2;

}  // namespace corrent

/// What corrent_plugin_entry returns. `abi` comes first and never moves, so a host can
/// read it from any future version before trusting the rest.
struct corrent_plugin_v1 {
  std::uint32_t abi;            ///< kPluginAbi of the plugin's headers
  const char* name;             ///< the library's name, for messages
  const char* corrent_version;  ///< kVersion of the plugin's headers
  void (*register_fn)(corrent::Registry&);  ///< registers the library's plugins
};

/// The type of corrent_plugin_entry.
using corrent_plugin_entry_fn = const corrent_plugin_v1* (*)();

/// The one symbol Registry::load_shared looks up.
inline constexpr const char* kCorrentPluginEntrySymbol = "corrent_plugin_entry";

/// Defines the entry point of a shared-library plugin: `plugin_name` is a string literal,
/// `register_function` a `void(corrent::Registry&)`. Use it once, in one .cpp of the
/// library.
#define CORRENT_PLUGIN(plugin_name, register_function)                                   \
  extern "C" __attribute__((visibility("default"))) const corrent_plugin_v1*             \
  corrent_plugin_entry() {                                                               \
    static const corrent_plugin_v1 entry{::corrent::kPluginAbi, plugin_name,             \
                                         ::corrent::kVersion, &(register_function)};     \
    return &entry;                                                                       \
  }
