#pragma once
// A connected byte stream to a peer, produced by a Transport (tcp, utp, an in-memory pipe
// in tests). Minimal on purpose: the wire issue (handshake, codec and PeerConnection over
// any Stream) extends it, e.g. with gathered writes, when it needs them.

#include <cstddef>
#include <span>

#include "corrent/core/result.hpp"
#include "corrent/core/task.hpp"
#include "corrent/net/endpoint.hpp"

namespace corrent::net {

/// One connection. Its operations run on the session executor; a pending read or write
/// ends with operation_aborted when the stream is closed or the awaiting coroutine is
/// cancelled. Errors, including end of stream (asio::error::eof), are values.
class Stream {
 public:
  virtual ~Stream() = default;

  /// Reads at least one byte into `into` (which must stay valid until the read completes)
  /// and returns how many were read.
  virtual Task<Result<std::size_t>> read_some(std::span<std::byte> into) = 0;

  /// Writes all of `data` (valid until the write completes) or fails.
  virtual Task<Result<void>> write_all(std::span<const std::byte> data) = 0;

  /// Closes the stream; pending operations complete with an error. Idempotent.
  virtual void close() noexcept = 0;

  /// The peer's address.
  [[nodiscard]] virtual Endpoint remote() const = 0;
  /// Our side's address.
  [[nodiscard]] virtual Endpoint local() const = 0;
};

}  // namespace corrent::net
