#include "pipe_stream.hpp"

#include <algorithm>

#include <asio/error.hpp>
#include <asio/this_coro.hpp>

namespace corrent::test {

PipeStream::Direction::Direction(const asio::any_io_executor& executor)
    : readable(executor, asio::steady_timer::time_point::max()) {}

PipeStream::Pair PipeStream::make_pair(const asio::any_io_executor& executor,
                                       net::Endpoint first_address,
                                       net::Endpoint second_address) {
  auto a_to_b = std::make_shared<Direction>(executor);
  auto b_to_a = std::make_shared<Direction>(executor);
  std::unique_ptr<PipeStream> first(
      new PipeStream(executor, b_to_a, a_to_b, first_address, second_address));
  std::unique_ptr<PipeStream> second(
      new PipeStream(executor, a_to_b, b_to_a, second_address, first_address));
  return {std::move(first), std::move(second)};
}

PipeStream::~PipeStream() { close(); }

Task<Result<std::size_t>> PipeStream::read_some(std::span<std::byte> into) {
  for (;;) {
    if (closed_) co_return fail(asio::error::operation_aborted);
    if (!in_->bytes.empty()) {
      const std::size_t n = std::min(into.size(), in_->bytes.size());
      std::copy_n(in_->bytes.begin(), n, into.begin());
      in_->bytes.erase(in_->bytes.begin(), in_->bytes.begin() + static_cast<std::ptrdiff_t>(n));
      co_return n;
    }
    if (in_->writer_closed) co_return fail(asio::error::eof);
    // Hold the direction: close() and the other end's destruction must not free it now.
    const auto in = in_;
    (void)co_await in->readable.async_wait(use_nothrow);
    // The timer is cancelled both to wake us and by our own cancellation: tell them apart.
    const auto state = co_await asio::this_coro::cancellation_state;
    if (state.cancelled() != asio::cancellation_type::none) {
      co_return fail(asio::error::operation_aborted);
    }
  }
}

Task<Result<void>> PipeStream::write_gather(net::ConstBuffers parts) {
  for (const auto& part : parts) {
    if (closed_) co_return fail(asio::error::operation_aborted);
    if (out_->reader_closed) co_return fail(asio::error::broken_pipe);
    if (drip_.count() > 0) {
      CORRENT_CO_TRY_VOID(co_await drip_bytes(part));
      continue;
    }
    out_->bytes.insert(out_->bytes.end(), part.begin(), part.end());
    written_ += part.size();
    out_->readable.cancel();
  }
  co_return Result<void>{};
}

Task<Result<void>> PipeStream::drip_bytes(std::span<const std::byte> part) {
  asio::steady_timer timer(executor_);
  for (const std::byte b : part) {
    if (closed_) co_return fail(asio::error::operation_aborted);
    if (out_->reader_closed) co_return fail(asio::error::broken_pipe);
    out_->bytes.push_back(b);
    ++written_;
    out_->readable.cancel();
    timer.expires_after(drip_);
    auto [ec] = co_await timer.async_wait(use_nothrow);
    if (ec) co_return fail(ec);
  }
  co_return Result<void>{};
}

void PipeStream::close() noexcept {
  if (closed_) return;
  closed_ = true;
  out_->writer_closed = true;
  in_->reader_closed = true;
  in_->readable.cancel();
  out_->readable.cancel();
}

}  // namespace corrent::test
