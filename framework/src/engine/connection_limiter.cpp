#include "connection_limiter.hpp"

#include <utility>

#include <asio/this_coro.hpp>

namespace corrent::engine {

// --- Lease ---

Lease::Lease(Lease&& other) noexcept
    : owner_(std::exchange(other.owner_, nullptr)), id_(std::exchange(other.id_, 0)) {}

Lease& Lease::operator=(Lease&& other) noexcept {
  if (this != &other) {
    if (owner_ != nullptr) owner_->release(id_);
    owner_ = std::exchange(other.owner_, nullptr);
    id_ = std::exchange(other.id_, 0);
  }
  return *this;
}

Lease::~Lease() {
  if (owner_ != nullptr) owner_->release(id_);
}

// --- LimitedStream ---

namespace {

class LimitedStream final : public net::Stream {
 public:
  LimitedStream(std::unique_ptr<net::Stream> inner, Lease lease)
      : lease_(std::move(lease)), inner_(std::move(inner)) {}

  Task<Result<std::size_t>> read_some(std::span<std::byte> into) override {
    return inner_->read_some(into);
  }
  Task<Result<void>> write_gather(net::ConstBuffers parts) override {
    return inner_->write_gather(parts);
  }
  void close() noexcept override { inner_->close(); }
  [[nodiscard]] net::Endpoint remote() const override { return inner_->remote(); }
  [[nodiscard]] net::Endpoint local() const override { return inner_->local(); }

 private:
  Lease lease_;  // declared first: released after the inner stream (the descriptor) is gone
  std::unique_ptr<net::Stream> inner_;
};

}  // namespace

std::unique_ptr<net::Stream> limited_stream(std::unique_ptr<net::Stream> inner, Lease lease) {
  return std::make_unique<LimitedStream>(std::move(inner), std::move(lease));
}

bool out_of_descriptors(const std::error_code& error) {
  return error == std::errc::too_many_files_open ||
         error == std::errc::too_many_files_open_in_system ||
         error == std::errc::no_buffer_space || error == std::errc::not_enough_memory;
}

// --- ConnectionLimiter ---

ConnectionLimiter::ConnectionLimiter(Limits limits) : limits_(limits) {
  counts_.max_connections = limits.connections;
}

Task<bool> ConnectionLimiter::wait_for_release(Clock::duration limit) {
  Timer timer(co_await asio::this_coro::executor, limit);
  waiters_.push_back(&timer);
  (void)co_await timer.async_wait(use_nothrow);
  std::erase(waiters_, &timer);
  const auto state = co_await asio::this_coro::cancellation_state;
  co_return state.cancelled() == asio::cancellation_type::none;
}

ConnectionLimiter::Admitted ConnectionLimiter::admit_inbound(std::unique_ptr<net::Stream> stream) {
  const auto address = stream->remote().with_port(0);
  if (blocked(address)) {  // closed before the handshake: not one byte read
    ++counts_.blocked;
    return {};
  }
  const auto at = per_address_.find(address);
  const std::size_t from_address = at == per_address_.end() ? 0 : at->second;
  const bool room =
      (from_address < limits_.per_address || evict_oldest(address)) &&
      (counts_.handshakes < limits_.handshakes || evict_oldest(std::nullopt)) &&
      (counts_.connections < limits_.connections || evict_oldest(std::nullopt));
  if (!room) {
    ++counts_.refused;
    return {};
  }
  Lease lease = add(address, true);
  const auto id = lease.id();
  auto limited = limited_stream(std::move(stream), std::move(lease));
  entries_.at(id).stream = limited.get();
  return {std::move(limited), id};
}

std::optional<Lease> ConnectionLimiter::reserve_outbound(const net::Endpoint& to) {
  const auto address = to.with_port(0);
  if (blocked(address)) {
    ++counts_.blocked;
    return std::nullopt;
  }
  const auto at = per_address_.find(address);
  if (at != per_address_.end() && at->second >= limits_.per_address) return std::nullopt;
  if (counts_.connections >= limits_.connections) return std::nullopt;
  return add(address, false);
}

void ConnectionLimiter::handshake_done(std::uint64_t id) {
  const auto it = entries_.find(id);
  if (it == entries_.end() || !it->second.handshake) return;
  handshakes_.erase(*it->second.handshake);
  it->second.handshake.reset();
  it->second.stream = nullptr;  // no longer a candidate for eviction
  --counts_.handshakes;
}

Lease ConnectionLimiter::add(const net::Endpoint& address, bool inbound) {
  const auto id = next_id_++;
  Entry entry{address, nullptr, true, std::nullopt};
  if (inbound) {
    entry.handshake = handshakes_.insert(handshakes_.end(), id);
    ++counts_.handshakes;
  }
  entries_.emplace(id, entry);
  ++per_address_[address];
  ++counts_.connections;
  return Lease(this, id);
}

void ConnectionLimiter::uncount(Entry& entry) {
  if (!entry.counted) return;
  entry.counted = false;
  if (entry.handshake) {
    handshakes_.erase(*entry.handshake);
    entry.handshake.reset();
    --counts_.handshakes;
  }
  if (const auto it = per_address_.find(entry.address); it != per_address_.end()) {
    if (--it->second == 0) per_address_.erase(it);
  }
  --counts_.connections;
  for (auto* waiter : waiters_) waiter->cancel();
}

void ConnectionLimiter::release(std::uint64_t id) {
  const auto it = entries_.find(id);
  if (it == entries_.end()) return;
  uncount(it->second);
  entries_.erase(it);
}

bool ConnectionLimiter::evict_oldest(const std::optional<net::Endpoint>& address) {
  for (const auto id : handshakes_) {
    auto& entry = entries_.at(id);
    if (address && entry.address != *address) continue;
    net::Stream* stream = entry.stream;
    uncount(entry);  // invalidates nothing we still use: the loop ends here
    if (stream != nullptr) stream->close();
    ++counts_.evicted;
    return true;
  }
  return false;
}

}  // namespace corrent::engine
