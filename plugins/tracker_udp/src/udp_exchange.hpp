#pragma once
// The request/reply exchange of BEP 15 over a DatagramService: send, wait base * 2^n,
// retransmit, up to max_retransmits. The exchange's handler claims a datagram only when
// its transaction id is one a request waits for and it comes from that request's tracker;
// anything else goes on to the service's other handlers (uTP, the DHT) or is dropped.
// The service is the session's shared one when there is a session, else the exchange's
// own, with a socket per address family opened on first use. With a SOCKS5 proxy, neither:
// every datagram goes through the exchange's UdpProxyAssociation (issue 17), and a tracker
// known by name is sent to the proxy as that name.

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include <asio/any_io_executor.hpp>
#include <asio/ip/udp.hpp>
#include "corrent/core/clock.hpp"

#include "corrent/core/result.hpp"
#include "corrent/core/task.hpp"
#include "corrent/net/datagram_service.hpp"
#include "corrent/net/socks5.hpp"
#include "udp_proxy_association.hpp"

namespace corrent::tracker_udp {

/// Retransmission schedule.
struct RetransmitPolicy {
  std::chrono::milliseconds base{15000};
  std::uint32_t max_retransmits = 8;
};

/// A reply and the transaction id it answered.
struct UdpReply {
  std::uint32_t transaction_id = 0;
  std::vector<std::uint8_t> packet;
  bool from_v6 = false;  ///< from an IPv6 tracker: peers are 18-byte entries
};

class UdpExchange {
 public:
  /// `shared`: the session's service (it outlives the exchange), or nullptr for an own one.
  /// With `proxy`, the service is not used: every datagram goes through the proxy.
  UdpExchange(asio::any_io_executor executor, net::DatagramService* shared,
              std::optional<net::ProxySettings> proxy);
  ~UdpExchange();
  UdpExchange(const UdpExchange&) = delete;
  UdpExchange& operator=(const UdpExchange&) = delete;

  /// Sends `make(transaction_id)` to `to` and returns the first reply from `to` carrying
  /// that transaction id, retransmitting per `policy` (same id each time, so a late reply
  /// still counts). `to` is an address, or (through a proxy only) a name the proxy
  /// resolves; a reply to a request by name is taken from whatever address the relay says
  /// sent it. Errors: tracker::errc::timed_out after the last wait, the service's
  /// (net::errc::no_datagram_socket, send_queue_full, ...), the association's
  /// (net::errc::stream_closed when it closed meanwhile), asio::error::operation_aborted
  /// when cancelled or stopped.
  template <class MakePacket>
  Task<Result<UdpReply>> request(net::Socks5Target to, MakePacket make, RetransmitPolicy policy) {
    const std::uint32_t tid = new_transaction_id();
    co_return co_await transact(to, make(tid), tid, policy);
  }

  /// Whether a request to `to` can be sent: always with an own service (it opens a socket
  /// per family on first use), else when the shared one has a socket of `to`'s family.
  [[nodiscard]] bool can_send_to(const asio::ip::udp::endpoint& to) const;

  /// Through a proxy: the association, or nullptr when datagrams go directly.
  [[nodiscard]] UdpProxyAssociation* proxy() { return proxy_.get(); }

  /// Ends every request (operation_aborted), removes the handler, stops an own service.
  Task<void> stop();

 private:
  struct Waiter {
    net::Socks5Target from;
    Timer* timer = nullptr;
    std::optional<std::vector<std::uint8_t>> reply;
    bool reply_v6 = false;  // the reply came from an IPv6 address
  };

  Task<Result<UdpReply>> transact(net::Socks5Target to, std::vector<std::uint8_t> packet,
                                  std::uint32_t tid, RetransmitPolicy policy);
  // Sends one attempt, directly or through the proxy.
  Task<Result<void>> send(const net::Socks5Target& to, const std::vector<std::uint8_t>& packet);
  // Takes a datagram answering a waiting request.
  bool claim(const net::Datagram& datagram);
  // Takes a datagram the relay passed back, answering a waiting request.
  void claim_relayed(const RelayedDatagram& datagram);
  // Hands `bytes` to the request waiting for their transaction id if they come from its
  // tracker (any source for a tracker known by name: only the proxy knows its address).
  bool deliver(std::span<const std::uint8_t> bytes, const net::Socks5Target& from, bool from_v6);
  // With an own service, opens its socket for `to`'s family if not yet open.
  Result<void> ensure_socket(const net::Endpoint& to);
  [[nodiscard]] std::uint32_t new_transaction_id() const;

  asio::any_io_executor executor_;
  std::unique_ptr<net::DatagramService> own_;  // without a session only
  net::DatagramService* service_ = nullptr;  // null with a proxy
  net::DatagramService::Registration registration_;
  std::unique_ptr<UdpProxyAssociation> proxy_;  // with a proxy only
  std::map<std::uint32_t, Waiter*> waiters_;  // each lives in its request's frame
  bool stopped_ = false;
};

}  // namespace corrent::tracker_udp
