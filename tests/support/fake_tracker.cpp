#include "support/fake_tracker.hpp"

#include <sstream>
#include <stdexcept>

namespace corrent::test {

FakeTracker FakeTracker::start(const std::vector<std::string>& http_modes, const std::vector<std::string>& udp_modes) {
  std::vector<std::string> argv = {"python3", CORRENT_FAKE_TRACKER_SCRIPT};
  for (const auto& mode : http_modes) argv.insert(argv.end(), {"--http", mode});
  for (const auto& mode : udp_modes) argv.insert(argv.end(), {"--udp", mode});
  FakeTracker fake(ChildProcess::start(argv));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    auto line = left.count() > 0 ? fake.process_->read_line(left) : std::nullopt;
    if (!line) throw std::runtime_error("fake_tracker.py did not start; output: " + fake.process_->transcript());
    if (*line == "ready") break;
    std::istringstream fields(*line);
    std::string kind, mode;
    unsigned port = 0;
    if (!(fields >> kind >> mode >> port) || port == 0 || port > 65535) {
      throw std::runtime_error("fake_tracker.py: unexpected line: " + *line);
    }
    (kind == "http" ? fake.http_ : fake.udp_)[mode] = static_cast<std::uint16_t>(port);
  }
  return fake;
}

std::string FakeTracker::http_url(const std::string& mode) const {
  return "http://127.0.0.1:" + std::to_string(http_port(mode)) + "/announce";
}

std::string FakeTracker::udp_url(const std::string& mode) const {
  return "udp://127.0.0.1:" + std::to_string(udp_port(mode));
}

}  // namespace corrent::test
