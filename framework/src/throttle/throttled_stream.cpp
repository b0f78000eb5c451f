#include "corrent/throttle/throttled_stream.hpp"

#include <array>
#include <utility>
#include <vector>

#include <asio/error.hpp>

namespace corrent::throttle {

namespace {

class ThrottledStream final : public net::Stream {
 public:
  ThrottledStream(std::unique_ptr<net::Stream> inner, Scheduler& down, Scheduler& up,
                  std::shared_ptr<const ConnectionLimits> limits)
      : inner_(std::move(inner)), down_(down), up_(up), limits_(std::move(limits)) {}

  // Not coroutines themselves: without a limit the inner operation is returned as it is.
  Task<Result<std::size_t>> read_some(std::span<std::byte> into) override {
    Drawn drawn = draw(&LimitPair::down);
    if (into.empty() || !Scheduler::any_limited(drawn.buckets)) return inner_->read_some(into);
    return limited_read(into, std::move(drawn));
  }
  Task<Result<void>> write_gather(net::ConstBuffers parts) override {
    Drawn drawn = draw(&LimitPair::up);
    if (!Scheduler::any_limited(drawn.buckets)) return inner_->write_gather(parts);
    return limited_write(parts, std::move(drawn));
  }
  void close() noexcept override { inner_->close(); }
  [[nodiscard]] net::Endpoint remote() const override { return inner_->remote(); }
  [[nodiscard]] net::Endpoint local() const override { return inner_->local(); }

 private:
  // The buckets of one operation, kept alive by it: the torrent's may be replaced meanwhile.
  struct Drawn {
    std::shared_ptr<LimitPair> session;
    std::shared_ptr<LimitPair> torrent;
    std::array<TokenBucket*, 2> buckets{};
  };

  Drawn draw(TokenBucket LimitPair::*direction) const {
    Drawn d{limits_->session, limits_->torrent, {}};
    if (d.session) d.buckets[0] = &((*d.session).*direction);
    if (d.torrent) d.buckets[1] = &((*d.torrent).*direction);
    return d;
  }

  Task<Result<std::size_t>> limited_read(std::span<std::byte> into, Drawn drawn) {
    const std::size_t granted = co_await down_.acquire(drawn.buckets, into.size());
    if (granted == 0) co_return fail(asio::error::operation_aborted);
    auto n = co_await inner_->read_some(into.first(granted));
    Scheduler::give_back(drawn.buckets, n ? granted - *n : granted);
    co_return n;
  }

  Task<Result<void>> limited_write(net::ConstBuffers parts, Drawn drawn) {
    std::size_t total = 0;
    for (const auto& p : parts) total += p.size();
    std::size_t sent = 0;
    std::vector<std::span<const std::byte>> piece;
    while (sent < total) {
      const std::size_t granted = co_await up_.acquire(drawn.buckets, total - sent);
      if (granted == 0) co_return fail(asio::error::operation_aborted);
      slice(parts, sent, granted, piece);
      auto written = co_await inner_->write_gather(piece);
      if (!written) co_return written;
      sent += granted;
    }
    co_return Result<void>{};
  }

  // The bytes [from, from + length) of `parts`, as spans into them.
  static void slice(net::ConstBuffers parts, std::size_t from, std::size_t length,
                    std::vector<std::span<const std::byte>>& out) {
    out.clear();
    for (const auto& p : parts) {
      if (length == 0) break;
      if (from >= p.size()) {
        from -= p.size();
        continue;
      }
      const std::size_t n = std::min(p.size() - from, length);
      out.push_back(p.subspan(from, n));
      from = 0;
      length -= n;
    }
  }

  std::unique_ptr<net::Stream> inner_;
  Scheduler& down_;
  Scheduler& up_;
  std::shared_ptr<const ConnectionLimits> limits_;
};

}  // namespace

std::unique_ptr<net::Stream> throttled_stream(std::unique_ptr<net::Stream> inner, Scheduler& down, Scheduler& up,
                                              std::shared_ptr<const ConnectionLimits> limits) {
  return std::make_unique<ThrottledStream>(std::move(inner), down, up, std::move(limits));
}

}  // namespace corrent::throttle
