#pragma once
// A connected byte stream to a peer, produced by a Transport (tcp, utp, an in-memory pipe
// in tests). The wire's PeerConnection works over any Stream.

#include <array>
#include <cstddef>
#include <span>

#include "corrent/core/result.hpp"
#include "corrent/core/task.hpp"
#include "corrent/net/endpoint.hpp"

namespace corrent::net {

/// Several byte ranges written as one, in order (a message header and a borrowed block).
using ConstBuffers = std::span<const std::span<const std::byte>>;

/// One connection. Its operations run on the session executor, one read and one write at
/// a time (a reader and a writer coroutine may overlap). A pending read or write ends with
/// asio::error::operation_aborted when the stream is closed or the awaiting coroutine is
/// cancelled (a terminal cancellation through the coroutine's cancellation slot, as `||`
/// and TaskGroup::stop() emit). Errors, including end of stream (asio::error::eof), are
/// values.
class Stream {
 public:
  virtual ~Stream() = default;

  /// Reads at least one byte into `into` (which must stay valid until the read completes)
  /// and returns how many were read. End of stream is asio::error::eof.
  virtual Task<Result<std::size_t>> read_some(std::span<std::byte> into) = 0;

  /// Writes every byte of `parts`, in order, or fails. The bytes (and the span of spans)
  /// must stay valid until the write completes: nothing is copied on the way.
  virtual Task<Result<void>> write_gather(ConstBuffers parts) = 0;

  /// Writes all of `data`: write_gather with one part.
  Task<Result<void>> write_all(std::span<const std::byte> data) {
    const std::array<std::span<const std::byte>, 1> parts{data};
    co_return co_await write_gather(parts);
  }

  /// Closes the stream; pending operations complete with an error, later ones fail with
  /// net::errc::stream_closed or operation_aborted. Idempotent.
  virtual void close() noexcept = 0;

  /// The peer's address.
  [[nodiscard]] virtual Endpoint remote() const = 0;
  /// Our side's address.
  [[nodiscard]] virtual Endpoint local() const = 0;
};

}  // namespace corrent::net
