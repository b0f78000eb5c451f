#pragma once
// SimUdpTracker: a UDP tracker (BEP 15: connect, announce) on a SimHost, for simulated
// swarms. It hands every announcer the peers that announced before it, in the order they
// first did (so a simulation stays the same from run to run), and forgets one that sends
// "stopped". Connection ids are not checked: the simulated network forges nothing.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "support/sim_network.hpp"

namespace corrent::test {

class SimUdpTracker {
 public:
  /// Opens `host`:`port` and starts serving on the network's executor.
  SimUdpTracker(SimHost& host, std::uint16_t port, std::chrono::seconds interval = std::chrono::seconds(60));
  ~SimUdpTracker();  // closes the socket; the serving coroutine ends on its next wake
  SimUdpTracker(const SimUdpTracker&) = delete;
  SimUdpTracker& operator=(const SimUdpTracker&) = delete;

  /// "udp://127.0.0.N:PORT/announce"
  [[nodiscard]] std::string url() const;
  /// Announces answered so far.
  [[nodiscard]] std::size_t announces() const;

  struct State;  // shared with the serving coroutine

 private:
  std::shared_ptr<State> state_;
};

}  // namespace corrent::test
