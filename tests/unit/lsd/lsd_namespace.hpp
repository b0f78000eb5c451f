#pragma once
// A network namespace of the test's own, for the LSD tests that multicast: inside it the
// BEP 14 groups reach only the namespace's loopback, never a LAN, and the BEP 14 port is
// ours to bind. Needs root (CI runs as root); without it the test fails, never skips.

#include <boost/test/unit_test.hpp>

#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/child_process.hpp"

namespace corrent::lsd::test {

inline constexpr auto kCommandTimeout = std::chrono::seconds(10);  // one `ip` command

// `ip` (iproute2), where root's PATH may lack /usr/sbin.
inline std::string ip_tool() {
  for (const char* path : {"/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"}) {
    if (::access(path, X_OK) == 0) return path;
  }
  return "ip";
}

// Runs a command to its end; its exit code, with its output in `out`.
inline int run_command(const std::vector<std::string>& argv, std::string& out) {
  auto child = corrent::test::ChildProcess::start(argv);
  const auto code = child.wait(kCommandTimeout);
  while (child.read_line(std::chrono::milliseconds(10))) {
  }
  out = child.transcript();
  if (!code) child.stop();
  return code.value_or(-1);
}

inline void must(const std::vector<std::string>& argv) {
  std::string out;
  const int code = run_command(argv, out);
  std::string line;
  for (const auto& a : argv) line += a + " ";
  BOOST_REQUIRE_MESSAGE(code == 0, "`" << line << "` failed (" << code << "): " << out);
}

// A network namespace of our own, entered by this thread (and so by the processes it
// starts); left and deleted on destruction, whatever happened in between.
class Namespace {
 public:
  // Creates the namespace; throws std::runtime_error if it cannot (not root, no `ip`).
  Namespace() : name_("corrent-lsd-" + std::to_string(::getpid()) + "-" + std::to_string(next_serial())) {
    std::string out;
    if (run_command({ip_tool(), "netns", "add", name_}, out) != 0) {
      throw std::runtime_error("cannot create network namespace " + name_ + " (this test needs root): " + out);
    }
  }
  // Routes the groups to the namespace's loopback and enters the namespace. Called once
  // the object is whole, so that the destructor deletes the namespace if this fails.
  void enter() {
    must({ip_tool(), "-n", name_, "link", "set", "lo", "up"});
    must({ip_tool(), "-n", name_, "link", "set", "lo", "multicast", "on"});
    must({ip_tool(), "-n", name_, "route", "add", "239.0.0.0/8", "dev", "lo"});
    original_ = ::open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
    const int target = ::open(("/var/run/netns/" + name_).c_str(), O_RDONLY | O_CLOEXEC);
    const int error = errno;
    if (original_ < 0 || target < 0) {
      if (target >= 0) ::close(target);
      BOOST_FAIL("cannot open the namespaces: " << std::strerror(error));
    }
    const int entered = ::setns(target, CLONE_NEWNET);
    ::close(target);
    BOOST_REQUIRE_MESSAGE(entered == 0, "setns: " << std::strerror(errno));
    inside_ = true;
  }
  ~Namespace() {
    if (inside_) (void)::setns(original_, CLONE_NEWNET);
    if (original_ >= 0) ::close(original_);
    std::string out;
    if (run_command({ip_tool(), "netns", "del", name_}, out) != 0) {
      BOOST_ERROR("cannot delete network namespace " << name_ << ": " << out);
    }
  }
  Namespace(const Namespace&) = delete;
  Namespace& operator=(const Namespace&) = delete;

 private:
  // Several tests of one process make namespaces one after another: a name each.
  static int next_serial() {
    static int serial = 0;
    return serial++;
  }
  std::string name_;
  int original_ = -1;
  bool inside_ = false;
};

}  // namespace corrent::lsd::test
