// A reader's seek (SessionView::clear_piece_deadlines): the old position's deadlines go and
// the requests in flight for its pieces are cancelled at once (CANCEL sent), counted, and
// their blocks are open to be picked again; a range with nothing in flight cancels nothing.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstring>
#include <optional>

#include "corrent/engine/errc.hpp"
#include "scripted_peer.hpp"
#include "support/run_coro.hpp"

using namespace scripted;
using corrent::PieceIndex;

namespace {

// Starts `node` downloading `payload` with a deadline on piece 2, and `peer` (a seed that
// unchokes at once) asked for its blocks: the queue of a peer that has sent nothing yet
// is short (kMinRequestQueue), and the deadline's piece fills it.
Task<void> ask_for_piece_2(Node& node, const Payload& payload, const std::filesystem::path& out, Peer& peer,
                           corrent::net::TaskGroup& group) {
  co_await start(node);
  co_await add(node, payload, out);
  co_await wait_state(node, payload, TorrentState::downloading);
  BOOST_TEST_REQUIRE(node.session->view().set_piece_deadline(payload.meta.info_hash, PieceIndex{2}, 0ms).has_value());
  co_await dial(node, payload, peer, group);
  co_await tell(peer, wire::HaveAll{});
  co_await tell(peer, wire::Unchoke{});
  REQUIRE_WITHIN(5000ms, peer.requests.size() >= 2u);
  for (const auto& r : peer.requests) BOOST_TEST(r.piece.value == 2u);
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_seek_cancels_the_old_positions_requests_and_nothing_else) {
  asio::io_context io;
  Payload payload(8 * 32 * 1024, 32 * 1024);  // eight pieces of two blocks
  corrent::test::TempDir work;
  Node node(work.path() / "resume");
  node.settings.request_timeout = 60s;  // nothing here may be freed by the time-out
  node.create(io);
  Peer silent, serving;
  silent.answer = Answer::silent;
  auto scenario = [&]() -> Task<void> {
    corrent::net::TaskGroup group(co_await asio::this_coro::executor);
    const auto out = work.path() / "out";
    co_await ask_for_piece_2(node, payload, out, silent, group);
    const auto ih = payload.meta.info_hash;
    auto& view = node.session->view();
    const auto asked = silent.requests;

    const auto past = view.clear_piece_deadlines(ih, PieceIndex{2}, PieceIndex{8});
    BOOST_TEST((past.error() == corrent::engine::errc::bad_range));
    const auto backwards = view.clear_piece_deadlines(ih, PieceIndex{3}, PieceIndex{2});
    BOOST_TEST((backwards.error() == corrent::engine::errc::bad_range));
    const auto nobody = view.clear_piece_deadlines(corrent::metainfo::InfoHash{}, PieceIndex{0}, PieceIndex{0});
    BOOST_TEST((nobody.error() == corrent::engine::errc::unknown_torrent));
    // Elsewhere: nothing in flight there, nothing cancelled.
    const auto elsewhere = view.clear_piece_deadlines(ih, PieceIndex{0}, PieceIndex{1});
    BOOST_TEST_REQUIRE(elsewhere.has_value());
    BOOST_TEST(*elsewhere == 0u);

    const auto cancelled = view.clear_piece_deadlines(ih, PieceIndex{2}, PieceIndex{3});
    BOOST_TEST_REQUIRE(cancelled.has_value());
    BOOST_TEST(*cancelled == asked.size());
    REQUIRE_WITHIN(5000ms, silent.cancels.size() >= asked.size());
    for (const auto& r : asked) {
      BOOST_TEST((std::find(silent.cancels.begin(), silent.cancels.end(), wire::Cancel{r.piece, r.begin, r.length}) !=
                  silent.cancels.end()));
    }
    // The blocks are open again and the peer's queue has room: requests follow at once
    // (long before the 60 s request time-out would free anything).
    REQUIRE_WITHIN(5000ms, silent.requests.size() > asked.size());

    // They go to whoever serves: a peer that does gets the torrent done.
    co_await dial(node, payload, serving, group);
    co_await tell(serving, wire::HaveAll{});
    co_await tell(serving, wire::Unchoke{});
    REQUIRE_WITHIN(10000ms, finished(node, payload));
    silent.conn->close();
    serving.conn->close();
    co_await group.stop();
    co_await node.stop();
  };
  corrent::test::run_coro(io, scenario(), 30s);
}

// BEP 6: a peer answers our CANCEL with a REJECT (libtorrent does). That REJECT is no
// refusal of the piece: the piece is asked of the same peer again, and the torrent
// finishes from it alone. (Taken for a refusal, the piece would wait for a new unchoke
// that a seed never sends: the stall a seek caused against libtorrent.)
BOOST_AUTO_TEST_CASE(a_reject_that_answers_our_cancel_is_no_refusal) {
  asio::io_context io;
  Payload payload(4 * 32 * 1024, 32 * 1024);
  corrent::test::TempDir work;
  Node node(work.path() / "resume");
  node.settings.request_timeout = 60s;
  node.create(io);
  Peer peer;
  peer.answer = Answer::silent;
  auto scenario = [&]() -> Task<void> {
    corrent::net::TaskGroup group(co_await asio::this_coro::executor);
    const auto out = work.path() / "out";
    co_await ask_for_piece_2(node, payload, out, peer, group);
    const auto ih = payload.meta.info_hash;
    auto& view = node.session->view();
    const auto cancelled = view.clear_piece_deadlines(ih, PieceIndex{2}, PieceIndex{2});
    BOOST_TEST_REQUIRE(cancelled.has_value());
    BOOST_TEST_REQUIRE(*cancelled >= 2u);
    REQUIRE_WITHIN(5000ms, peer.cancels.size() >= *cancelled);
    for (const auto c : peer.cancels) {
      const wire::Reject reject{c.piece, c.begin, c.length};
      co_await tell(peer, reject);
    }
    peer.answer = Answer::serve;  // from now on it serves what it is asked
    REQUIRE_WITHIN(10000ms, finished(node, payload));
    peer.conn->close();
    co_await group.stop();
    co_await node.stop();
  };
  corrent::test::run_coro(io, scenario(), 30s);
}

// A reader waits for a piece nobody fetches (a seek): the requests for pieces without a
// deadline queued at the peer that has it are cancelled, so that its blocks are not
// served after seconds of those (peers serve requests in order); the piece is asked
// first, and the read gets its bytes.
BOOST_AUTO_TEST_CASE(a_read_of_a_piece_nobody_fetches_goes_ahead_of_the_queue) {
  asio::io_context io;
  Payload payload(8 * 32 * 1024, 32 * 1024);
  corrent::test::TempDir work;
  Node node(work.path() / "resume");
  node.settings.request_timeout = 60s;
  node.create(io);
  Peer peer;
  peer.answer = Answer::silent;
  auto scenario = [&]() -> Task<void> {
    corrent::net::TaskGroup group(co_await asio::this_coro::executor);
    co_await start(node);
    co_await add(node, payload, work.path() / "out");
    co_await wait_state(node, payload, TorrentState::downloading);
    co_await dial(node, payload, peer, group);
    co_await tell(peer, wire::HaveAll{});
    co_await tell(peer, wire::Unchoke{});
    REQUIRE_WITHIN(5000ms, peer.requests.size() >= 2u);  // the picker's own choice
    const auto queued = peer.requests;
    const std::uint32_t wanted = queued.front().piece.value == 5 ? 6 : 5;  // a piece nobody fetches
    for (const auto& r : queued) BOOST_TEST_REQUIRE(r.piece.value != wanted);

    const auto ih = payload.meta.info_hash;
    const std::uint64_t offset = std::uint64_t{wanted} * 32 * 1024 + 100;
    std::optional<corrent::Result<std::vector<std::byte>>> got;
    group.spawn([](corrent::SessionView* view, corrent::metainfo::InfoHash h, std::uint64_t at,
                   std::optional<corrent::Result<std::vector<std::byte>>>* out) -> Task<void> {
      *out = co_await view->read(h, at, 1000);
    }(&node.session->view(), ih, offset, &got));
    // Every request queued ahead of it is cancelled, and its blocks are asked.
    REQUIRE_WITHIN(5000ms, peer.cancels.size() >= queued.size());
    for (const auto& r : queued) {
      BOOST_TEST((std::find(peer.cancels.begin(), peer.cancels.end(), wire::Cancel{r.piece, r.begin, r.length}) !=
                  peer.cancels.end()));
    }
    REQUIRE_WITHIN(5000ms, std::any_of(peer.requests.begin() + static_cast<std::ptrdiff_t>(queued.size()),
                                       peer.requests.end(), [&](const wire::Request& r) { return r.piece.value == wanted; }));
    peer.answer = Answer::serve;
    REQUIRE_WITHIN(5000ms, got.has_value());
    BOOST_TEST_REQUIRE(got->has_value());
    BOOST_TEST(((*got)->size() == 1000u));
    BOOST_TEST(std::memcmp((*got)->data(), payload.data.data() + offset, 1000) == 0);
    peer.conn->close();
    co_await group.stop();
    co_await node.stop();
  };
  corrent::test::run_coro(io, scenario(), 30s);
}
