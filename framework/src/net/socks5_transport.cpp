#include "corrent/net/socks5_transport.hpp"

#include <algorithm>
#include <utility>

#include <asio/ip/tcp.hpp>

#include "corrent/net/asio_endpoint.hpp"
#include "corrent/net/error.hpp"
#include "corrent/net/timeout.hpp"

namespace corrent::net {

namespace {

// The tunnel: the proxy's connection, whose far end is the peer. remote() names the peer,
// not the proxy, so that the engine tells peers apart (bans, duplicates, per-address bounds).
class TunnelStream final : public Stream {
 public:
  TunnelStream(std::unique_ptr<Stream> to_proxy, Endpoint peer) : inner_(std::move(to_proxy)), peer_(peer) {}

  Task<Result<std::size_t>> read_some(std::span<std::byte> into) override { return inner_->read_some(into); }
  Task<Result<void>> write_gather(ConstBuffers parts) override { return inner_->write_gather(parts); }
  void close() noexcept override { inner_->close(); }
  [[nodiscard]] Endpoint remote() const override { return peer_; }
  [[nodiscard]] Endpoint local() const override { return inner_->local(); }

 private:
  std::unique_ptr<Stream> inner_;
  Endpoint peer_;
};

class Socks5Transport final : public Transport {
 public:
  Socks5Transport(asio::any_io_executor executor, Transport& inner, ProxySettings proxy)
      : executor_(std::move(executor)), inner_(inner), proxy_(std::move(proxy)) {}

  [[nodiscard]] std::string_view scheme() const override { return inner_.scheme(); }

  Task<Result<std::unique_ptr<Stream>>> connect(Endpoint to, std::chrono::milliseconds timeout) override {
    co_return co_await with_timeout(tunnel(to, timeout), timeout);
  }

  Result<std::unique_ptr<Listener>> listen(Endpoint bind) override { return inner_.listen(bind); }

 private:
  Task<Result<std::unique_ptr<Stream>>> tunnel(Endpoint to, std::chrono::milliseconds timeout) {
    CORRENT_CO_TRY(const Endpoint proxy_at, co_await proxy_endpoint());
    CORRENT_CO_TRY(auto stream, co_await inner_.connect(proxy_at, timeout));
    const auto handshake = std::min(timeout, kSocks5HandshakeTimeout);
    const Socks5Target target{to};  // named: GCC 12 and temporaries in co_await
    CORRENT_CO_TRY_VOID(co_await socks5_connect(*stream, target, proxy_, handshake));
    co_return std::unique_ptr<Stream>(std::make_unique<TunnelStream>(std::move(stream), to));
  }

  // The proxy's own address: its literal, else its name resolved (a name of the proxy,
  // not of a peer, so no lookup of a peer goes around the proxy).
  Task<Result<Endpoint>> proxy_endpoint() {
    if (auto literal = proxy_.literal_endpoint()) co_return *literal;
    asio::ip::tcp::resolver resolver(executor_);
    auto [ec, results] = co_await resolver.async_resolve(proxy_.host, std::to_string(proxy_.port), use_nothrow);
    if (ec) co_return tl::make_unexpected(ec);
    if (results.empty()) co_return fail(errc::bad_address);
    co_return from_asio(results.begin()->endpoint());
  }

  asio::any_io_executor executor_;
  Transport& inner_;
  ProxySettings proxy_;
};

}  // namespace

std::unique_ptr<Transport> socks5_transport(asio::any_io_executor executor, Transport& inner, ProxySettings proxy) {
  return std::make_unique<Socks5Transport>(std::move(executor), inner, std::move(proxy));
}

}  // namespace corrent::net
