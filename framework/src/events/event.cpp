#include "corrent/events/event.hpp"

#include <type_traits>

namespace corrent::events {

EventClass classify(const Event& event) {
  return std::visit(
      [](const auto& e) {
        using E = std::decay_t<decltype(e)>;
        constexpr bool progress = std::is_same_v<E, BlockReceived> ||
                                  std::is_same_v<E, CheckProgress> || std::is_same_v<E, Stats> ||
                                  std::is_same_v<E, PeerConnectFailed>;
        return progress ? EventClass::progress : EventClass::lifecycle;
      },
      event);
}

}  // namespace corrent::events
