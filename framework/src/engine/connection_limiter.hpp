#pragma once
// ConnectionLimiter: the session's bounds on connections (all of them; inbound ones still
// in their handshake; per remote address). A Lease is one connection's place, released when
// the Lease is destroyed; limited_stream() ties a Lease to the Stream it counts, so the
// place is held exactly as long as the descriptor.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <optional>
#include <vector>

#include <absl/container/flat_hash_map.h>
#include <asio/any_io_executor.hpp>
#include "corrent/core/clock.hpp"

#include "corrent/core/task.hpp"
#include "corrent/engine/connection_counts.hpp"
#include "corrent/net/endpoint.hpp"
#include "corrent/net/ip_filter.hpp"
#include "corrent/net/stream.hpp"

namespace corrent::engine {

class ConnectionLimiter;

/// One connection's place in the limiter. Move-only; destroying it frees the place.
class Lease {
 public:
  Lease() = default;
  Lease(ConnectionLimiter* owner, std::uint64_t id) : owner_(owner), id_(id) {}
  Lease(Lease&& other) noexcept;
  Lease& operator=(Lease&& other) noexcept;
  ~Lease();

  [[nodiscard]] std::uint64_t id() const { return id_; }

 private:
  ConnectionLimiter* owner_ = nullptr;
  std::uint64_t id_ = 0;
};

class ConnectionLimiter {
 public:
  struct Limits {
    std::size_t connections = 0;
    std::size_t handshakes = 0;
    std::size_t per_address = 0;
    std::shared_ptr<const net::IpFilter> blocked;  ///< addresses refused both ways; may be null
  };
  using Counts = ConnectionCounts;

  explicit ConnectionLimiter(Limits limits);
  ConnectionLimiter(const ConnectionLimiter&) = delete;
  ConnectionLimiter& operator=(const ConnectionLimiter&) = delete;

  /// An inbound stream wrapped with its lease, and the lease's id (for handshake_done);
  /// `stream` is null when it was refused.
  struct Admitted {
    std::unique_ptr<net::Stream> stream;
    std::uint64_t lease = 0;
  };

  /// Takes `stream` (just accepted) if there is room, counted as handshaking; refused (the
  /// caller closes it) if not. Where only an inbound handshake stands in the way (the
  /// handshake bound, the total, or the address's bound), the oldest such handshake is
  /// closed for the newcomer: a stalled flood cannot lock honest peers out.
  Admitted admit_inbound(std::unique_ptr<net::Stream> stream);

  /// A place for an outbound connection to `to`, held from before the connect; nullopt if
  /// there is none. Never closes another connection.
  std::optional<Lease> reserve_outbound(const net::Endpoint& to);
  /// Whether the IP filter refuses `address` (its port is ignored).
  [[nodiscard]] bool blocked(const net::Endpoint& address) const {
    return limits_.blocked && limits_.blocked->blocked(address);
  }
  /// Whether reserve_outbound to a new address could succeed now.
  [[nodiscard]] bool can_dial() const { return counts_.connections < limits_.connections; }

  /// The connection behind lease `id` finished its handshake: it no longer counts as one.
  void handshake_done(std::uint64_t id);

  /// Waits until a place is freed or `limit` passes; false if cancelled. Any number of
  /// coroutines may wait at once (one accept loop per listener).
  Task<bool> wait_for_release(Clock::duration limit);

  [[nodiscard]] const Counts& counts() const { return counts_; }
  [[nodiscard]] const Limits& limits() const { return limits_; }

 private:
  friend class Lease;
  struct Entry {
    net::Endpoint address;  // port 0
    net::Stream* stream = nullptr;  // inbound: closed on eviction
    bool counted = true;            // false once evicted (the Lease may live on briefly)
    std::optional<std::list<std::uint64_t>::iterator> handshake;  // place in handshakes_
  };

  Lease add(const net::Endpoint& address, bool inbound);
  void release(std::uint64_t id);
  void uncount(Entry& entry);
  // Closes the oldest inbound handshake (from `address` only, when given); false if none.
  bool evict_oldest(const std::optional<net::Endpoint>& address);

  Limits limits_;
  Counts counts_;
  absl::flat_hash_map<std::uint64_t, Entry> entries_;
  absl::flat_hash_map<net::Endpoint, std::size_t> per_address_;
  std::list<std::uint64_t> handshakes_;  // inbound handshakes, oldest first
  std::uint64_t next_id_ = 1;
  std::vector<Timer*> waiters_;  // in wait_for_release; cancelled on a release
};

/// EMFILE, ENFILE, ENOBUFS or ENOMEM: the process or the system is out of descriptors or
/// socket memory, which waiting cures; retrying at once does not.
[[nodiscard]] bool out_of_descriptors(const std::error_code& error);

/// `inner` wrapped so that `lease` is held until the returned stream is destroyed. The
/// calls forward without a coroutine frame of their own.
std::unique_ptr<net::Stream> limited_stream(std::unique_ptr<net::Stream> inner, Lease lease);

}  // namespace corrent::engine
