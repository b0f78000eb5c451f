#pragma once
// A process started by a test (a libtorrent peer, opentracker, our own CLI), stopped by
// its PID when the object goes away: tests never leave processes behind.

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace corrent::test {

class ChildProcess {
 public:
  /// Starts argv[0] (searched in PATH) with its stdout and stderr readable through
  /// read_line() (stderr merged into stdout). Throws std::runtime_error if it cannot start:
  /// a test that cannot start its peer must fail, never skip.
  static ChildProcess start(std::vector<std::string> argv);

  ChildProcess(ChildProcess&& other) noexcept;
  ChildProcess& operator=(ChildProcess&&) = delete;
  ChildProcess(const ChildProcess&) = delete;
  ~ChildProcess();  // stop()

  [[nodiscard]] pid_t pid() const { return pid_; }

  /// The next line of output (without '\n'), or nullopt on timeout or end of output.
  std::optional<std::string> read_line(std::chrono::milliseconds timeout);
  /// Reads lines until one starts with `prefix`; returns the rest of that line.
  std::optional<std::string> wait_for_line(const std::string& prefix, std::chrono::milliseconds timeout);
  /// Everything read so far, for failure messages.
  [[nodiscard]] const std::string& transcript() const { return transcript_; }

  /// Whether the process has exited; its status (as from waitpid) if so.
  std::optional<int> poll_exit();
  /// Waits for exit up to `timeout`; the exit code (or 128 + signal), nullopt on timeout.
  std::optional<int> wait(std::chrono::milliseconds timeout);
  /// SIGTERM, then SIGKILL after a grace period; reaps the process. Idempotent.
  void stop(std::chrono::milliseconds grace = std::chrono::milliseconds(2000));

 private:
  ChildProcess(pid_t pid, int out_fd) : pid_(pid), out_fd_(out_fd) {}
  static int exit_code(int status);
  pid_t pid_ = -1;
  int out_fd_ = -1;
  std::string buffered_;
  std::string transcript_;
  std::optional<int> status_;
};

/// A TCP (or UDP) port on 127.0.0.1 that was free a moment ago: bound to port 0, read, and
/// released. For programs that must be told their port on the command line.
std::uint16_t free_port(bool udp = false);

}  // namespace corrent::test
