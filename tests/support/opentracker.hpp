#pragma once
// Debian's opentracker on 127.0.0.1, for integration tests of the tracker plugins and of
// corrent-tracker. Debian builds it in whitelist mode, so the info-hashes a test announces
// are written to its whitelist file before it starts. Stopped by PID on destruction.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "corrent/metainfo/info_hash.hpp"
#include "support/child_process.hpp"
#include "support/temp_dir.hpp"

namespace corrent::test {

class OpenTracker {
 public:
  /// Starts `opentracker` (from PATH) on a free TCP port and a free UDP port of 127.0.0.1,
  /// with `whitelist` as its accepted info-hashes, and waits (at most 10 s) until its TCP
  /// port accepts connections. Throws std::runtime_error, with its output, when it cannot
  /// start or never accepts: an integration test that cannot run its tracker fails.
  static OpenTracker start(const std::vector<metainfo::InfoHash>& whitelist);

  OpenTracker(OpenTracker&&) noexcept = default;
  OpenTracker& operator=(OpenTracker&&) = delete;
  ~OpenTracker() = default;  // the ChildProcess stops it by PID

  [[nodiscard]] std::uint16_t http_port() const { return http_port_; }
  [[nodiscard]] std::uint16_t udp_port() const { return udp_port_; }
  /// "http://127.0.0.1:<port>/announce"
  [[nodiscard]] std::string http_announce_url() const;
  /// "http://127.0.0.1:<port>" (no path: corrent-tracker check adds /announce and /scrape)
  [[nodiscard]] std::string http_base_url() const;
  /// "udp://127.0.0.1:<port>"
  [[nodiscard]] std::string udp_url() const;
  /// "127.0.0.1:<port>" (the form of udp_trackers in a check config)
  [[nodiscard]] std::string udp_host_port() const;

  [[nodiscard]] pid_t pid() const { return process_->pid(); }
  /// SIGTERM (SIGKILL after a grace period) and reap. Idempotent.
  void stop() { process_->stop(); }

 private:
  OpenTracker(std::unique_ptr<TempDir> dir, ChildProcess process, std::uint16_t http_port,
              std::uint16_t udp_port);

  std::unique_ptr<TempDir> dir_;  // holds the whitelist; outlives the process (declared first)
  std::unique_ptr<ChildProcess> process_;
  std::uint16_t http_port_ = 0;
  std::uint16_t udp_port_ = 0;
};

}  // namespace corrent::test
