#pragma once
// PipeStream: an in-memory net::Stream pair for tests of the wire and engine. What one end
// writes, the other reads; close() gives the other end EOF once it has read what was
// sent; a pending read ends with operation_aborted on close() or cancellation. Drip mode
// makes an end write one byte per interval, for slow-peer tests.

#include <chrono>
#include <cstddef>
#include <deque>
#include <memory>
#include <utility>

#include <asio/any_io_executor.hpp>
#include <asio/steady_timer.hpp>

#include "corrent/net/endpoint.hpp"
#include "corrent/net/stream.hpp"

namespace corrent::test {

class PipeStream final : public net::Stream {
 public:
  using Pair = std::pair<std::unique_ptr<PipeStream>, std::unique_ptr<PipeStream>>;

  /// Two connected ends; first's remote() is `second_address` and the other way round.
  static Pair make_pair(const asio::any_io_executor& executor,
                        net::Endpoint first_address = net::Endpoint::v4({10, 0, 0, 1}, 6881),
                        net::Endpoint second_address = net::Endpoint::v4({10, 0, 0, 2}, 6882));

  ~PipeStream() override;

  Task<Result<std::size_t>> read_some(std::span<std::byte> into) override;
  Task<Result<void>> write_gather(net::ConstBuffers parts) override;
  void close() noexcept override;
  [[nodiscard]] net::Endpoint remote() const override { return remote_; }
  [[nodiscard]] net::Endpoint local() const override { return local_; }

  /// From now on, writes from this end deliver one byte every `interval` (0: all at once).
  void set_drip(std::chrono::milliseconds interval) { drip_ = interval; }
  /// Whether close() was called on this end.
  [[nodiscard]] bool closed() const { return closed_; }
  /// Whether the other end has closed (reads here will see EOF once drained).
  [[nodiscard]] bool peer_closed() const { return in_->writer_closed; }
  /// Bytes written by this end so far.
  [[nodiscard]] std::size_t bytes_written() const { return written_; }

  /// One direction of the pipe, shared by the two ends.
  struct Direction {
    explicit Direction(const asio::any_io_executor& executor);
    std::deque<std::byte> bytes;
    bool writer_closed = false;  // the reader sees EOF once `bytes` is drained
    bool reader_closed = false;  // the writer gets broken_pipe
    asio::steady_timer readable;  // never expires; cancelled to wake the reader
  };

 private:
  PipeStream(asio::any_io_executor executor, std::shared_ptr<Direction> in,
             std::shared_ptr<Direction> out, net::Endpoint local, net::Endpoint remote)
      : executor_(std::move(executor)),
        in_(std::move(in)),
        out_(std::move(out)),
        local_(local),
        remote_(remote) {}
  Task<Result<void>> drip_bytes(std::span<const std::byte> part);

  asio::any_io_executor executor_;
  std::shared_ptr<Direction> in_;
  std::shared_ptr<Direction> out_;
  net::Endpoint local_;
  net::Endpoint remote_;
  std::chrono::milliseconds drip_{0};
  std::size_t written_ = 0;
  bool closed_ = false;
};

}  // namespace corrent::test
