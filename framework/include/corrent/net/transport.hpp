#pragma once
// The transport plugin kind: Streams out (connect) and in (serve) for one scheme ("tcp",
// "utp"). The wire and engine issues extend it (e.g. listen options, IP filtering); this
// is the part the core can define today.

#include <chrono>
#include <memory>
#include <string_view>

#include "corrent/core/result.hpp"
#include "corrent/core/task.hpp"
#include "corrent/net/endpoint.hpp"
#include "corrent/net/stream.hpp"
#include "corrent/plugin/plugin.hpp"

namespace corrent::net {

/// Where a serving Transport hands what it accepts. Called on the session executor.
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

  /// Connects to `to`, failing with std::errc::timed_out after `timeout` (every wait is
  /// bounded, STYLE.md rule 7).
  virtual Task<Result<std::unique_ptr<Stream>>> connect(Endpoint to,
                                                         std::chrono::milliseconds timeout) = 0;

  /// Listens on `bind` and passes every accepted stream to `sink` until cancelled (then
  /// it returns operation_aborted) or the listener fails. `sink` must outlive the call.
  virtual Task<Result<void>> serve(Endpoint bind, InboundSink& sink) = 0;
};

}  // namespace corrent::net
