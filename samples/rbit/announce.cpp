// rbit's tracker example, ported: announce to one tracker (HTTP or UDP) and print what it
// said. rbit's `HttpTracker::new(url)` / `UdpTracker::connect(url)` is
// StandardTrackers::open(url) here, and `TrackerClient::new()` is StandardTrackers::create.
//
//   rbit-announce URL INFOHASH [PORT [LEFT]]
#include <asio/co_spawn.hpp>
#include <asio/io_context.hpp>
#include <asio/this_coro.hpp>

#include <cstdlib>
#include <iostream>
#include <string>

#include "corrent/core/peer_id.hpp"
#include "corrent/core/task.hpp"
#include "corrent/metainfo/info_hash.hpp"
#include "corrent/plugins/standard_trackers.hpp"

using namespace corrent;

namespace {

Task<int> announce(std::string url, metainfo::InfoHash info_hash, std::uint16_t port, std::uint64_t left) {
  // TrackerClient::new(): the HTTP and UDP protocols, ready.
  auto trackers = plugins::StandardTrackers::create(co_await asio::this_coro::executor);
  if (!trackers) {
    std::cerr << "rbit-announce: " << trackers.error().message() << '\n';
    co_return 1;
  }
  int status = 0;
  // HttpTracker::new(url) or UdpTracker::connect(url): one tracker, by URL.
  if (auto tracker = (*trackers)->open(url); !tracker) {
    std::cerr << "rbit-announce: " << url << ": " << tracker.error().text() << '\n';
    status = 2;
  } else {
    tracker::AnnounceRequest request;
    request.info_hash = info_hash;
    request.peer_id = make_peer_id();
    request.port = port;
    request.uploaded = 0;
    request.downloaded = 0;
    request.left = left;
    request.event = tracker::AnnounceEvent::started;
    auto response = co_await tracker->announce(request);
    if (!response) {
      std::cerr << "rbit-announce: " << url << ": " << response.error().text() << '\n';
      status = 1;
    } else {
      std::cout << "Found " << response->peers.size() << " peers\n";
      std::cout << "Re-announce in " << response->interval.count() << " seconds\n";
      for (const auto& peer : response->peers) std::cout << "Peer: " << peer.to_string() << '\n';
    }
  }
  co_await (*trackers)->stop();
  co_return status;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3 || argc > 5) {
    std::cerr << "usage: rbit-announce URL INFOHASH [PORT [LEFT]]\n";
    return 2;
  }
  const auto info_hash = metainfo::InfoHash::from_hex(argv[2]);
  if (!info_hash) {
    std::cerr << "rbit-announce: " << argv[2] << ": not 40 hex digits\n";
    return 2;
  }
  const auto port = static_cast<std::uint16_t>(argc > 3 ? std::strtoul(argv[3], nullptr, 10) : 6881);
  const std::uint64_t left = argc > 4 ? std::strtoull(argv[4], nullptr, 10) : 1000;
  asio::io_context io;
  int status = 1;
  asio::co_spawn(io, announce(argv[1], *info_hash, port, left), [&](std::exception_ptr e, int code) {
    status = e ? 1 : code;
  });
  io.run();
  return status;
}
