// Piece priorities over file priorities, while the torrent runs (SessionView::
// set_piece_priorities; WebTorrent's select/deselect): a leecher that wants no file fetches
// exactly the pieces selected, its skipped file is created for them, and a bad range or
// priority is refused.
#include <boost/test/unit_test.hpp>

#include "corrent/engine/errc.hpp"
#include "scripted_peer.hpp"
#include "support/run_coro.hpp"

using namespace scripted;
using corrent::PieceIndex;

BOOST_AUTO_TEST_CASE(selected_pieces_of_a_skipped_file_are_fetched_and_no_others) {
  asio::io_context io;
  Payload payload(10 * 32 * 1024, 32 * 1024);  // ten pieces
  corrent::test::TempDir work;
  Node seed(work.path() / "seed");
  seed.create(io);
  Node leech(work.path() / "leech");
  leech.create(io);
  const auto ih = payload.meta.info_hash;
  auto scenario = [&]() -> Task<void> {
    co_await start(seed);
    co_await start(leech);
    co_await add(seed, payload, payload.dir.path());
    co_await wait_state(seed, payload, TorrentState::seeding);
    corrent::engine::AddTorrentParams params{payload.meta, work.path() / "out"};
    params.file_priorities = {0};  // nothing wanted
    const auto added = co_await leech.session->add_torrent(std::move(params));
    BOOST_TEST_REQUIRE(added.has_value());
    co_await wait_state(leech, payload, TorrentState::seeding);  // wants nothing: done at once
    leech.session->add_peer(ih, seed.session->listen_endpoints().front());
    auto& view = leech.session->view();

    const auto past = co_await view.set_piece_priorities(ih, PieceIndex{3}, PieceIndex{10}, 1);
    BOOST_TEST((past.error() == corrent::engine::errc::bad_range));
    const auto backwards = co_await view.set_piece_priorities(ih, PieceIndex{4}, PieceIndex{3}, 1);
    BOOST_TEST((backwards.error() == corrent::engine::errc::bad_range));
    const auto too_high = co_await view.set_piece_priorities(ih, PieceIndex{3}, PieceIndex{4}, 8);
    BOOST_TEST((too_high.error() == corrent::engine::errc::bad_priorities));
    corrent::metainfo::InfoHash unknown{};
    const auto nobody = co_await view.set_piece_priorities(unknown, PieceIndex{0}, PieceIndex{0}, 1);
    BOOST_TEST((nobody.error() == corrent::engine::errc::unknown_torrent));

    const auto selected = co_await view.set_piece_priorities(ih, PieceIndex{3}, PieceIndex{4}, 1);
    BOOST_TEST_REQUIRE(selected.has_value(), (selected ? "" : selected.error().message()));
    // Within kConnectRetryDelay (10 s): a seed that closed on us, at any moment, for the
    // upload_only we said while we wanted nothing is dialled again at once.
    REQUIRE_WITHIN(8000ms, finished(leech, payload));
    const auto have = view.have_pieces(ih);
    BOOST_TEST_REQUIRE(have.has_value());
    BOOST_TEST(have->count() == 2u);
    BOOST_TEST(have->test(PieceIndex{3}));
    BOOST_TEST(have->test(PieceIndex{4}));
    BOOST_TEST(std::filesystem::exists(work.path() / "out" / "payload.bin"));  // created for them
    BOOST_TEST(leech.session->status(ih)->wanted_total == 2u * 32 * 1024);

    // Deselected: no longer wanted, and what was had stays had.
    const auto deselected = co_await view.set_piece_priorities(ih, PieceIndex{4}, PieceIndex{4}, 0);
    BOOST_TEST_REQUIRE(deselected.has_value());
    BOOST_TEST(leech.session->status(ih)->wanted_total == 32u * 1024);
    BOOST_TEST(view.have_pieces(ih)->count() == 2u);
    // File priorities decide again once set: the whole file.
    std::vector<std::uint8_t> every_file{1};  // named: GCC 12 and co_await temporaries
    const auto whole = co_await view.set_file_priorities(ih, std::move(every_file));
    BOOST_TEST_REQUIRE(whole.has_value());
    // The seed may have closed on us meanwhile (both seeds), or may close once it sees the
    // upload_only we said: either way it is dialled again at once.
    REQUIRE_WITHIN(8000ms, view.have_pieces(ih)->all());
    co_await leech.stop();
    co_await seed.stop();
  };
  corrent::test::run_coro(io, scenario(), 60s);
}
