#include <boost/test/unit_test.hpp>

#include <chrono>
#include <vector>

#include <asio/io_context.hpp>

#include "corrent/events/event_bus.hpp"
#include "corrent/net/timeout.hpp"
#include "support/run_coro.hpp"

namespace {

using namespace std::chrono_literals;
using corrent::Result;
using corrent::Task;
using corrent::events::BlockReceived;
using corrent::events::Event;
using corrent::events::EventBus;
using corrent::events::PeerClosed;
using corrent::events::PeerConnected;
using corrent::test::run_coro;

const auto kPeer = corrent::net::Endpoint::v4({127, 0, 0, 1}, 6881);

PeerClosed closed(int n) {
  return PeerClosed{kPeer, std::make_error_code(std::errc::connection_reset), std::to_string(n)};
}
BlockReceived block(std::uint32_t begin) { return BlockReceived{kPeer, corrent::PieceIndex{0}, begin, 16384}; }

// Reads `n` events, or fails after a short wait.
Task<Result<std::vector<Event>>> take(corrent::events::EventStream& s, std::size_t n) {
  std::vector<Event> out;
  while (out.size() < n) {
    CORRENT_CO_TRY(auto e, co_await corrent::net::with_timeout(s.next(), 200ms));
    out.push_back(std::move(e));
  }
  co_return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(events_bus)

BOOST_AUTO_TEST_CASE(classifies_events) {
  BOOST_TEST((classify(closed(1)) == corrent::events::EventClass::lifecycle));
  BOOST_TEST((classify(PeerConnected{}) == corrent::events::EventClass::lifecycle));
  BOOST_TEST((classify(block(0)) == corrent::events::EventClass::progress));
}

BOOST_AUTO_TEST_CASE(subscribers_get_events_synchronously_until_unsubscribed) {
  asio::io_context io;
  EventBus bus(io.get_executor());
  std::vector<std::string> seen;
  auto sub = bus.subscribe([&](const Event& e) {
    if (const auto* c = std::get_if<PeerClosed>(&e)) seen.push_back(c->detail);
  });
  bus.publish(closed(1));
  BOOST_TEST(seen.size() == 1u);  // delivered before publish() returned
  sub.reset();
  bus.publish(closed(2));
  BOOST_TEST(seen.size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_callback_may_unsubscribe_itself) {
  asio::io_context io;
  EventBus bus(io.get_executor());
  int calls = 0;
  corrent::events::Subscription sub;
  sub = bus.subscribe([&](const Event&) {
    ++calls;
    sub.reset();
  });
  bus.publish(closed(1));
  bus.publish(closed(2));
  BOOST_TEST(calls == 1);
}

BOOST_AUTO_TEST_CASE(a_stream_yields_events_in_order) {
  asio::io_context io;
  EventBus bus(io.get_executor());
  auto stream = bus.stream(8);
  bus.publish(closed(1));
  bus.publish(block(0));
  bus.publish(closed(2));
  auto got = run_coro(io, take(stream, 3));
  BOOST_REQUIRE(got);
  BOOST_TEST(std::get<PeerClosed>((*got)[0]).detail == "1");
  BOOST_TEST(std::holds_alternative<BlockReceived>((*got)[1]));
  BOOST_TEST(std::get<PeerClosed>((*got)[2]).detail == "2");
  BOOST_TEST(stream.dropped() == 0u);
}

BOOST_AUTO_TEST_CASE(a_full_stream_drops_progress_and_keeps_lifecycle_events) {
  asio::io_context io;
  EventBus bus(io.get_executor());
  auto stream = bus.stream(2);
  bus.publish(block(0));
  bus.publish(block(1));   // capacity reached
  bus.publish(block(2));   // dropped, counted
  bus.publish(closed(1));  // kept beyond capacity
  bus.publish(block(3));   // dropped: never overtakes a waiting lifecycle event
  bus.publish(closed(2));
  BOOST_TEST(stream.dropped() == 2u);
  auto got = run_coro(io, take(stream, 4));
  BOOST_REQUIRE(got);
  BOOST_TEST(std::get<BlockReceived>((*got)[0]).begin == 0u);
  BOOST_TEST(std::get<BlockReceived>((*got)[1]).begin == 1u);
  BOOST_TEST(std::get<PeerClosed>((*got)[2]).detail == "1");
  BOOST_TEST(std::get<PeerClosed>((*got)[3]).detail == "2");
  // Nothing else is there.
  auto more = run_coro(io, take(stream, 1));
  BOOST_TEST(!more);
}

BOOST_AUTO_TEST_CASE(lifecycle_overflow_is_bounded_and_counted) {
  asio::io_context io;
  EventBus bus(io.get_executor());
  auto stream = bus.stream(1);
  const auto limit = corrent::events::kMaxStreamOverflow;
  for (std::size_t i = 0; i < 1 + limit; ++i) bus.publish(closed(static_cast<int>(i)));
  BOOST_TEST(stream.dropped() == 0u);  // capacity + the whole overflow: at the bound
  bus.publish(closed(-1));
  BOOST_TEST(stream.dropped() == 1u);  // one past it
  auto got = run_coro(io, take(stream, 1 + limit));
  BOOST_REQUIRE(got);
  BOOST_TEST(std::get<PeerClosed>(got->back()).detail == std::to_string(limit));
}

BOOST_AUTO_TEST_CASE(next_is_cancellable_and_ends_when_the_bus_goes) {
  asio::io_context io;
  auto bus = std::make_unique<EventBus>(io.get_executor());
  auto stream = bus->stream();
  auto timed = run_coro(io, corrent::net::with_timeout(stream.next(), 20ms));
  BOOST_REQUIRE(!timed);
  BOOST_TEST(timed.error() == std::error_code(corrent::net::errc::timed_out));
  bus.reset();
  auto after = run_coro(io, stream.next());
  BOOST_TEST(!after);
}

BOOST_AUTO_TEST_SUITE_END()
