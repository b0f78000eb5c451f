#include "corrent/plugins/standard_trackers.hpp"

#include <utility>

#include "corrent/plugins/tracker_http.hpp"
#include "corrent/plugins/tracker_udp.hpp"

namespace corrent::plugins {

PluginResult<std::unique_ptr<StandardTrackers>> StandardTrackers::create(asio::any_io_executor executor,
                                                                         const Config& config) {
  std::unique_ptr<StandardTrackers> trackers(new StandardTrackers());
  register_tracker_http(trackers->registry_);
  register_tracker_udp(trackers->registry_);
  auto built = build_plugins(trackers->registry_, config, std::move(executor));
  if (!built) return tl::make_unexpected(built.error());
  trackers->plugins_ = std::move(*built);
  // The lookup points at the set inside this object, which never moves (unique_ptr).
  trackers->client_ = tracker::TrackerClient(
      [set = &trackers->plugins_](std::string_view scheme) { return set->tracker_for_scheme(scheme); });
  return trackers;
}

StandardTrackers::~StandardTrackers() = default;

}  // namespace corrent::plugins
