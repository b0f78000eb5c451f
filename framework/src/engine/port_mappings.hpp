#pragma once
// PortMappings: the session's port mappers (nat plugins) at work. start() runs each with
// the session's listen ports; what they report is kept, published as events, and written
// into the session's ListenPorts (the external ports trackers announce) and its
// ExternalAddress (the gateway's WAN address). stop() cancels
// them and gives them a bounded time to remove their mappings.

#include <chrono>
#include <memory>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include <asio/any_io_executor.hpp>

#include "corrent/core/task.hpp"
#include "corrent/discovery/discovery_context.hpp"
#include "corrent/events/event_bus.hpp"
#include "corrent/net/port_mapper.hpp"
#include "corrent/net/task_group.hpp"
#include "external_address.hpp"

namespace corrent::engine {

class PortMappings {
 public:
  /// `events`, `ports` and `external` outlive this object.
  PortMappings(asio::any_io_executor executor, events::EventBus& events, ListenPorts& ports,
               ExternalAddress& external);
  ~PortMappings();
  PortMappings(const PortMappings&) = delete;
  PortMappings& operator=(const PortMappings&) = delete;

  /// Runs every mapper (name, plugin) with `wanted`, each in a task of its own. Nothing
  /// is run for an empty `wanted`. Call once.
  void start(std::vector<std::pair<std::string, PortMapper*>> mappers, std::vector<PortRequest> wanted);
  /// Cancels the mappers and waits until they have removed their mappings; one still at
  /// it after `grace` is cut off (net::TaskGroup::stop_within). Forgets every mapping.
  Task<void> stop(std::chrono::milliseconds grace);

  /// The mappings in force, in the order they were made.
  [[nodiscard]] std::vector<PortMapping> current() const;

 private:
  class Sink;
  struct Entry {
    std::string mapper;
    PortMapping mapping;
  };
  Task<void> run(PortMapper* mapper, Sink* sink, std::vector<PortRequest> wanted);
  void on_mapped(const std::string& mapper, const PortRequest& request, net::Endpoint external);
  void on_unmapped(const std::string& mapper, const PortRequest& request, std::error_code why);
  void update_ports();

  events::EventBus& events_;
  ListenPorts& ports_;
  ExternalAddress& external_;
  std::vector<std::unique_ptr<Sink>> sinks_;  // one per mapper, named
  std::vector<Entry> entries_;
  net::TaskGroup tasks_;  // after sinks_: stopped (and destroyed) first
};

}  // namespace corrent::engine
