#pragma once
// The base of every plugin kind (Transport, StorageBackend, PortMapper, Discovery,
// Extension, Service): what the core needs from any plugin to own it and shut it down.

#include "corrent/core/task.hpp"

namespace corrent {

/// A plugin instance built by a Registry factory and owned by a PluginSet. The PluginSet
/// stops plugins in the reverse of their build order, awaiting each stop() in turn, then
/// destroys them in that same reverse order.
class Plugin {
 public:
  virtual ~Plugin() = default;

  /// Ends the plugin's work: cancel its coroutines and wait for them. Called once, on the
  /// session executor. The default has nothing to stop.
  virtual Task<void> stop() { co_return; }
};

}  // namespace corrent
