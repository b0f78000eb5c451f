#pragma once
// The rig of the mapper tests: a FakeGateway and a NatPmpMapper pointed at it, each run in
// a TaskGroup of its own (the mapper's stopped as the session stops it), a MappingSink
// that records, and the polling helpers.

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>
#include <asio/this_coro.hpp>

#include "corrent/core/clock.hpp"
#include "corrent/net/port_mapper.hpp"
#include "corrent/net/task_group.hpp"
#include "fake_gateway.hpp"
#include "nat_pmp_mapper.hpp"
#include "support/run_coro.hpp"

namespace corrent::nat_pmp::test {

using namespace std::chrono_literals;

inline const std::vector<PortRequest> kWanted{{6881, PortProtocol::tcp}, {6881, PortProtocol::udp}};
inline const auto kExternal = corrent::net::Endpoint::v4({203, 0, 113, 7}, 6881 + FakeGateway::kPortOffset);

class Recorder final : public corrent::MappingSink {
 public:
  struct Mapped {
    PortRequest request;
    corrent::net::Endpoint external;
  };
  void on_mapped(const PortRequest& request, corrent::net::Endpoint external) override {
    mapped.push_back({request, external});
  }
  void on_unmapped(const PortRequest& request, std::error_code why) override { unmapped.push_back({request, why}); }
  std::vector<Mapped> mapped;
  std::vector<std::pair<PortRequest, std::error_code>> unmapped;
};

inline Task<void> run_mapper(nat_pmp::NatPmpMapper* mapper, Recorder* sink, std::optional<corrent::Result<void>>* out) {
  *out = co_await mapper->run(kWanted, *sink);
}

inline Task<void> sleep_for(std::chrono::milliseconds d) {
  asio::steady_timer t(co_await asio::this_coro::executor, d);
  (void)co_await t.async_wait(corrent::use_nothrow);
}

// Polls `pred` every 10 ms until it holds or `limit` passes.
template <class Pred>
Task<bool> eventually(Pred pred, std::chrono::milliseconds limit) {
  const auto end = Clock::now() + limit;
  while (!pred() && Clock::now() < end) co_await sleep_for(10ms);
  co_return pred();
}

// In a coroutine: fails the test unless the condition holds within `limit`.
#define REQUIRE_WITHIN(limit, ...)                                                \
  do {                                                                            \
    const bool within_ = co_await eventually([&] { return __VA_ARGS__; }, limit); \
    BOOST_TEST_REQUIRE(within_, #__VA_ARGS__ " within " #limit);                  \
  } while (false)

// A gateway and a mapper pointed at it, each in its own task group.
struct Rig {
  explicit Rig(nat_pmp::NatPmpSettings settings = {}) : gateway(io) {
    settings.gateway = nat_pmp::Ipv4Bytes{127, 0, 0, 1};
    settings.port = gateway.port();
    settings.max_attempts = 3;  // 250 + 500 + 1000 ms
    mapper = std::make_unique<nat_pmp::NatPmpMapper>(io.get_executor(), settings);
  }
  void start() {
    gateway_tasks.spawn(gateway.serve());
    mapper_tasks.spawn(run_mapper(mapper.get(), &sink, &returned));
  }
  // Stops the mapper as the session does; returns how long it took.
  Task<std::chrono::milliseconds> stop_mapper() {
    const auto t0 = Clock::now();
    const bool within = co_await mapper_tasks.stop_within(3000ms);
    BOOST_TEST(within);
    co_return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0);
  }
  void finish() { corrent::test::run_coro(io, gateway_tasks.stop(), 5s); }

  asio::io_context io;
  FakeGateway gateway;
  Recorder sink;
  std::unique_ptr<nat_pmp::NatPmpMapper> mapper;
  std::optional<corrent::Result<void>> returned;
  corrent::net::TaskGroup gateway_tasks{io.get_executor()};
  corrent::net::TaskGroup mapper_tasks{io.get_executor()};
};

inline bool all_errors(const Recorder& r, std::error_code e) {
  for (const auto& u : r.unmapped) {
    if (u.second != e) return false;
  }
  return !r.unmapped.empty();
}

inline std::chrono::milliseconds since(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t);
}


}  // namespace corrent::nat_pmp::test
