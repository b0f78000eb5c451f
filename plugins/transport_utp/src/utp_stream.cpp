#include "utp_stream.hpp"

#include <asio/error.hpp>
#include "corrent/net/error.hpp"

namespace corrent::transport_utp {

UtpStream::UtpStream(std::shared_ptr<UtpEntry> entry) : entry_(std::move(entry)) { entry_->stream_open = true; }

UtpStream::~UtpStream() { close(); }

std::error_code UtpStream::failure() const {
  if (closed_) return asio::error::operation_aborted;
  if (entry_->detached()) return asio::error::operation_aborted;
  const auto& c = *entry_->connection;
  if (c.error()) return c.error();
  if (c.state() == ConnectionState::closed) return asio::error::connection_reset;
  return {};
}

Task<Result<std::size_t>> UtpStream::read_some(std::span<std::byte> into) {
  auto& c = *entry_->connection;
  while (true) {
    if (closed_) co_return fail(asio::error::operation_aborted);
    if (c.readable() > 0) {
      const auto bytes = std::span(reinterpret_cast<std::uint8_t*>(into.data()), into.size());
      co_return c.read(bytes, now_us());
    }
    if (c.at_eof()) co_return fail(asio::error::eof);
    if (const auto why = failure()) co_return tl::make_unexpected(why);
    const bool woken = co_await entry_->changed.wait();
    if (!woken) co_return fail(asio::error::operation_aborted);
  }
}

Task<Result<void>> UtpStream::write_gather(net::ConstBuffers parts) {
  auto& c = *entry_->connection;
  for (const auto& part : parts) {
    auto rest = std::span(reinterpret_cast<const std::uint8_t*>(part.data()), part.size());
    while (!rest.empty()) {
      if (const auto why = failure()) co_return tl::make_unexpected(why);
      if (c.state() == ConnectionState::closing) co_return fail(net::errc::stream_closed);
      const std::size_t taken = c.write(rest, now_us());
      rest = rest.subspan(taken);
      if (taken > 0) continue;
      const bool woken = co_await entry_->changed.wait();
      if (!woken) co_return fail(asio::error::operation_aborted);
    }
  }
  co_return Result<void>{};
}

void UtpStream::close() noexcept {
  if (closed_) return;
  closed_ = true;
  entry_->stream_open = false;
  if (!entry_->detached()) entry_->connection->close(now_us());
  entry_->changed.notify_all();
}

}  // namespace corrent::transport_utp
