// Smart ban, through public headers: a liar that corrupts one block of each piece it
// shares with an honest peer (and never sends a whole piece, so it is never the sole
// sender of a failure) is banned once the pieces pass from the honest peer: its blocks are
// compared with the good ones. The honest peer, which shared every failure, is not.
#include <boost/test/unit_test.hpp>

#include <optional>
#include <vector>

#include "corrent/events/event_bus.hpp"
#include "scripted_peer.hpp"
#include "support/run_coro.hpp"

using namespace scripted;
namespace events = corrent::events;

BOOST_AUTO_TEST_CASE(a_liar_sharing_every_failed_piece_is_banned_by_its_blocks_and_the_honest_peer_is_not) {
  asio::io_context io;
  constexpr std::uint32_t kPiece = 32 * 1024;  // two blocks a piece
  Payload payload(2 * kPiece, kPiece);
  corrent::test::TempDir work;
  Node leecher(work.path() / "leech-resume");
  leecher.create(io);
  Peer honest, liar;
  std::vector<events::PeerBanned> bans;
  std::size_t failures = 0;
  auto subscription = leecher.session->events().subscribe(
      [&](const events::Event& e) {
        if (const auto* b = std::get_if<events::PeerBanned>(&e)) bans.push_back(*b);
        if (std::holds_alternative<events::PieceFailed>(e)) ++failures;
      },
      events::EventMask::of<events::PeerBanned, events::PieceFailed>());
  auto scenario = [&]() -> Task<void> {
    corrent::net::TaskGroup group(co_await asio::this_coro::executor);
    co_await start(leecher);
    co_await add(leecher, payload, work.path() / "out");
    co_await wait_state(leecher, payload, TorrentState::downloading);
    // The honest peer has everything but keeps us choked for now.
    co_await dial(leecher, payload, honest, group);
    co_await tell(honest, wire::HaveAll{});
    // The liar refuses every first block and sends every second one corrupted.
    liar.answer_of = [](const wire::Request& r) { return r.begin == 0 ? Answer::reject : Answer::corrupt; };
    co_await dial(leecher, payload, liar, group);
    co_await tell(liar, wire::HaveAll{});
    co_await tell(liar, wire::Unchoke{});
    REQUIRE_WITHIN(5000ms, liar.served.size() >= 2);  // the second block of both pieces
    // From now on it sends nothing; the honest peer serves the first blocks, the pieces
    // fail (each shared by both), and then everything comes from the honest peer.
    liar.answer_of = [](const wire::Request&) { return Answer::reject; };
    co_await tell(honest, wire::Unchoke{});
    REQUIRE_WITHIN(10000ms, finished(leecher, payload));
    REQUIRE_WITHIN(2000ms, !bans.empty());
    BOOST_TEST(failures == 2u);
    BOOST_REQUIRE(bans.size() == 1u);
    BOOST_TEST((bans[0].endpoint == liar.conn->local()));  // where the leecher saw it from
    BOOST_TEST(bans[0].why.find("smart ban") != std::string::npos, bans[0].why);
    BOOST_TEST((bans[0].endpoint != honest.conn->local()));
    REQUIRE_WITHIN(2000ms, liar.ended.has_value());  // closed as banned
    // (The honest peer's connection ends too, once we finish: two seeds.)
    honest.conn->close();
    co_await group.stop();
    co_await leecher.stop();
  };
  corrent::test::run_coro(io, scenario(), 30s);
}
