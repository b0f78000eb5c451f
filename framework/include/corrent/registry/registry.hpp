#pragma once
// The registry of plugin factories, filled explicitly at start-up (never by static
// initialisers, which break with static libraries):
//
//   corrent::Registry reg;
//   corrent::plugins::register_standard(reg);     // or each register_xxx(reg)
//   if (auto r = reg.load_shared("libmy_extension.so"); !r) report(r.error().message());
//   auto plugins = corrent::build_plugins(reg, config, io.get_executor());
//
// Names are unique across every kind: a name is also the plugin's configuration section.

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "corrent/core/result.hpp"
#include "corrent/net/transport.hpp"
#include "corrent/plugin/config_schema.hpp"
#include "corrent/discovery/discovery.hpp"
#include "corrent/wire/extension.hpp"
#include "corrent/registry/plugin_context.hpp"
#include "corrent/plugin/plugin_error.hpp"
#include "corrent/plugin/plugin_kind.hpp"
#include "corrent/net/port_mapper.hpp"
#include "corrent/policy/choke_strategy.hpp"
#include "corrent/policy/piece_order.hpp"
#include "corrent/registry/service.hpp"
#include "corrent/storage/storage.hpp"
#include "corrent/tracker/tracker_protocol.hpp"

namespace corrent {

/// Builds one plugin of kind K from its context; errors are values, never exceptions.
template <class K>
using Factory = std::function<Result<std::unique_ptr<K>>(PluginContext&)>;

/// The interface class of each PluginKind: PluginKindOf<Extension>::value == extension.
template <class K>
struct PluginKindOf;
template <> struct PluginKindOf<net::Transport> { static constexpr auto value = PluginKind::transport; };
template <> struct PluginKindOf<tracker::TrackerProtocol> { static constexpr auto value = PluginKind::tracker; };
template <> struct PluginKindOf<storage::StorageBackend> { static constexpr auto value = PluginKind::storage; };
template <> struct PluginKindOf<PortMapper> { static constexpr auto value = PluginKind::nat; };
template <> struct PluginKindOf<Discovery> { static constexpr auto value = PluginKind::discovery; };
template <> struct PluginKindOf<Extension> { static constexpr auto value = PluginKind::extension; };
template <> struct PluginKindOf<policy::PickerPlugin> { static constexpr auto value = PluginKind::picker; };
template <> struct PluginKindOf<policy::ChokerPlugin> { static constexpr auto value = PluginKind::choker; };
template <> struct PluginKindOf<Service> { static constexpr auto value = PluginKind::service; };

/// Every registered plugin: name, kind, configuration schema and factory.
class Registry {
 public:
  /// A factory of any kind; index() is the PluginKind.
  using AnyFactory =
      std::variant<Factory<net::Transport>, Factory<tracker::TrackerProtocol>,
                   Factory<storage::StorageBackend>, Factory<PortMapper>, Factory<Discovery>,
                   Factory<Extension>, Factory<policy::PickerPlugin>, Factory<policy::ChokerPlugin>,
                   Factory<Service>>;

  struct Entry {
    std::string name;
    ConfigSchema schema;
    AnyFactory factory;
    [[nodiscard]] PluginKind kind() const { return static_cast<PluginKind>(factory.index()); }
  };

  Registry();
  /// Destroys the factories, then closes the libraries load_shared opened. Every
  /// PluginSet built from this registry must be destroyed first: their code may live in
  /// those libraries.
  ~Registry();
  Registry(Registry&&) noexcept;
  Registry& operator=(Registry&&) noexcept;
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  /// Register a plugin. Errors: plugin::errc::bad_name (empty), duplicate_name,
  /// no_factory (empty std::function). A rejected name is also listed in rejected().
  Result<void> add_transport(std::string name, Factory<net::Transport> f, ConfigSchema schema = {});
  /// A tracker protocol (tracker/tracker_protocol.hpp), found per URL scheme with
  /// PluginSet::tracker_for_scheme.
  Result<void> add_tracker(std::string name, Factory<tracker::TrackerProtocol> f,
                           ConfigSchema schema = {});
  Result<void> add_storage(std::string name, Factory<storage::StorageBackend> f,
                           ConfigSchema schema = {});
  Result<void> add_port_mapper(std::string name, Factory<PortMapper> f, ConfigSchema schema = {});
  Result<void> add_discovery(std::string name, Factory<Discovery> f, ConfigSchema schema = {});
  Result<void> add_extension(std::string name, Factory<Extension> f, ConfigSchema schema = {});
  /// A piece order (policy/piece_order.hpp); the session uses the one SessionSettings::picker
  /// names, a torrent the one AddTorrentParams::picker names.
  Result<void> add_picker(std::string name, Factory<policy::PickerPlugin> f, ConfigSchema schema = {});
  /// A choking strategy (policy/choke_strategy.hpp); the session uses SessionSettings::choker's.
  Result<void> add_choker(std::string name, Factory<policy::ChokerPlugin> f, ConfigSchema schema = {});
  Result<void> add_service(std::string name, Factory<Service> f, ConfigSchema schema = {});

  /// What load_shared does with a name the library registers that is already registered.
  enum class OnClash {
    refuse,   ///< registration_failed: names stay unique (the default)
    replace,  ///< the library's plugin takes the entry's place, if it is of the same kind
              ///< (a user's own lt_donthave instead of the standard one); another kind is
              ///< still refused
  };

  /// Loads a plugin library (dlopen RTLD_NOW | RTLD_LOCAL), checks its corrent_plugin_entry
  /// (registry/abi.hpp) against kPluginAbi and kVersion, and runs its register function. The
  /// library stays loaded for the registry's lifetime. Returns the names whose entries it
  /// replaced (only with OnClash::replace; in registration order). Errors, each naming the
  /// path: file_not_found, load_failed and not_a_plugin (with dlerror's text), abi_mismatch,
  /// version_mismatch, bad_entry, registration_failed (nothing it registered is kept, and
  /// what it replaced is put back).
  PluginResult<std::vector<std::string>> load_shared(const std::filesystem::path& library,
                                                     OnClash on_clash = OnClash::refuse);

  /// Names of the plugins of `kind`, in registration order.
  [[nodiscard]] std::vector<std::string> names(PluginKind kind) const;
  [[nodiscard]] bool contains(std::string_view name) const;
  /// The entry called `name`, or nullptr.
  [[nodiscard]] const Entry* find(std::string_view name) const;
  /// Every entry, in registration order.
  [[nodiscard]] std::span<const Entry> entries() const { return entries_; }
  /// Names whose add_* failed, so that a caller of a void register_xxx(Registry&) can
  /// still see it went wrong; build_plugins refuses to build while this is not empty.
  [[nodiscard]] std::span<const std::string> rejected() const { return rejected_; }

 private:
  Result<void> add(std::string name, AnyFactory factory, ConfigSchema schema);

  // Declared first so it is destroyed last: factories may be code of these libraries.
  std::vector<std::shared_ptr<void>> libraries_;
  std::vector<Entry> entries_;
  std::vector<std::string> rejected_;
  // While load_shared(..., replace) runs the library's register function: the entries its
  // plugins displaced, to put back if it fails.
  std::optional<std::vector<Entry>> displaced_;
};

}  // namespace corrent
