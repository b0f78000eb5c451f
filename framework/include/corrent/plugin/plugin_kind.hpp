#pragma once
// The plugin kinds of DESIGN.md, in the fixed order the core builds them (and stops them
// in reverse): transports, trackers, storage, nat, discovery, extensions, pickers,
// chokers, services. DESIGN.md's "policy" kind is two: picker and choker.

#include <array>
#include <string_view>

namespace corrent {

/// What a plugin gives the core. The enumerators are in build order.
enum class PluginKind { transport, tracker, storage, nat, discovery, extension, picker, choker, service };

/// Every kind, in build order.
inline constexpr std::array kPluginKinds = {
    PluginKind::transport, PluginKind::tracker,   PluginKind::storage, PluginKind::nat,
    PluginKind::discovery, PluginKind::extension, PluginKind::picker,  PluginKind::choker,
    PluginKind::service};

/// "transport", "tracker", "storage", "nat", "discovery", "extension", "picker", "choker",
/// "service".
constexpr std::string_view to_string(PluginKind kind) {
  constexpr std::array<std::string_view, kPluginKinds.size()> names = {
      "transport", "tracker", "storage", "nat", "discovery", "extension", "picker", "choker", "service"};
  return names[static_cast<std::size_t>(kind)];
}

}  // namespace corrent
