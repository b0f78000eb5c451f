#include "nat_pmp_mapper.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <tuple>
#include <utility>

#include <asio/error.hpp>
#include <asio/this_coro.hpp>

#include "corrent/core/clock.hpp"
#include "corrent/crypto/random.hpp"
#include "nat_pmp_errc.hpp"

namespace corrent::nat_pmp {
namespace {

Millis now_ms() { return std::chrono::duration_cast<Millis>(Clock::now().time_since_epoch()); }

std::error_code aborted() { return asio::error::operation_aborted; }

bool is_aborted(const Result<Grant>& r) { return !r && r.error() == asio::error::operation_aborted; }

IpProtocol ip_protocol(PortProtocol p) { return p == PortProtocol::udp ? IpProtocol::udp : IpProtocol::tcp; }

PcpNonce random_nonce() {
  std::array<std::byte, std::tuple_size_v<PcpNonce>> bytes{};
  crypto::random_bytes(bytes);
  PcpNonce nonce{};
  std::memcpy(nonce.data(), bytes.data(), nonce.size());
  return nonce;
}

}  // namespace

struct NatPmpMapper::Run {
  std::vector<PortRequest> wanted;  // wanted[i] is schedule slot i
  MappingSink& sink;
  MappingSchedule schedule;
  std::unique_ptr<GatewayClient> client;
};

NatPmpMapper::NatPmpMapper(asio::any_io_executor executor, NatPmpSettings settings)
    : executor_(std::move(executor)), settings_(std::move(settings)) {}

Result<std::unique_ptr<GatewayClient>> NatPmpMapper::open_client() const {
  Ipv4Bytes gateway{};
  if (settings_.gateway) {
    gateway = *settings_.gateway;
  } else {
    CORRENT_TRY(gateway, read_default_gateway(settings_.route_file));
  }
  CORRENT_TRY(auto socket, GatewaySocket::open(executor_, net::Endpoint::v4(gateway, settings_.port)));
  return std::make_unique<GatewayClient>(std::move(socket), settings_.max_attempts, settings_.pcp);
}

Task<Result<void>> NatPmpMapper::run(std::vector<PortRequest> wanted, MappingSink& sink) {
  Run state{std::move(wanted), sink, MappingSchedule(settings_.retry_min, settings_.retry_max), nullptr};
  const Millis start = now_ms();
  for (const auto& request : state.wanted) {
    state.schedule.add(ip_protocol(request.protocol), request.local_port, random_nonce(), start);
  }
  // Each pass maps what is due, then sleeps until the next is; both end on cancellation.
  for (;;) {
    auto step = round(state, now_ms());  // named: GCC 12
    const auto stepped = co_await std::move(step);
    if (!stepped) break;
    auto wait = wait_until_due(state);
    const auto waited = co_await std::move(wait);
    if (!waited) break;
  }
  // Removal waits on the network: it must not be aborted by the cancellation that began it.
  co_await asio::this_coro::reset_cancellation_state();
  auto removal = remove_all(state);
  co_return co_await std::move(removal);
}

Task<Result<void>> NatPmpMapper::round(Run& state, Millis now) {
  if (!state.client) {
    auto client = open_client();
    if (!client) {
      const Result<Grant> failed = tl::make_unexpected(client.error());
      for (const auto i : state.schedule.due(now)) settle(state, i, failed, now);
      co_return Result<void>{};
    }
    state.client = std::move(*client);
  }
  state.client->begin_round();
  const auto due = state.schedule.due(now);
  const auto lifetime = static_cast<std::uint32_t>(settings_.lifetime.count());
  for (std::size_t k = 0; k < due.size(); ++k) {
    auto request = state.client->map(state.schedule.slots()[due[k]], lifetime);  // named: GCC 12
    const auto outcome = co_await std::move(request);
    if (is_aborted(outcome)) co_return tl::make_unexpected(aborted());
    const Millis at = now_ms();
    if (state.client->take_state_lost()) state.schedule.all_due(at);  // the gateway rebooted
    settle(state, due[k], outcome, at);
    if (!outcome && outcome.error() == errc::timed_out) {
      // A silent gateway: the rest of the round would wait as long for nothing.
      for (std::size_t j = k + 1; j < due.size(); ++j) settle(state, due[j], outcome, at);
      break;
    }
  }
  co_return Result<void>{};
}

void NatPmpMapper::settle(Run& state, std::size_t i, const Result<Grant>& outcome, Millis now) {
  const PortRequest& request = state.wanted[i];
  if (outcome) {
    if (state.schedule.granted(i, outcome->external, outcome->lifetime, now)) {
      state.sink.on_mapped(request, outcome->external);
    }
    return;
  }
  // Silence may be a lost datagram; any other error is the gateway's (or the host's) word.
  const bool definite = outcome.error() != errc::timed_out;
  if (state.schedule.failed(i, definite, now)) state.sink.on_unmapped(request, outcome.error());
}

Task<Result<void>> NatPmpMapper::wait_until_due(const Run& state) {
  Clock::duration wait = kIdleWait;
  if (const auto next = state.schedule.next_due()) {
    wait = std::clamp<Clock::duration>(*next - now_ms(), Clock::duration::zero(), kIdleWait);
  }
  Timer timer(executor_);
  timer.expires_after(wait);
  const auto waited = co_await timer.async_wait(use_nothrow);  // no structured binding: GCC 12
  const auto ec = std::get<0>(waited);
  const auto cancellation = co_await asio::this_coro::cancellation_state;
  if (ec == asio::error::operation_aborted || cancellation.cancelled() != asio::cancellation_type::none) {
    co_return tl::make_unexpected(aborted());
  }
  co_return Result<void>{};
}

Task<Result<void>> NatPmpMapper::remove_all(Run& state) {
  bool silent = state.client == nullptr;
  for (std::size_t i = 0; i < state.schedule.slots().size(); ++i) {
    if (!state.schedule.slots()[i].external) continue;
    if (!silent) {
      auto request = state.client->map(state.schedule.slots()[i], 0, kDeleteAttempts);  // named: GCC 12
      const auto deleted = co_await std::move(request);
      // Cut off by the session's second cancellation: what is not reported is dropped with us.
      if (is_aborted(deleted)) co_return tl::make_unexpected(aborted());
      // Unanswered: the others would be too, and the time is the session's.
      if (!deleted && deleted.error() == errc::timed_out) silent = true;
    }
    state.sink.on_unmapped(state.wanted[i], aborted());
  }
  co_return Result<void>{};
}

}  // namespace corrent::nat_pmp
