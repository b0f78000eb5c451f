#include "corrent/registry/registry.hpp"

#include <algorithm>
#include <utility>

#include "corrent/plugin/error.hpp"

namespace corrent {

Registry::Registry() = default;

Registry::~Registry() {
  // Explicit, whatever the member order: factories (code of the libraries) go first.
  entries_.clear();
  libraries_.clear();
}

Registry::Registry(Registry&&) noexcept = default;

Registry& Registry::operator=(Registry&& other) noexcept {
  if (this != &other) {
    entries_ = std::move(other.entries_);
    rejected_ = std::move(other.rejected_);
    // Our old libraries are released only now, after the factories that used them.
    libraries_ = std::move(other.libraries_);
  }
  return *this;
}

Result<void> Registry::add(std::string name, AnyFactory factory, ConfigSchema schema) {
  const bool has_factory =
      std::visit([](const auto& f) { return static_cast<bool>(f); }, factory);
  Entry entry{std::move(name), std::move(schema), std::move(factory)};
  auto same = std::find_if(entries_.begin(), entries_.end(), [&](const Entry& e) { return e.name == entry.name; });
  // Replacing is for a library loaded with OnClash::replace, and only in kind: a name is
  // also a configuration section, whose keys another kind would not understand.
  const bool replaces = same != entries_.end() && displaced_ && same->kind() == entry.kind();
  std::error_code why;
  if (entry.name.empty()) {
    why = plugin::errc::bad_name;
  } else if (same != entries_.end() && !replaces) {
    why = plugin::errc::duplicate_name;
  } else if (!has_factory) {
    why = plugin::errc::no_factory;
  }
  if (why) {
    rejected_.push_back(std::move(entry.name));
    return tl::make_unexpected(why);
  }
  if (replaces) {
    displaced_->push_back(std::exchange(*same, std::move(entry)));
  } else {
    entries_.push_back(std::move(entry));
  }
  return {};
}

Result<void> Registry::add_transport(std::string name, Factory<net::Transport> f,
                                     ConfigSchema schema) {
  return add(std::move(name), std::move(f), std::move(schema));
}

Result<void> Registry::add_tracker(std::string name, Factory<tracker::TrackerProtocol> f,
                                   ConfigSchema schema) {
  return add(std::move(name), std::move(f), std::move(schema));
}

Result<void> Registry::add_storage(std::string name, Factory<storage::StorageBackend> f,
                                   ConfigSchema schema) {
  return add(std::move(name), std::move(f), std::move(schema));
}

Result<void> Registry::add_port_mapper(std::string name, Factory<PortMapper> f,
                                       ConfigSchema schema) {
  return add(std::move(name), std::move(f), std::move(schema));
}

Result<void> Registry::add_discovery(std::string name, Factory<Discovery> f,
                                     ConfigSchema schema) {
  return add(std::move(name), std::move(f), std::move(schema));
}

Result<void> Registry::add_extension(std::string name, Factory<Extension> f,
                                     ConfigSchema schema) {
  return add(std::move(name), std::move(f), std::move(schema));
}

Result<void> Registry::add_picker(std::string name, Factory<policy::PickerPlugin> f,
                                  ConfigSchema schema) {
  return add(std::move(name), std::move(f), std::move(schema));
}

Result<void> Registry::add_choker(std::string name, Factory<policy::ChokerPlugin> f,
                                  ConfigSchema schema) {
  return add(std::move(name), std::move(f), std::move(schema));
}

Result<void> Registry::add_service(std::string name, Factory<Service> f, ConfigSchema schema) {
  return add(std::move(name), std::move(f), std::move(schema));
}

std::vector<std::string> Registry::names(PluginKind kind) const {
  std::vector<std::string> out;
  for (const auto& e : entries_) {
    if (e.kind() == kind) out.push_back(e.name);
  }
  return out;
}

bool Registry::contains(std::string_view name) const { return find(name) != nullptr; }

const Registry::Entry* Registry::find(std::string_view name) const {
  const auto it = std::find_if(entries_.begin(), entries_.end(),
                               [name](const Entry& e) { return e.name == name; });
  return it == entries_.end() ? nullptr : &*it;
}

}  // namespace corrent
