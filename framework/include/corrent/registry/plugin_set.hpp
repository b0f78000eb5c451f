#pragma once
// The plugins of one session, built from a Registry and a Config at start-up. Kinds are
// built in a fixed order (transports, trackers, storage, nat, discovery, extensions, services; in
// registration order within a kind) and stopped in reverse (userver, Seastar).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <asio/any_io_executor.hpp>

#include "corrent/core/task.hpp"
#include "corrent/plugin/config.hpp"
#include "corrent/plugin/plugin_error.hpp"
#include "corrent/registry/registry.hpp"
#include "corrent/wire/dispatcher.hpp"

namespace corrent {

/// Owns the built plugins. Must be destroyed before the Registry it was built from.
class PluginSet {
 public:
  PluginSet() = default;
  /// Destroys the plugins in reverse build order. stop() should have been awaited.
  ~PluginSet();
  PluginSet(PluginSet&&) noexcept = default;
  PluginSet& operator=(PluginSet&&) noexcept;
  PluginSet(const PluginSet&) = delete;
  PluginSet& operator=(const PluginSet&) = delete;

  /// The plugins of kind K, in build order.
  template <class K>
  [[nodiscard]] std::vector<K*> all() const {
    std::vector<K*> out;
    for (const auto& b : built_) {
      if (b.kind == PluginKindOf<K>::value) out.push_back(static_cast<K*>(b.plugin.get()));
    }
    return out;
  }

  /// The plugins of kind K with their names, in build order.
  template <class K>
  [[nodiscard]] std::vector<std::pair<std::string, K*>> named() const {
    std::vector<std::pair<std::string, K*>> out;
    for (const auto& b : built_) {
      if (b.kind == PluginKindOf<K>::value) out.emplace_back(b.name, static_cast<K*>(b.plugin.get()));
    }
    return out;
  }

  /// The plugin of kind K called `name`, or nullptr (absent, disabled or another kind).
  template <class K>
  [[nodiscard]] K* find(std::string_view name) const {
    for (const auto& b : built_) {
      if (b.kind == PluginKindOf<K>::value && b.name == name) {
        return static_cast<K*>(b.plugin.get());
      }
    }
    return nullptr;
  }

  /// The first built tracker protocol (in build order) whose schemes() contains `scheme`
  /// (compared case-insensitively), or nullptr. Fits tracker::ProtocolLookup.
  [[nodiscard]] tracker::TrackerProtocol* tracker_for_scheme(std::string_view scheme) const;
  /// Names of the built plugins, in build order.
  [[nodiscard]] std::vector<std::string> names() const;

  /// The local BEP 10 id of the extension called `name`: 1, 2, ... in registration order
  /// among the built extensions. nullopt if it was not built.
  [[nodiscard]] std::optional<std::uint8_t> extension_id(std::string_view name) const;

  /// Awaits every plugin's stop(), in reverse build order. Later calls do nothing.
  Task<void> stop();

 private:
  friend PluginResult<PluginSet> build_plugins(const Registry&, const Config&,
                                               asio::any_io_executor, net::DatagramService*);
  struct Built {
    std::string name;
    PluginKind kind;
    std::unique_ptr<Plugin> plugin;
  };
  void destroy_in_reverse() noexcept;

  std::vector<Built> built_;
  std::vector<std::string> extensions_;  // built extensions; local id = index + 1
  bool stopped_ = false;
};

/// Checks `config` against `registry` and builds every enabled plugin. Errors (each
/// naming its section, key or plugin): a rejected registration (Registry::rejected()), a
/// section for no registered plugin, any error of Config::section(), a factory's error, a
/// factory returning nullptr, an extension whose name() is not its registered name, more
/// than kMaxExtensions extensions. `datagrams` is what PluginContext::datagrams gives the
/// factories: the session's shared UDP sockets, or nullptr without a session.
PluginResult<PluginSet> build_plugins(const Registry& registry, const Config& config,
                                      asio::any_io_executor executor,
                                      net::DatagramService* datagrams = nullptr);

/// The built extensions of `plugins`, with their local ids (registration order): what each
/// peer's wire::Dispatcher attaches.
[[nodiscard]] std::vector<wire::ExtensionSlot> extension_slots(const PluginSet& plugins);

}  // namespace corrent
