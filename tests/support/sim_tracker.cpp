#include "support/sim_tracker.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <span>
#include <stdexcept>
#include <vector>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>

namespace corrent::test {

namespace {

constexpr std::uint64_t kProtocolId = 0x41727101980ULL;
constexpr std::uint32_t kActionConnect = 0;
constexpr std::uint32_t kActionAnnounce = 1;
constexpr std::uint32_t kEventStopped = 3;
constexpr std::size_t kAnnounceSize = 98;
constexpr std::int32_t kDefaultNumWant = 50;

std::uint64_t read_be(std::span<const std::uint8_t> bytes, std::size_t at, std::size_t width) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < width; ++i) v = (v << 8) | bytes[at + i];
  return v;
}

void put_be(std::vector<std::uint8_t>& out, std::uint64_t v, std::size_t width) {
  for (std::size_t i = width; i-- > 0;) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

}  // namespace

struct SimUdpTracker::State {
  std::unique_ptr<net::DatagramSocket> socket;
  std::chrono::seconds interval;
  std::size_t announces = 0;
  struct Swarm {
    std::vector<net::Endpoint> peers;  // in the order they first announced
    std::map<net::Endpoint, bool> seeding;
  };
  std::map<std::string, Swarm> swarms;  // by info-hash bytes

  std::vector<std::uint8_t> answer(std::span<const std::uint8_t> packet, const net::Endpoint& from) {
    std::vector<std::uint8_t> out;
    if (packet.size() < 16) return out;
    const auto action = static_cast<std::uint32_t>(read_be(packet, 8, 4));
    const auto transaction = read_be(packet, 12, 4);
    if (action == kActionConnect && read_be(packet, 0, 8) == kProtocolId) {
      put_be(out, kActionConnect, 4);
      put_be(out, transaction, 4);
      put_be(out, 0x5157'5157'5157'5157ULL, 8);
      return out;
    }
    if (action != kActionAnnounce || packet.size() < kAnnounceSize) return out;
    ++announces;
    const std::string info_hash(packet.begin() + 16, packet.begin() + 36);
    const auto left = read_be(packet, 64, 8);
    const auto event = static_cast<std::uint32_t>(read_be(packet, 80, 4));
    auto num_want = static_cast<std::int32_t>(read_be(packet, 92, 4));
    const auto port = static_cast<std::uint16_t>(read_be(packet, 96, 2));
    if (num_want < 0) num_want = kDefaultNumWant;
    const auto peer = from.with_port(port);
    auto& swarm = swarms[info_hash];
    const auto known = std::find(swarm.peers.begin(), swarm.peers.end(), peer);
    if (event == kEventStopped) {
      if (known != swarm.peers.end()) swarm.peers.erase(known);
      swarm.seeding.erase(peer);
    } else {
      if (known == swarm.peers.end()) swarm.peers.push_back(peer);
      swarm.seeding[peer] = left == 0;
    }
    const auto seeders = static_cast<std::uint32_t>(std::count_if(
        swarm.seeding.begin(), swarm.seeding.end(), [](const auto& entry) { return entry.second; }));
    put_be(out, kActionAnnounce, 4);
    put_be(out, transaction, 4);
    put_be(out, static_cast<std::uint64_t>(interval.count()), 4);
    put_be(out, swarm.seeding.size() - seeders, 4);
    put_be(out, seeders, 4);
    std::int32_t given = 0;
    for (const auto& other : swarm.peers) {
      if (other == peer || given == num_want) continue;
      const auto address = other.address_bytes();
      out.insert(out.end(), address.begin(), address.end());
      put_be(out, other.port(), 2);
      ++given;
    }
    return out;
  }
};

namespace {

Task<void> serve(std::shared_ptr<SimUdpTracker::State> state) {
  std::array<std::uint8_t, 2048> buffer{};
  for (;;) {
    net::Endpoint from;
    auto got = co_await state->socket->receive(buffer, from);
    if (!got) co_return;  // closed
    auto reply = state->answer(std::span(buffer.data(), *got), from);
    if (!reply.empty()) (void)co_await state->socket->send(from, reply);
  }
}

}  // namespace

SimUdpTracker::SimUdpTracker(SimHost& host, std::uint16_t port, std::chrono::seconds interval)
    : state_(std::make_shared<State>()) {
  auto socket = host.open_datagram(host.endpoint(port));
  if (!socket) throw std::runtime_error("sim tracker: " + socket.error().message());
  state_->socket = std::move(*socket);
  state_->interval = interval;
  asio::co_spawn(host.network().executor(), serve(state_), asio::detached);
}

SimUdpTracker::~SimUdpTracker() { state_->socket->close(); }

std::string SimUdpTracker::url() const {
  return "udp://" + state_->socket->local_endpoint().to_string() + "/announce";
}

std::size_t SimUdpTracker::announces() const { return state_->announces; }

}  // namespace corrent::test
