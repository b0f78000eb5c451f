#include "utp_transport.hpp"

#include <algorithm>
#include <asio/error.hpp>
#include "corrent/net/error.hpp"

namespace corrent::transport_utp {

/// A listener is a view of the manager's accept queue on the sockets bound for it.
class UtpListener final : public net::Listener {
 public:
  UtpListener(UtpTransport& transport, std::vector<net::Endpoint> bound) : transport_(&transport), bound_(std::move(bound)) {}
  ~UtpListener() override { close(); }
  Task<Result<std::unique_ptr<net::Stream>>> accept() override {
    if (transport_ == nullptr) co_return fail(asio::error::operation_aborted);
    co_return co_await transport_->manager().accept();
  }
  [[nodiscard]] std::vector<net::Endpoint> local_endpoints() const override { return bound_; }
  void close() noexcept override {
    if (transport_ == nullptr) return;
    transport_->listener_closed();
    transport_ = nullptr;
  }

 private:
  UtpTransport* transport_;
  std::vector<net::Endpoint> bound_;
};

UtpTransport::UtpTransport(asio::any_io_executor executor, net::DatagramService* service, UtpSettings settings) {
  if (service == nullptr) {
    own_service_ = std::make_unique<net::DatagramService>(executor);
    service = own_service_.get();
  }
  service_ = service;
  manager_ = std::make_unique<UtpSocketManager>(executor, *service_, std::move(settings));
}

UtpTransport::~UtpTransport() = default;

Task<Result<std::unique_ptr<net::Stream>>> UtpTransport::connect(net::Endpoint to, std::chrono::milliseconds timeout) {
  // Without a session nothing may be open yet: a socket of the family, on any port.
  if (own_service_ && !service_->can_send_to(to)) {
    (void)service_->open(to.is_v6() ? net::Endpoint::v6({}, 0) : net::Endpoint::v4({0, 0, 0, 0}, 0));
  }
  co_return co_await manager_->connect(to, timeout);
}

Result<std::unique_ptr<net::Listener>> UtpTransport::listen(net::Endpoint bind) {
  std::vector<net::Endpoint> bound;
  for (const auto& e : service_->local_endpoints()) {
    if (e.with_port(0) == bind.with_port(0) && (bind.port() == 0 || e.port() == bind.port())) bound.push_back(e);
  }
  if (bound.empty()) {
    auto opened = service_->open(bind);
    if (!opened) return tl::make_unexpected(opened.error());
    bound.push_back(*opened);
  }
  ++listeners_;
  manager_->listen();
  return std::make_unique<UtpListener>(*this, std::move(bound));
}

void UtpTransport::listener_closed() {
  if (listeners_ > 0 && --listeners_ == 0) manager_->stop_listening();
}

Task<void> UtpTransport::stop() {
  co_await manager_->stop();
  if (own_service_) co_await own_service_->stop();
}

}  // namespace corrent::transport_utp
