#include "support/opentracker.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>

namespace corrent::test {
namespace {

bool accepts_tcp(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

// Whether opentracker's whitelist is in effect for `hash`. opentracker loads the list in a
// thread of its own after it starts listening, so a first announce can still be refused.
// The probe is a "stopped" announce of a peer that never started: it adds no peer.
bool whitelist_loaded(std::uint16_t port, const metainfo::InfoHash& hash) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  timeval limit{1, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
  std::string query = "GET /announce?info_hash=";
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (const auto b : hash.bytes) query += {'%', kHex[b >> 4], kHex[b & 15]};
  query += "&peer_id=-PROBE-0000000000000&port=1&uploaded=0&downloaded=0&left=0&event=stopped"
           "&compact=1 HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
  std::string reply;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::send(fd, query.data(), query.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(query.size())) {
    char buf[2048];
    for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;) reply.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  const bool ok = reply.rfind("HTTP/1.0 200", 0) == 0 || reply.rfind("HTTP/1.1 200", 0) == 0;
  return ok && reply.find("not authorized") == std::string::npos;
}

}  // namespace

OpenTracker::OpenTracker(std::unique_ptr<TempDir> dir, ChildProcess process, std::uint16_t http_port,
                         std::uint16_t udp_port)
    : dir_(std::move(dir)),
      process_(std::make_unique<ChildProcess>(std::move(process))),
      http_port_(http_port),
      udp_port_(udp_port) {}

OpenTracker OpenTracker::start(const std::vector<metainfo::InfoHash>& whitelist) {
  namespace fs = std::filesystem;
  auto dir = std::make_unique<TempDir>();
  std::string lines;
  for (const auto& hash : whitelist) lines += hash.hex() + '\n';
  dir->write("whitelist", lines);
  // Run as root, opentracker chroots into -d and becomes "nobody", which must still read
  // the directory and the whitelist; as another user it only changes into -d. Either way
  // the relative whitelist path is resolved inside the directory.
  fs::permissions(dir->path(), fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                   fs::perms::others_read | fs::perms::others_exec);
  fs::permissions(dir->path() / "whitelist", fs::perms::owner_read | fs::perms::owner_write |
                                                 fs::perms::group_read | fs::perms::others_read);
  const auto http_port = free_port(false);
  const auto udp_port = free_port(true);
  auto process = ChildProcess::start({"opentracker", "-i", "127.0.0.1", "-p", std::to_string(http_port),
                                      "-P", std::to_string(udp_port), "-d", dir->path().string(), "-w",
                                      "whitelist"});
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!accepts_tcp(http_port)) {
    if (process.poll_exit() || std::chrono::steady_clock::now() > deadline) {
      (void)process.read_line(std::chrono::milliseconds(100));  // collect what it said
      throw std::runtime_error("opentracker did not start on 127.0.0.1:" + std::to_string(http_port) +
                               "; output: " + process.transcript());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  while (!whitelist.empty() && !whitelist_loaded(http_port, whitelist.front())) {
    if (process.poll_exit() || std::chrono::steady_clock::now() > deadline) {
      throw std::runtime_error("opentracker on 127.0.0.1:" + std::to_string(http_port) +
                               " did not load its whitelist in time; output: " + process.transcript());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return OpenTracker(std::move(dir), std::move(process), http_port, udp_port);
}

std::string OpenTracker::http_base_url() const { return "http://127.0.0.1:" + std::to_string(http_port_); }

std::string OpenTracker::http_announce_url() const { return http_base_url() + "/announce"; }

std::string OpenTracker::udp_host_port() const { return "127.0.0.1:" + std::to_string(udp_port_); }

std::string OpenTracker::udp_url() const { return "udp://" + udp_host_port(); }

}  // namespace corrent::test
