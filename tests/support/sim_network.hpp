#pragma once
// A simulated network for whole swarms in one process (issue 11, seam 8): hosts with an
// address each, TCP-like streams and UDP-like datagrams between them with latency, an
// uplink bandwidth per host and packet loss, all on corrent::Clock. With a VirtualTime
// (core/clock.hpp) and a SimDriver (sim_driver.hpp) nothing waits in real time, and with
// the same seed everything happens in the same order: no socket, no thread.
//
//   asio::io_context io;
//   SimDriver driver(io);                       // installs virtual time
//   SimNetwork net(io.get_executor(), {.latency = 20ms, .loss = 0.05}, /*seed=*/7);
//   SimHost& a = net.add_host();                // 127.0.0.2
//   register_sim_transport(registry, a);        // the session's "tcp" is now simulated
//   settings.datagram_opener = a.datagram_opener();
//
// The model, and what it leaves out:
// - A stream write takes the sender's uplink for size / uplink_bytes_per_second (hosts
//   send one write after another, whichever connection it is for), then arrives after
//   `latency`. The write completes when it has left the uplink: that is the back-pressure
//   a full socket buffer gives. Downlinks are unlimited.
// - A stream loses nothing, like TCP: each 1,460-byte segment of a write is lost with
//   probability `loss`, and a write with a lost segment arrives `retransmit_delay` later;
//   later writes wait behind it (in order, as TCP delivers).
// - A connect takes one round trip; to a port nobody listens on it is refused after one.
// - A datagram is lost with probability `loss`, else arrives after `latency`.
// - Addresses are 127.0.0.N (N from 2): no real socket is ever opened on them.
// - A host may be firewalled (set_firewalled): see SimHost, and connect_simultaneous for
//   hole punching through it.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <asio/any_io_executor.hpp>

#include "corrent/core/clock.hpp"
#include "corrent/net/datagram_socket.hpp"
#include "corrent/net/transport.hpp"
#include "corrent/registry/registry.hpp"

namespace corrent::test {

struct SimLink {
  /// One way, host to host.
  std::chrono::milliseconds latency{20};
  /// Each host's sending rate.
  std::uint64_t uplink_bytes_per_second = 1024 * 1024;
  /// Probability that a stream segment or a datagram is lost.
  double loss = 0.0;
  /// Extra delay of a stream write that lost a segment (Linux's minimum RTO).
  std::chrono::milliseconds retransmit_delay{200};
};

/// What crossed the network, for tests to assert on.
struct SimCounters {
  std::size_t connects = 0;
  std::size_t refused = 0;
  std::size_t stream_bytes = 0;
  std::size_t segments = 0;
  std::size_t segments_lost = 0;
  std::size_t datagrams = 0;
  std::size_t datagrams_lost = 0;
};

class SimNetwork;
class SimListener;
class SimDatagramSocket;

/// One machine of the simulation: an address, an uplink, its listeners and UDP ports.
class SimHost {
 public:
  SimHost(SimNetwork& network, net::Endpoint::V4Bytes address) : network_(&network), address_(address) {}
  SimHost(const SimHost&) = delete;
  SimHost& operator=(const SimHost&) = delete;

  /// This host's address with `port`.
  [[nodiscard]] net::Endpoint endpoint(std::uint16_t port) const { return net::Endpoint::v4(address_, port); }
  [[nodiscard]] SimNetwork& network() const { return *network_; }
  /// Opens datagram sockets on this host (for SessionSettings::datagram_opener). IPv6
  /// binds fail with address_family_not_supported.
  [[nodiscard]] net::DatagramOpener datagram_opener();
  /// A datagram socket on `bind` (this host's address or 0.0.0.0; port 0: a free one).
  Result<std::unique_ptr<net::DatagramSocket>> open_datagram(net::Endpoint bind);

  /// A stateful firewall in front of this host, or a port-restricted NAT (the simulation
  /// has one address space, so a NAT here keeps addresses and only filters): an incoming
  /// connect to local port P passes only from an endpoint that port P has dialled (the
  /// hole that outgoing connect opened); others are dropped, and their connect times out.
  /// A connect from an ephemeral port opens no hole for the listen port: a peer that
  /// learns of us cannot dial us back, only a simultaneous open from both listen ports
  /// meets.
  void set_firewalled(bool on) { firewalled_ = on; }
  [[nodiscard]] bool admits(std::uint16_t local_port, const net::Endpoint& from) const {
    return !firewalled_ || holes_.contains({local_port, from});
  }
  void open_hole(std::uint16_t local_port, const net::Endpoint& to) { holes_.insert({local_port, to}); }

  /// When the uplink is free again after sending `bytes` from now; books it.
  Clock::time_point book_uplink(std::size_t bytes);
  /// A port nobody on this host uses yet (for port-0 binds and connecting ends).
  std::uint16_t ephemeral_port();

 private:
  friend class SimListener;
  friend class SimDatagramSocket;
  friend class SimTransport;

  SimNetwork* network_;
  net::Endpoint::V4Bytes address_;
  Clock::time_point uplink_free_{};
  std::uint16_t next_port_ = 40000;
  std::map<std::uint16_t, SimListener*> listeners_;
  std::map<std::uint16_t, SimDatagramSocket*> datagram_ports_;
  bool firewalled_ = false;
  std::set<std::pair<std::uint16_t, net::Endpoint>> holes_;  // (our port, the endpoint it dialled)
  // Simultaneous opens under way here (SimTransport::connect_simultaneous).
  struct Opening {
    net::Endpoint local, remote;
    std::unique_ptr<net::Stream> stream;  // set by the other end when the SYNs cross
    Timer* wake = nullptr;
  };
  std::vector<Opening*> openings_;
};

class SimNetwork {
 public:
  SimNetwork(asio::any_io_executor executor, SimLink link, std::uint64_t seed);
  SimNetwork(const SimNetwork&) = delete;
  SimNetwork& operator=(const SimNetwork&) = delete;
  ~SimNetwork();

  /// A new host, 127.0.0.2, then .3 and so on (at most 250). It lives as long as the network.
  SimHost& add_host();
  /// The host with `address`, if any.
  [[nodiscard]] SimHost* host(const net::Endpoint& address) const;

  [[nodiscard]] const SimLink& link() const { return link_; }
  [[nodiscard]] const SimCounters& counters() const { return counters_; }
  [[nodiscard]] const asio::any_io_executor& executor() const { return executor_; }

  // For the simulated sockets:
  /// Whether the next packet is lost (one draw from the network's seeded generator).
  bool lose();
  SimCounters& mutable_counters() { return counters_; }

 private:
  asio::any_io_executor executor_;
  SimLink link_;
  std::mt19937_64 random_;
  SimCounters counters_;
  std::vector<std::unique_ptr<SimHost>> hosts_;
};

/// A "tcp" transport whose streams cross `host`'s network.
class SimTransport final : public net::Transport {
 public:
  explicit SimTransport(SimHost& host) : host_(&host) {}
  [[nodiscard]] std::string_view scheme() const override { return "tcp"; }
  Task<Result<std::unique_ptr<net::Stream>>> connect(net::Endpoint to, std::chrono::milliseconds timeout) override;
  /// TCP's simultaneous open: SYNs from `local_port` every second, then doubling, until
  /// `timeout`; one that passes the other host's firewall while that host is opening to us
  /// makes one connection of both attempts; else a listener there takes it as a connect.
  Task<Result<std::unique_ptr<net::Stream>>> connect_simultaneous(net::Endpoint to, std::uint16_t local_port,
                                                                  std::chrono::milliseconds timeout) override;
  [[nodiscard]] bool opens_simultaneously() const override { return true; }
  Result<std::unique_ptr<net::Listener>> listen(net::Endpoint bind) override;

 private:
  SimHost* host_;
};

/// Registers a SimTransport for `host` as the plugin "transport_sim" (scheme "tcp").
/// `host` must outlive the plugins built from `registry`.
void register_sim_transport(Registry& registry, SimHost& host);

}  // namespace corrent::test
