#pragma once
// MemoryTransport: an in-memory net::Transport for tests, so a session can run TCP and a
// second transport side by side. Its streams are PipeStream pairs; a listener is found by
// its endpoint in a MemoryNetwork that the sessions of one test share (a listener on
// 0.0.0.0 or [::] takes every address of its port). A connect to an endpoint nobody
// listens on is refused at once, as a closed TCP port would be.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include <absl/container/flat_hash_map.h>

#include "corrent/net/transport.hpp"
#include "corrent/registry/registry.hpp"

namespace corrent::test {

class MemoryListener;

/// The listeners of the in-memory transports of one test, and what was asked of them.
class MemoryNetwork {
 public:
  std::size_t connects = 0;  ///< connect() calls, to any endpoint
  std::size_t refused = 0;   ///< of which found no listener
  std::size_t accepted = 0;  ///< of which reached one
  /// The address IPv4 connecting ends take (a test of address-based rules sets others).
  net::Endpoint::V4Bytes source_v4{127, 0, 0, 1};

 private:
  friend class MemoryListener;
  friend class MemoryTransport;
  [[nodiscard]] MemoryListener* find(const net::Endpoint& to) const;

  absl::flat_hash_map<net::Endpoint, MemoryListener*> listeners_;
  std::uint16_t next_port_ = 40000;  // for listeners on port 0 and connecting ends
};

class MemoryTransport final : public net::Transport {
 public:
  MemoryTransport(asio::any_io_executor executor, MemoryNetwork& network, std::string scheme)
      : executor_(std::move(executor)), network_(&network), scheme_(std::move(scheme)) {}
  [[nodiscard]] std::string_view scheme() const override { return scheme_; }
  Task<Result<std::unique_ptr<net::Stream>>> connect(net::Endpoint to, std::chrono::milliseconds timeout) override;
  Result<std::unique_ptr<net::Listener>> listen(net::Endpoint bind) override;

 private:
  asio::any_io_executor executor_;
  MemoryNetwork* network_;
  std::string scheme_;
};

/// Registers a MemoryTransport plugin named and with the scheme `scheme` on `network`,
/// which must outlive the plugins built from `registry`.
void register_memory_transport(Registry& registry, MemoryNetwork& network, const std::string& scheme = "mem");

}  // namespace corrent::test
