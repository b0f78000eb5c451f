#pragma once
// tests/support/fake_tracker.py run as a child process: misbehaving HTTP and UDP trackers on
// 127.0.0.1 (see the script for the modes), stopped by PID on destruction.
//
//   auto fake = FakeTracker::start({"garbage", "hang"}, {"silent"});
//   fake.http_url("garbage")   // "http://127.0.0.1:<port>/announce"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "support/child_process.hpp"

namespace corrent::test {

class FakeTracker {
 public:
  /// Starts the script (python3) with one listener per mode and waits (at most 10 s) for
  /// its "ready" line. Throws std::runtime_error, with its output, if it does not start.
  static FakeTracker start(const std::vector<std::string>& http_modes, const std::vector<std::string>& udp_modes);

  /// The port of the HTTP listener of `mode` (throws std::out_of_range if not started).
  [[nodiscard]] std::uint16_t http_port(const std::string& mode) const { return http_.at(mode); }
  [[nodiscard]] std::uint16_t udp_port(const std::string& mode) const { return udp_.at(mode); }
  /// "http://127.0.0.1:<port>/announce"
  [[nodiscard]] std::string http_url(const std::string& mode) const;
  /// "udp://127.0.0.1:<port>"
  [[nodiscard]] std::string udp_url(const std::string& mode) const;

  [[nodiscard]] pid_t pid() const { return process_->pid(); }
  void stop() { process_->stop(); }

 private:
  explicit FakeTracker(ChildProcess process) : process_(std::make_unique<ChildProcess>(std::move(process))) {}

  std::unique_ptr<ChildProcess> process_;
  std::map<std::string, std::uint16_t> http_;
  std::map<std::string, std::uint16_t> udp_;
};

}  // namespace corrent::test
