// Registry::load_shared: the loader of shared-library plugins (registry/abi.hpp).
#include <dlfcn.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "corrent/registry/abi.hpp"
#include "corrent/plugin/error.hpp"
#include "corrent/registry/registry.hpp"

namespace corrent {
namespace {

std::string last_dl_error() {
  const char* text = ::dlerror();
  return text != nullptr ? text : "no dlerror text";
}

// Reads the entry's fields only after its abi matched: their layout depends on it.
PluginResult<void> check_entry(const corrent_plugin_v1* entry, const std::string& where) {
  if (entry == nullptr) return plugin_fail(plugin::errc::bad_entry, where, "entry is null");
  if (entry->abi != kPluginAbi) {
    return plugin_fail(plugin::errc::abi_mismatch, where,
                       "plugin ABI " + std::to_string(entry->abi) + ", host ABI " +
                           std::to_string(kPluginAbi));
  }
  if (entry->name == nullptr || entry->corrent_version == nullptr ||
      entry->register_fn == nullptr) {
    return plugin_fail(plugin::errc::bad_entry, where, "null name, version or register_fn");
  }
  if (std::strcmp(entry->corrent_version, kVersion) != 0) {
    return plugin_fail(plugin::errc::version_mismatch, where,
                       "plugin " + std::string(entry->name) + " built for corrent " +
                           entry->corrent_version + ", host is " + kVersion);
  }
  return {};
}

}  // namespace

PluginResult<std::vector<std::string>> Registry::load_shared(const std::filesystem::path& library,
                                                             OnClash on_clash) {
  const std::string where = "plugin library " + library.string();
  std::error_code ec;
  if (!std::filesystem::exists(library, ec)) return plugin_fail(plugin::errc::file_not_found, where);

  ::dlerror();  // clear any stale error
  void* handle = ::dlopen(library.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) return plugin_fail(plugin::errc::load_failed, where, last_dl_error());
  std::shared_ptr<void> guard(handle, [](void* h) { ::dlclose(h); });

  void* symbol = ::dlsym(handle, kCorrentPluginEntrySymbol);
  if (symbol == nullptr) return plugin_fail(plugin::errc::not_a_plugin, where, last_dl_error());
  // POSIX guarantees a data pointer from dlsym converts to a function pointer.
  corrent_plugin_entry_fn entry_fn = nullptr;
  std::memcpy(&entry_fn, &symbol, sizeof entry_fn);

  const corrent_plugin_v1* entry = entry_fn();
  if (auto ok = check_entry(entry, where); !ok) return tl::make_unexpected(ok.error());

  const auto entries_before = entries_.size();
  const auto rejected_before = rejected_.size();
  if (on_clash == OnClash::replace) displaced_.emplace();
  entry->register_fn(*this);
  auto displaced = std::exchange(displaced_, std::nullopt).value_or(std::vector<Entry>{});
  if (rejected_.size() != rejected_before) {
    std::string names;
    for (auto i = rejected_before; i < rejected_.size(); ++i) {
      names += (names.empty() ? "" : ", ") + rejected_[i];
    }
    // All or nothing: drop what it did register and put back what it replaced, before
    // the library is closed (by guard).
    entries_.resize(entries_before);
    rejected_.resize(rejected_before);
    for (auto& old : displaced) {
      auto it = std::find_if(entries_.begin(), entries_.end(), [&](const Entry& e) { return e.name == old.name; });
      *it = std::move(old);  // present: a replacement keeps its entry's place
    }
    return plugin_fail(plugin::errc::registration_failed, where, "rejected: " + names);
  }
  libraries_.push_back(std::move(guard));
  std::vector<std::string> replaced;
  for (const auto& old : displaced) replaced.push_back(old.name);
  return replaced;
}

}  // namespace corrent
