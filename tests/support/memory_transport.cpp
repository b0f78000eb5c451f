#include "support/memory_transport.hpp"

#include <deque>

#include <asio/error.hpp>

#include "corrent/core/condition.hpp"
#include "support/pipe_stream.hpp"

namespace corrent::test {

class MemoryListener final : public net::Listener {
 public:
  MemoryListener(const asio::any_io_executor& executor, MemoryNetwork& network, net::Endpoint at)
      : network_(&network), at_(at), arrived_(executor) {
    network_->listeners_[at_] = this;
  }
  ~MemoryListener() override { close(); }

  Task<Result<std::unique_ptr<net::Stream>>> accept() override {
    const bool woken = co_await arrived_.wait_until([this] { return closed_ || !pending_.empty(); });
    if (!woken || closed_) co_return tl::make_unexpected(make_error_code(asio::error::operation_aborted));
    auto stream = std::move(pending_.front());
    pending_.pop_front();
    co_return stream;
  }
  [[nodiscard]] std::vector<net::Endpoint> local_endpoints() const override { return {at_}; }
  void close() noexcept override {
    if (closed_) return;
    closed_ = true;
    network_->listeners_.erase(at_);
    arrived_.notify_all();
  }

  void deliver(std::unique_ptr<net::Stream> stream) {
    pending_.push_back(std::move(stream));
    arrived_.notify_all();
  }

 private:
  MemoryNetwork* network_;
  net::Endpoint at_;
  Condition arrived_;
  std::deque<std::unique_ptr<net::Stream>> pending_;
  bool closed_ = false;
};

MemoryListener* MemoryNetwork::find(const net::Endpoint& to) const {
  for (const auto& any : {net::Endpoint::v4({}, to.port()), net::Endpoint::v6({}, to.port()), to}) {
    if (const auto it = listeners_.find(any); it != listeners_.end()) return it->second;
  }
  return nullptr;
}

Task<Result<std::unique_ptr<net::Stream>>> MemoryTransport::connect(net::Endpoint to, std::chrono::milliseconds) {
  ++network_->connects;
  MemoryListener* listener = network_->find(to);
  if (listener == nullptr) {
    ++network_->refused;
    co_return tl::make_unexpected(std::make_error_code(std::errc::connection_refused));
  }
  ++network_->accepted;
  const auto from = to.is_v4() ? net::Endpoint::v4(network_->source_v4, network_->next_port_++)
                               : net::Endpoint::v6({0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, network_->next_port_++);
  auto [near, far] = PipeStream::make_pair(executor_, from, to);
  listener->deliver(std::move(far));
  co_return std::unique_ptr<net::Stream>(std::move(near));
}

Result<std::unique_ptr<net::Listener>> MemoryTransport::listen(net::Endpoint bind) {
  if (bind.port() == 0) bind = bind.with_port(network_->next_port_++);
  if (network_->listeners_.contains(bind)) return tl::make_unexpected(make_error_code(asio::error::address_in_use));
  return std::make_unique<MemoryListener>(executor_, *network_, bind);
}

void register_memory_transport(Registry& registry, MemoryNetwork& network, const std::string& scheme) {
  (void)registry.add_transport(scheme, [&network, scheme](PluginContext& c) -> Result<std::unique_ptr<net::Transport>> {
    return std::make_unique<MemoryTransport>(c.executor, network, scheme);
  });
}

}  // namespace corrent::test
