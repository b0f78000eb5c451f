#pragma once
// One SOCKS5 UDP association (RFC 1928 section 7) for the UDP trackers behind a proxy
// (issue 17: nothing goes around the proxy). open() connects a TCP control connection to
// the proxy, binds a UDP socket of our own (not the session's shared one: the relay must
// see one source, the one we announce in the request) and asks for UDP ASSOCIATE. Each
// datagram is then sent to the relay behind encode_socks5_udp_header; what comes back is
// taken only from the relay's endpoint and with a header that parses, and its payload goes
// to the handler. The control connection is kept open and watched: when the proxy closes
// it (or the relay socket fails), the association is closed and the next open() makes a
// new one. A refusal (REP 07, command not supported) is an error: never a direct datagram.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include <asio/any_io_executor.hpp>

#include "corrent/core/condition.hpp"
#include "corrent/core/result.hpp"
#include "corrent/core/task.hpp"
#include "corrent/net/socks5.hpp"
#include "corrent/net/task_group.hpp"

namespace corrent::tracker_udp {

/// A datagram the relay passed back: who sent it (DST.ADDR/DST.PORT of its header) and
/// its payload (valid during the handler's call only).
struct RelayedDatagram {
  net::Socks5Target from;
  std::span<const std::uint8_t> payload;
};

class UdpProxyAssociation {
 public:
  using Handler = std::function<void(const RelayedDatagram&)>;

  /// `handler` is called on the executor for every accepted datagram.
  UdpProxyAssociation(asio::any_io_executor executor, net::ProxySettings proxy, Handler handler);
  ~UdpProxyAssociation();
  UdpProxyAssociation(const UdpProxyAssociation&) = delete;
  UdpProxyAssociation& operator=(const UdpProxyAssociation&) = delete;

  /// Makes an association unless one is open, within `timeout` (net::errc::timed_out).
  /// A caller arriving while another opens one waits for that attempt and shares its
  /// outcome. Errors: socks5_errc (command_not_supported when the proxy has no UDP
  /// ASSOCIATE), net::errc::timed_out, the system's (connection refused...).
  Task<Result<void>> open(std::chrono::milliseconds timeout);
  [[nodiscard]] bool is_open() const;
  /// Counts the associations made: a new one means a new source address at the tracker.
  [[nodiscard]] std::uint64_t generation() const { return generation_; }
  [[nodiscard]] const net::ProxySettings& proxy() const { return proxy_; }
  /// "host:port" of the proxy, for messages.
  [[nodiscard]] std::string proxy_text() const;

  /// Sends `payload` to `to` through the relay. Errors: net::errc::stream_closed when no
  /// association is open, socks5_errc::name_too_long, the system's.
  Task<Result<void>> send(net::Socks5Target to, std::vector<std::uint8_t> payload);

  /// Closes the association and ends its tasks. Call before destruction.
  Task<void> stop();

 private:
  struct Live;  // the sockets of one association, shared with its watching task

  Task<Result<void>> associate(std::shared_ptr<Live> live, std::chrono::milliseconds timeout);
  Task<void> run(std::shared_ptr<Live> live);
  Task<void> watch_control(std::shared_ptr<Live> live);
  Task<void> receive(std::shared_ptr<Live> live);

  asio::any_io_executor executor_;
  net::ProxySettings proxy_;
  Handler handler_;
  net::TaskGroup tasks_;
  std::shared_ptr<Live> live_;  // the open association, or null
  bool opening_ = false;
  Result<void> last_open_;  // the outcome of the last attempt, for callers that waited on it
  Condition opened_;        // notified when an attempt ends
  std::uint64_t generation_ = 0;
  bool stopped_ = false;
};

}  // namespace corrent::tracker_udp
