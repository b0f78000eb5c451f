#include "upnp_mapper.hpp"

#include <algorithm>
#include <utility>

#include <asio/this_coro.hpp>

#include "corrent/core/clock.hpp"
#include "nat_upnp_errc.hpp"
#include "retry_backoff.hpp"
#include "ssdp_search.hpp"

namespace corrent::nat_upnp {
namespace {

Task<bool> cancelled() {
  const auto state = co_await asio::this_coro::cancellation_state;
  co_return state.cancelled() != asio::cancellation_type::none;
}

// Waits `how_long`, or less if cancelled.
Task<void> sleep_for(std::chrono::milliseconds how_long) {
  Timer timer(co_await asio::this_coro::executor, how_long);
  (void)co_await timer.async_wait(use_nothrow);
}

std::error_code aborted() { return asio::error::operation_aborted; }

// The external port of attempt `attempt` (0: `first`; then the ports after it, wrapping
// to kLowestExternalPort past 65535).
std::uint16_t candidate_port(std::uint16_t first, std::size_t attempt) {
  const std::uint32_t port = first + static_cast<std::uint32_t>(attempt);
  if (port <= 65535) return static_cast<std::uint16_t>(port);
  return static_cast<std::uint16_t>(kLowestExternalPort + (port - 65536));
}

bool from_gateway(const std::error_code& ec) { return ec.category() == upnp_gateway_category(); }

}  // namespace

UpnpMapper::UpnpMapper(asio::any_io_executor executor, UpnpSettings settings)
    : executor_(executor), settings_(settings), client_(std::move(executor), settings.http_timeout) {}

Task<Result<void>> UpnpMapper::run(std::vector<PortRequest> wanted, MappingSink& sink) {
  // Cancellation is how run() is told to stop: no co_await may throw for it, and the
  // removals must still go out after it (the state is reset below).
  const bool threw = co_await asio::this_coro::throw_if_cancelled();
  co_await asio::this_coro::throw_if_cancelled(false);
  std::vector<Slot> slots;
  for (const auto& request : wanted) slots.push_back(Slot{request, settings_.lease});
  RetryBackoff backoff(settings_.retry_first, kRetryMax);
  std::optional<Gateway> gateway;
  std::optional<net::Endpoint> external_ip;
  while (!slots.empty()) {
    const bool stop = co_await cancelled();
    if (stop) break;
    if (!gateway) {
      auto found = co_await find_gateway();
      const bool stop_now = co_await cancelled();
      if (stop_now) break;
      if (!found) {
        for (auto& slot : slots) unmapped(slot, found.error(), sink);
        co_await sleep_for(backoff.next());
        continue;
      }
      gateway = std::move(*found);
      external_ip.reset();
    }
    auto done = co_await map_all(*gateway, slots, external_ip, sink);
    const bool stop_after = co_await cancelled();
    if (stop_after) break;
    if (!done) {  // the gateway is gone, changed, or maps nothing: find it again, later
      for (auto& slot : slots) unmapped(slot, done.error(), sink);
      gateway.reset();
      co_await sleep_for(backoff.next());
      continue;
    }
    backoff.reset();
    co_await sleep_for(renew_interval(slots));
  }
  if (slots.empty()) co_await sleep_for(std::chrono::hours(24 * 365));  // nothing to map: wait for the stop
  co_await asio::this_coro::reset_cancellation_state();
  if (gateway) co_await remove_all(*gateway, slots, sink);
  co_await asio::this_coro::throw_if_cancelled(threw);
  co_return Result<void>{};
}

Task<Result<Gateway>> UpnpMapper::find_gateway() const {
  const SearchSettings search{settings_.ssdp_target, settings_.search_time};
  CORRENT_CO_TRY(auto replies, co_await ssdp_search(executor_, search));
  std::error_code last = errc::no_gateway;
  for (auto& reply : replies) {  // at most kMaxSearchReplies, each bounded by the HTTP time-out
    const bool stop = co_await cancelled();
    if (stop) co_return tl::make_unexpected(aborted());
    auto gateway = co_await client_.describe(std::move(reply));
    if (gateway) co_return std::move(*gateway);
    last = gateway.error();
  }
  co_return tl::make_unexpected(last);
}

// Renews (or makes) every mapping. Fails when the gateway cannot be reached, its external
// address changed, or no mapping could be made; a single request the gateway refuses is
// reported unmapped and the others go on.
Task<Result<void>> UpnpMapper::map_all(Gateway gateway, std::vector<Slot>& slots,
                                       std::optional<net::Endpoint>& external_ip, MappingSink& sink) const {
  CORRENT_CO_TRY(const auto address, co_await client_.external_address(gateway));
  if (external_ip && *external_ip != address) co_return fail(errc::gateway_changed);
  external_ip = address;
  std::size_t held = 0;
  std::error_code last;
  for (auto& slot : slots) {
    auto made = co_await map_one(gateway, slot);
    const bool stop = co_await cancelled();
    if (stop) co_return tl::make_unexpected(aborted());
    if (made) {
      ++held;
      mapped(slot, address.with_port(slot.external_port), sink);
      continue;
    }
    if (!from_gateway(made.error())) co_return tl::make_unexpected(made.error());
    last = made.error();
    unmapped(slot, last, sink);
  }
  if (held == 0) co_return tl::make_unexpected(last);
  co_return Result<void>{};
}

// AddPortMapping for one request: the external port it had (else the local port); with a
// permanent lease if the gateway takes no other (725); other ports if it is taken (718).
Task<Result<void>> UpnpMapper::map_one(Gateway gateway, Slot& slot) const {
  const std::uint16_t first = slot.external_port != 0 ? slot.external_port : slot.request.local_port;
  std::error_code last;
  for (std::size_t attempt = 0; attempt <= kMaxConflictRetries; ++attempt) {
    MappingAsk ask{slot.request, candidate_port(first, attempt), slot.lease};
    auto added = co_await client_.add_port_mapping(gateway, ask);
    if (!added && added.error() == upnp_error(kOnlyPermanentLeasesSupported) && slot.lease.count() != 0) {
      slot.lease = std::chrono::seconds(0);
      ask.lease = slot.lease;
      added = co_await client_.add_port_mapping(gateway, ask);
    }
    if (added) {
      slot.external_port = ask.external_port;
      co_return Result<void>{};
    }
    last = added.error();
    if (last != upnp_error(kConflictInMappingEntry)) break;
  }
  slot.external_port = 0;
  co_return tl::make_unexpected(last);
}

// At stop: each removal waits at most kDeleteTimeout (or the HTTP time-out if shorter); a
// second cancellation (the session's bound passed) aborts the one in progress and skips
// the rest.
Task<void> UpnpMapper::remove_all(Gateway gateway, std::vector<Slot>& slots, MappingSink& sink) const {
  const auto limit = std::min(settings_.http_timeout, std::chrono::milliseconds(kDeleteTimeout));
  for (auto& slot : slots) {
    if (slot.external_port == 0) continue;
    (void)co_await client_.delete_port_mapping(gateway, slot.request, slot.external_port, limit);
    slot.external_port = 0;
    unmapped(slot, aborted(), sink);
    const bool stop = co_await cancelled();
    if (stop) co_return;
  }
}

void UpnpMapper::mapped(Slot& slot, net::Endpoint external, MappingSink& sink) {
  slot.told_unmapped = false;
  if (slot.reported == external) return;  // a renewal: nothing new to say
  slot.reported = external;
  sink.on_mapped(slot.request, external);
}

// Said once per loss, not at every failed retry.
void UpnpMapper::unmapped(Slot& slot, std::error_code why, MappingSink& sink) {
  slot.external_port = 0;
  if (!slot.reported && slot.told_unmapped) return;
  slot.reported.reset();
  slot.told_unmapped = true;
  sink.on_unmapped(slot.request, why);
}

// Half the shortest lease; with permanent leases only, kPermanentRecheck.
std::chrono::milliseconds UpnpMapper::renew_interval(const std::vector<Slot>& slots) {
  std::optional<std::chrono::milliseconds> shortest;
  for (const auto& slot : slots) {
    if (slot.lease.count() == 0) continue;
    const std::chrono::milliseconds half = slot.lease / 2;
    shortest = shortest ? std::min(*shortest, half) : half;
  }
  return shortest.value_or(kPermanentRecheck);
}

}  // namespace corrent::nat_upnp
