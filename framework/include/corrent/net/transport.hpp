#pragma once
// The transport plugin kind: Streams out (connect) and in (listen, accept) for one scheme
// ("tcp", "utp"). transport_tcp implements it; tests use an in-memory pipe instead.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "corrent/core/result.hpp"
#include "corrent/core/task.hpp"
#include "corrent/net/endpoint.hpp"
#include "corrent/net/stream.hpp"
#include "corrent/plugin/plugin.hpp"

namespace corrent::net {

/// A listening socket (or a pair of them, IPv4 and IPv6, behind one object).
class Listener {
 public:
  virtual ~Listener() = default;

  /// The next inbound connection. Waits until one arrives, the listener is closed
  /// (operation_aborted) or the awaiting coroutine is cancelled: an accept is ended by
  /// shutdown, not by a deadline.
  virtual Task<Result<std::unique_ptr<Stream>>> accept() = 0;

  /// The addresses actually bound, with the real port when 0 was asked for: one, or two
  /// when IPv4 and IPv6 are served by separate sockets.
  [[nodiscard]] virtual std::vector<Endpoint> local_endpoints() const = 0;

  /// Stops listening; a pending accept() completes with an error. Idempotent.
  virtual void close() noexcept = 0;
};

/// Where serve() hands what it accepts. Called on the session executor.
class InboundSink {
 public:
  virtual ~InboundSink() = default;
  /// The transport is listening on `bound` (with the real port when 0 was asked for).
  virtual void on_listening(Endpoint bound) = 0;
  /// A new inbound connection; the sink owns it from now on.
  virtual void on_inbound(std::unique_ptr<Stream> stream) = 0;
};

/// Makes connections of one scheme.
class Transport : public Plugin {
 public:
  /// The scheme this transport serves: "tcp", "utp". Stable for the object's lifetime.
  [[nodiscard]] virtual std::string_view scheme() const = 0;

  /// Connects to `to`, failing with net::errc::timed_out after `timeout` (every wait is
  /// bounded, STYLE.md rule 7). A transport may bound its own connect time further.
  virtual Task<Result<std::unique_ptr<Stream>>> connect(Endpoint to,
                                                         std::chrono::milliseconds timeout) = 0;

  /// A connect for hole punching (BEP 55): both ends dial each other at once, from the
  /// port they listen on (`local_port`), so that each one's outgoing attempt opens its own
  /// NAT or firewall to the other's; the two attempts meet as one connection (TCP's
  /// simultaneous open, or uTP's crossing SYNs). Fails like connect(). The default is a
  /// plain connect(): it passes a firewall that filters by address, not a port-restricted
  /// NAT. A transport that can do better overrides it.
  virtual Task<Result<std::unique_ptr<Stream>>> connect_simultaneous(Endpoint to, std::uint16_t local_port,
                                                                     std::chrono::milliseconds timeout) {
    (void)local_port;
    co_return co_await connect(to, timeout);
  }
  /// Whether connect_simultaneous really joins both ends' attempts into one connection,
  /// whose ends must then agree which speaks first. False for the default plain connect,
  /// whose stream is an ordinary outgoing connection (the other end sees an incoming one).
  [[nodiscard]] virtual bool opens_simultaneously() const { return false; }

  /// Opens a listener on `bind`. The unspecified IPv6 address ("[::]:port") listens on
  /// both IPv4 and IPv6 (dual stack) where the transport can.
  virtual Result<std::unique_ptr<Listener>> listen(Endpoint bind) = 0;

  /// listen(bind), then passes every accepted stream to `sink` until cancelled (then it
  /// returns operation_aborted) or the listener fails. `sink` must outlive the call.
  Task<Result<void>> serve(Endpoint bind, InboundSink& sink);
};

}  // namespace corrent::net
