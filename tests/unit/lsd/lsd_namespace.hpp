#pragma once
// A network namespace of the test's own, for the LSD tests that multicast: inside it the
// BEP 14 groups reach only the namespace's loopback, never a LAN, and the BEP 14 port is
// ours to bind. Needs root (CI runs as root); without it the test fails, never skips.

#include <boost/test/unit_test.hpp>

#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/child_process.hpp"

namespace corrent::lsd::test {

inline constexpr auto kCommandTimeout = std::chrono::seconds(10);  // one `ip` command

// IPv6 multicast does not loop back through `lo` (not even with a route for ff00::/8 there),
// so the IPv6 tests give the namespace a veth pair: IPv6 multicast sent out of kIpv6Link
// loops back to the host's members. Its address is a unique local one (RFC 4193), unused
// outside the namespace, and has a global scope, so that it is the source of what goes to
// BEP 14's site-local group ff15::efc0:988f (RFC 6724 rule 2). Ours.
inline constexpr const char* kIpv6Link = "corrent-lsd6";
inline constexpr const char* kIpv6LinkPeer = "corrent-lsd6p";
inline constexpr const char* kIpv6Address = "fd15:c0::1";
inline constexpr std::array<std::uint8_t, 16> kIpv6AddressBytes{0xfd, 0x15, 0x00, 0xc0, 0, 0, 0, 0,
                                                               0,    0,    0,    0,    0, 0, 0, 1};

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
  // Routes the groups to the namespace's loopback (and, with `ipv6`, the IPv6 groups to a
  // veth pair: kIpv6Link) and enters the namespace. Called once the object is whole, so
  // that the destructor deletes the namespace if this fails.
  void enter(bool ipv6 = false) {
    ipv6_ = ipv6;
    must({ip_tool(), "-n", name_, "link", "set", "lo", "up"});
    must({ip_tool(), "-n", name_, "link", "set", "lo", "multicast", "on"});
    must({ip_tool(), "-n", name_, "route", "add", "239.0.0.0/8", "dev", "lo"});
    if (ipv6_) {
      // The pair's other end stays down, so kIpv6Link is the only interface with a route
      // for the IPv6 groups (made with the address, at once) and every IPv6 multicast
      // leaves by it, from kIpv6Address (nodad: usable at once; no duplicate here).
      must({ip_tool(), "-n", name_, "link", "add", kIpv6Link, "type", "veth", "peer", "name", kIpv6LinkPeer});
      must({ip_tool(), "-n", name_, "link", "set", kIpv6Link, "up"});
      must({ip_tool(), "-n", name_, "-6", "addr", "add", std::string(kIpv6Address) + "/64", "dev", kIpv6Link,
            "nodad"});
    }
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
  bool ipv6_ = false;
};

}  // namespace corrent::lsd::test
