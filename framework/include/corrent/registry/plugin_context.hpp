#pragma once
// What a plugin factory may touch while it builds its plugin: the executor, the plugin's
// configuration section, and the session's shared UDP sockets when there is a session.

#include <asio/any_io_executor.hpp>

#include "corrent/net/datagram_service.hpp"
#include "corrent/plugin/config_section.hpp"

namespace corrent {

/// Passed to a Factory. Valid only during the factory call: a plugin copies what it needs
/// (its settings struct, the executor, the datagram service pointer), it never keeps the
/// context or the section.
struct PluginContext {
  /// The session's single network executor; every coroutine of the plugin runs on it.
  asio::any_io_executor executor;
  /// The plugin's own configuration section, checked against its ConfigSchema.
  const ConfigSection& config;
  /// The session's UDP sockets, shared by every plugin that speaks UDP (uTP, the DHT, UDP
  /// trackers); it outlives the plugins. nullptr when plugins are built without a session
  /// (a tool that only announces): such a plugin opens its own sockets, through a
  /// DatagramService of its own.
  net::DatagramService* datagrams = nullptr;
};

}  // namespace corrent
