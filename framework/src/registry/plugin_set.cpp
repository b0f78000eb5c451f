#include "corrent/registry/plugin_set.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

#include "corrent/plugin/error.hpp"
#include "corrent/registry/limits.hpp"

namespace corrent {
namespace {

std::string where_plugin(std::string_view name) { return "plugin " + std::string(name); }

// Every configured section must belong to a registered plugin, and every registration
// must have succeeded: either would otherwise silently leave a plugin out.
PluginResult<void> check_registry_and_sections(const Registry& registry, const Config& config) {
  if (!registry.rejected().empty()) {
    return plugin_fail(plugin::errc::registration_failed,
                       where_plugin(registry.rejected().front()));
  }
  for (const auto& name : config.section_names()) {
    if (!registry.contains(name)) {
      return plugin_fail(plugin::errc::unknown_section, "config [" + name + "]");
    }
  }
  return {};
}

// Runs the entry's factory and checks what it built.
PluginResult<std::unique_ptr<Plugin>> build_one(const Registry::Entry& entry,
                                                PluginContext& context) {
  auto built = std::visit(
      [&](const auto& factory) -> Result<std::unique_ptr<Plugin>> {
        return factory(context).map([](auto plugin) { return std::unique_ptr<Plugin>(std::move(plugin)); });
      },
      entry.factory);
  if (!built) return plugin_fail(built.error(), where_plugin(entry.name));
  if (*built == nullptr) {
    return plugin_fail(plugin::errc::no_factory, where_plugin(entry.name), "factory returned null");
  }
  if (entry.kind() == PluginKind::extension) {
    const auto& extension = static_cast<const Extension&>(**built);
    if (extension.name() != entry.name) {
      return plugin_fail(plugin::errc::name_mismatch, where_plugin(entry.name),
                         "name() is " + std::string(extension.name()));
    }
  }
  return std::move(*built);
}

}  // namespace

PluginSet::~PluginSet() { destroy_in_reverse(); }

PluginSet& PluginSet::operator=(PluginSet&& other) noexcept {
  if (this != &other) {
    destroy_in_reverse();
    built_ = std::move(other.built_);
    extensions_ = std::move(other.extensions_);
    stopped_ = other.stopped_;
  }
  return *this;
}

void PluginSet::destroy_in_reverse() noexcept {
  while (!built_.empty()) built_.pop_back();
}

std::vector<std::string> PluginSet::names() const {
  std::vector<std::string> out;
  out.reserve(built_.size());
  for (const auto& b : built_) out.push_back(b.name);
  return out;
}

tracker::TrackerProtocol* PluginSet::tracker_for_scheme(std::string_view scheme) const {
  const auto same = [scheme](std::string_view s) {
    return std::equal(s.begin(), s.end(), scheme.begin(), scheme.end(), [](char a, char b) {
      return std::tolower(static_cast<unsigned char>(a)) ==
             std::tolower(static_cast<unsigned char>(b));
    });
  };
  for (auto* protocol : all<tracker::TrackerProtocol>()) {
    for (const auto& s : protocol->schemes()) {
      if (same(s)) return protocol;
    }
  }
  return nullptr;
}

std::optional<std::uint8_t> PluginSet::extension_id(std::string_view name) const {
  for (std::size_t i = 0; i < extensions_.size(); ++i) {
    if (extensions_[i] == name) return static_cast<std::uint8_t>(i + 1);
  }
  return std::nullopt;
}

Task<void> PluginSet::stop() {
  if (stopped_) co_return;
  stopped_ = true;
  // By index: built_ does not change after build_plugins, but no iterator is kept across
  // a suspension anyway (STYLE.md rule 5).
  for (std::size_t i = built_.size(); i-- > 0;) co_await built_[i].plugin->stop();
}

PluginResult<PluginSet> build_plugins(const Registry& registry, const Config& config,
                                      asio::any_io_executor executor, net::DatagramService* datagrams) {
  if (auto ok = check_registry_and_sections(registry, config); !ok) {
    return tl::make_unexpected(std::move(ok).error());
  }
  // Check every section first, disabled plugins included, so that a configuration error
  // is reported before anything is built.
  std::vector<ConfigSection> sections;
  sections.reserve(registry.entries().size());
  for (const auto& entry : registry.entries()) {
    auto section = config.section(entry.name, entry.schema);
    if (!section) return tl::make_unexpected(std::move(section).error());
    sections.push_back(std::move(*section));
  }

  PluginSet set;
  for (const PluginKind kind : kPluginKinds) {
    for (std::size_t i = 0; i < registry.entries().size(); ++i) {
      const auto& entry = registry.entries()[i];
      if (entry.kind() != kind || !sections[i].enabled()) continue;
      if (kind == PluginKind::extension && set.extensions_.size() == kMaxExtensions) {
        return plugin_fail(plugin::errc::too_many_extensions, where_plugin(entry.name),
                           "at most " + std::to_string(kMaxExtensions));
      }
      PluginContext context{executor, sections[i], datagrams};
      auto plugin = build_one(entry, context);
      if (!plugin) return tl::make_unexpected(std::move(plugin).error());
      if (kind == PluginKind::extension) set.extensions_.push_back(entry.name);
      set.built_.push_back({entry.name, kind, std::move(*plugin)});
    }
  }
  return set;
}

std::vector<wire::ExtensionSlot> extension_slots(const PluginSet& plugins) {
  std::vector<wire::ExtensionSlot> out;
  for (Extension* extension : plugins.all<Extension>()) {
    if (const auto id = plugins.extension_id(extension->name())) {
      out.push_back({*id, extension});
    }
  }
  return out;
}

}  // namespace corrent
