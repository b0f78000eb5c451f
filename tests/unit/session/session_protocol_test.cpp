// What the engine does on the wire, against scripted peers (scripted_peer.hpp): BEP 6
// (HAVE ALL / HAVE NONE, rejected requests, allowed-fast pieces while choked), BEP 21 (two
// seeds part), the request time-out, and BEP 27 (a private torrent's peers and metadata).
// docs/protocol-support.md names these cases.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>
#include <map>
#include <tuple>

#include "corrent/engine/errc.hpp"
#include "corrent/events/event_bus.hpp"
#include "corrent/discovery/discovery.hpp"
#include "corrent/wire/extension.hpp"
#include "corrent/wire/peer_context.hpp"
#include "corrent/wire/torrent_view.hpp"
#include "corrent/registry/plugin_context.hpp"
#include "corrent/registry/registry.hpp"
#include "scripted_peer.hpp"
#include "support/run_coro.hpp"

namespace {

using namespace scripted;
namespace events = corrent::events;

std::size_t distinct(std::vector<wire::Request> requests) {
  std::sort(requests.begin(), requests.end(), [](const wire::Request& a, const wire::Request& b) {
    return std::tie(a.piece.value, a.begin) < std::tie(b.piece.value, b.begin);
  });
  return static_cast<std::size_t>(std::unique(requests.begin(), requests.end()) - requests.begin());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(session_protocol)

// BEP 6: a seed says HAVE ALL, a peer with nothing says HAVE NONE, instead of a bitfield.
BOOST_AUTO_TEST_CASE(have_all_from_a_seed_and_have_none_from_an_empty_torrent) {
  asio::io_context io;
  Payload payload(256 * 1024, 32 * 1024);
  corrent::test::TempDir work;
  Node seeder(work.path() / "seed-resume");
  Node empty(work.path() / "empty-resume");
  seeder.create(io);
  empty.create(io);
  Peer to_seeder, to_empty;
  auto scenario = [&]() -> Task<void> {
    corrent::net::TaskGroup group(co_await asio::this_coro::executor);
    co_await start(seeder);
    co_await start(empty);
    co_await add(seeder, payload, payload.dir.path());
    co_await add(empty, payload, work.path() / "out");
    co_await wait_state(seeder, payload, TorrentState::seeding);
    co_await wait_state(empty, payload, TorrentState::downloading);
    co_await dial(seeder, payload, to_seeder, group);
    co_await dial(empty, payload, to_empty, group);
    EXPECT_WITHIN(5000ms, to_seeder.first != First::nothing);
    EXPECT_WITHIN(5000ms, to_empty.first != First::nothing);
    BOOST_TEST((to_seeder.first == First::have_all));
    BOOST_TEST((to_empty.first == First::have_none));
    to_seeder.conn->close();
    to_empty.conn->close();
    co_await group.stop();
    co_await seeder.stop();
    co_await empty.stop();
  };
  corrent::test::run_coro(io, scenario(), 30s);
}

// BEP 21: a seed closes a peer that is a seed too, or says upload_only, and keeps one that
// wants pieces.
BOOST_AUTO_TEST_CASE(two_seeds_close_their_connection) {
  asio::io_context io;
  Payload payload(256 * 1024, 32 * 1024);
  corrent::test::TempDir work;
  Node seeder(work.path() / "seed-resume");
  seeder.create(io);
  Peer seed, upload_only, leecher;
  auto scenario = [&]() -> Task<void> {
    corrent::net::TaskGroup group(co_await asio::this_coro::executor);
    std::size_t both_seeds = 0;
    auto subscription = seeder.session->events().subscribe([&](const events::Event& e) {
      const auto* closed = std::get_if<events::PeerClosed>(&e);
      if (closed != nullptr && closed->reason == std::error_code(corrent::engine::errc::both_seeds)) ++both_seeds;
    });
    co_await start(seeder);
    co_await add(seeder, payload, payload.dir.path());
    co_await wait_state(seeder, payload, TorrentState::seeding);
    co_await dial(seeder, payload, seed, group);
    co_await dial(seeder, payload, upload_only, group, true);
    co_await dial(seeder, payload, leecher, group);
    co_await tell(seed, wire::HaveAll{});
    // upload_only says nothing more: its extension handshake is enough to be closed.
    co_await tell(leecher, wire::HaveNone{});
    co_await tell(leecher, wire::Interested{});
    EXPECT_WITHIN(5000ms, seed.ended.has_value());
    EXPECT_WITHIN(5000ms, upload_only.ended.has_value());
    co_await sleep(1000ms);  // the leecher stays
    BOOST_TEST(!leecher.ended.has_value());
    BOOST_TEST(both_seeds == 2u);
    leecher.conn->close();
    co_await group.stop();
    co_await seeder.stop();
  };
  corrent::test::run_coro(io, scenario(), 30s);
}

// BEP 21: the torrent that completes tells a leecher the last piece (HAVE) before it says
// upload_only. libtorrent closes an upload-only peer it is not interested in, so the
// other order lost a libtorrent leecher that lacked only that piece (interop.lt_swarm).
BOOST_AUTO_TEST_CASE(the_last_have_goes_before_upload_only) {
  asio::io_context io;
  Payload payload(8 * 32 * 1024, 32 * 1024);
  corrent::test::TempDir work;
  Node node(work.path() / "resume");
  node.create(io);
  Peer seed, leecher;
  auto scenario = [&]() -> Task<void> {
    corrent::net::TaskGroup group(co_await asio::this_coro::executor);
    co_await start(node);
    co_await add(node, payload, work.path() / "out");
    co_await wait_state(node, payload, TorrentState::downloading);
    co_await dial(node, payload, leecher, group);
    co_await tell(leecher, wire::HaveNone{});
    co_await tell(leecher, wire::Interested{});
    co_await dial(node, payload, seed, group);
    co_await tell(seed, wire::HaveAll{});
    co_await tell(seed, wire::Unchoke{});
    EXPECT_WITHIN(10000ms, finished(node, payload));
    EXPECT_WITHIN(5000ms, leecher.haves_before_upload_only.has_value());
    const auto pieces = static_cast<std::size_t>(payload.meta.layout.piece_count());
    BOOST_TEST(leecher.haves_before_upload_only.value_or(0) == pieces);
    BOOST_TEST(!leecher.ended.has_value());
    leecher.conn->close();
    seed.conn->close();
    co_await group.stop();
    co_await node.stop();
  };
  corrent::test::run_coro(io, scenario(), 30s);
}

// BEP 6: while a peer chokes us, we ask it only for the pieces it allowed fast.
BOOST_AUTO_TEST_CASE(allowed_fast_pieces_are_requested_while_choked) {
  asio::io_context io;
  Payload payload(8 * 32 * 1024, 32 * 1024);
  corrent::test::TempDir work;
  Node node(work.path() / "resume");
  node.create(io);
  Peer choking;
  auto scenario = [&]() -> Task<void> {
    corrent::net::TaskGroup group(co_await asio::this_coro::executor);
    co_await start(node);
    co_await add(node, payload, work.path() / "out");
    co_await wait_state(node, payload, TorrentState::downloading);
    co_await dial(node, payload, choking, group);
    co_await tell(choking, wire::HaveAll{});
    co_await tell(choking, wire::AllowedFast{PieceIndex{2}});
    co_await tell(choking, wire::AllowedFast{PieceIndex{5}});
    const auto ih = payload.meta.info_hash;
    EXPECT_WITHIN(5000ms, node.session->status(ih)->pieces_have == 2);
    BOOST_TEST(!choking.requests.empty());
    for (const auto& r : choking.requests) {
      BOOST_TEST((r.piece == PieceIndex{2} || r.piece == PieceIndex{5}), "requested piece " << r.piece.value);
    }
    BOOST_TEST(!finished(node, payload));  // the other pieces wait for an unchoke
    choking.conn->close();
    co_await group.stop();
    co_await node.stop();
  };
  corrent::test::run_coro(io, scenario(), 30s);
}

// BEP 6: a REJECT frees the request at once (long before any time-out): the block is asked
// for again, and the peer that serves gets it. The rejecting peer, which is not choking
// us, is not asked for that piece again until it unchokes us anew.
BOOST_AUTO_TEST_CASE(a_rejected_request_is_freed_and_its_block_goes_to_another_peer) {
  asio::io_context io;
  Payload payload(8 * 32 * 1024, 32 * 1024);
  corrent::test::TempDir work;
  Node node(work.path() / "resume");
  node.settings.request_timeout = 60s;  // nothing here may be freed by the time-out
  node.create(io);
  Peer rejecting, serving;
  rejecting.answer = Answer::reject;
  rejecting.answer_delay = 5ms;
  auto scenario = [&]() -> Task<void> {
    corrent::net::TaskGroup group(co_await asio::this_coro::executor);
    co_await start(node);
    co_await add(node, payload, work.path() / "out");
    co_await wait_state(node, payload, TorrentState::downloading);
    co_await dial(node, payload, rejecting, group);
    co_await tell(rejecting, wire::HaveAll{});
    co_await tell(rejecting, wire::Unchoke{});
    REQUIRE_WITHIN(5000ms, !rejecting.rejected.empty());
    // A refusal: that piece is not asked of this peer again, however often it looks.
    const wire::Request first = rejecting.rejected.front();
    co_await sleep(300ms);
    BOOST_TEST(!rejecting.was_asked_for(first, 1));
    // Unchoked anew, it is asked again: the block was freed (a block still counted as
    // requested here would never be asked of the same peer twice).
    co_await tell(rejecting, wire::Unchoke{});
    EXPECT_WITHIN(3000ms, rejecting.was_asked_for(first, 1));
    co_await dial(node, payload, serving, group);
    co_await tell(serving, wire::HaveAll{});
    co_await tell(serving, wire::Unchoke{});
    EXPECT_WITHIN(10000ms, finished(node, payload));
    BOOST_TEST(distinct(serving.served) == payload.blocks());  // every block, the rejected ones too
    BOOST_TEST(serving.was_asked_for(first));
    rejecting.conn->close();
    serving.conn->close();
    co_await group.stop();
    co_await node.stop();
  };
  corrent::test::run_coro(io, scenario(), 30s);
}

// A peer that never answers: after SessionSettings::request_timeout its requests are
// cancelled (CANCEL sent) and the blocks go to a peer that serves.
BOOST_AUTO_TEST_CASE(a_peer_that_never_answers_loses_its_blocks_after_the_request_timeout) {
  asio::io_context io;
  Payload payload(8 * 32 * 1024, 32 * 1024);
  corrent::test::TempDir work;
  Node node(work.path() / "resume");
  node.settings.request_timeout = 1000ms;
  node.create(io);
  Peer silent, serving;
  silent.answer = Answer::silent;
  auto scenario = [&]() -> Task<void> {
    corrent::net::TaskGroup group(co_await asio::this_coro::executor);
    co_await start(node);
    co_await add(node, payload, work.path() / "out");
    co_await wait_state(node, payload, TorrentState::downloading);
    co_await dial(node, payload, silent, group);
    co_await tell(silent, wire::HaveAll{});
    co_await tell(silent, wire::Unchoke{});
    REQUIRE_WITHIN(5000ms, !silent.requests.empty());
    const auto asked = silent.requests;
    const auto start = std::chrono::steady_clock::now();
    // Alone, nobody else could take its blocks: the CANCELs come from the time-out.
    EXPECT_WITHIN(4000ms, silent.cancels.size() >= asked.size());
    const auto took = std::chrono::steady_clock::now() - start;
    BOOST_TEST((took >= 900ms && took < 3000ms),
               "cancelled after " << std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms");
    for (const auto& r : asked) {
      BOOST_TEST((std::find(silent.cancels.begin(), silent.cancels.end(), wire::Cancel{r.piece, r.begin, r.length}) !=
                  silent.cancels.end()));
    }
    co_await dial(node, payload, serving, group);
    co_await tell(serving, wire::HaveAll{});
    co_await tell(serving, wire::Unchoke{});
    EXPECT_WITHIN(10000ms, finished(node, payload));
    for (const auto& r : asked) BOOST_TEST(serving.was_asked_for(r));
    silent.conn->close();
    serving.conn->close();
    co_await group.stop();
    co_await node.stop();
  };
  corrent::test::run_coro(io, scenario(), 30s);
}

namespace {

// A discovery plugin that is not a tracker: offers `offer[info-hash]` and counts its runs.
struct OfferingDiscovery final : corrent::Discovery {
  std::map<corrent::InfoHashBytes, corrent::net::Endpoint>* offer = nullptr;
  std::map<corrent::InfoHashBytes, int>* runs = nullptr;
  Task<corrent::Result<void>> run(corrent::DiscoveryContext& torrent) override {
    const auto ih = torrent.info_hash();
    ++(*runs)[ih];
    const auto it = offer->find(ih);
    if (it != offer->end()) torrent.peers().on_peers(ih, corrent::net::any_transport(std::span(&it->second, 1)));
    co_return corrent::Result<void>{};
  }
};

// An extension that, as ut_pex would, hands each torrent it is attached to the peer in
// `offer[info-hash]` through TorrentView::add_peers, and attaches nothing.
struct OfferingExtension final : corrent::Extension {
  std::map<corrent::InfoHashBytes, corrent::net::Endpoint>* offer = nullptr;
  [[nodiscard]] std::string_view name() const override { return "test_offer"; }
  std::unique_ptr<corrent::ExtensionPeer> attach(corrent::PeerContext& peer) override {
    if (corrent::TorrentView* torrent = peer.torrent()) {
      const auto it = offer->find(torrent->info_hash());
      if (it != offer->end()) {
        torrent->add_peers(corrent::net::any_transport(std::span(&it->second, 1)), "test_offer", peer.remote());
      }
    }
    return nullptr;
  }
};

Task<void> count_accepts(corrent::net::Listener* listener, int* accepted) {
  for (;;) {
    auto stream = co_await listener->accept();
    if (!stream) co_return;
    ++*accepted;
  }
}

}  // namespace

// BEP 27: a private torrent runs no discovery but its trackers, takes no peer an extension
// offers (TorrentView::add_peers, where ut_pex's go), and offers neither ut_metadata (its
// info dictionary) nor ut_pex; a public torrent in the same session does all of it.
BOOST_AUTO_TEST_CASE(a_private_torrent_gets_no_peers_but_its_trackers_and_never_offers_its_metadata) {
  asio::io_context io;
  Payload pub(256 * 1024, 32 * 1024, false);
  Payload priv(256 * 1024, 32 * 1024, true);
  BOOST_TEST_REQUIRE(priv.meta.is_private);
  corrent::test::TempDir work;
  Node node(work.path() / "resume");
  std::map<corrent::InfoHashBytes, corrent::net::Endpoint> offer;
  std::map<corrent::InfoHashBytes, int> runs;
  BOOST_TEST_REQUIRE(node.registry
                         .add_discovery("test_discovery",
                                        [&](corrent::PluginContext&) -> corrent::Result<std::unique_ptr<corrent::Discovery>> {
                                          auto d = std::make_unique<OfferingDiscovery>();
                                          d->offer = &offer;
                                          d->runs = &runs;
                                          return std::unique_ptr<corrent::Discovery>(std::move(d));
                                        })
                         .has_value());
  BOOST_TEST_REQUIRE(node.registry
                         .add_extension("test_offer",
                                        [&](corrent::PluginContext&) -> corrent::Result<std::unique_ptr<corrent::Extension>> {
                                          auto e = std::make_unique<OfferingExtension>();
                                          e->offer = &offer;
                                          return std::unique_ptr<corrent::Extension>(std::move(e));
                                        })
                         .has_value());
  node.create(io);
  Peer to_pub, to_priv;
  int pub_dialled = 0, priv_dialled = 0;
  auto scenario = [&]() -> Task<void> {
    corrent::net::TaskGroup group(co_await asio::this_coro::executor);
    const auto any = corrent::net::Endpoint::parse("127.0.0.1:0").value();
    auto pub_listener = node.tcp().listen(any);
    auto priv_listener = node.tcp().listen(any);
    BOOST_TEST_REQUIRE((pub_listener.has_value() && priv_listener.has_value()));
    offer[pub.meta.info_hash.bytes] = (*pub_listener)->local_endpoints().front();
    offer[priv.meta.info_hash.bytes] = (*priv_listener)->local_endpoints().front();
    group.spawn(count_accepts(pub_listener->get(), &pub_dialled));
    group.spawn(count_accepts(priv_listener->get(), &priv_dialled));
    co_await start(node);
    co_await add(node, pub, pub.dir.path());
    co_await add(node, priv, priv.dir.path());
    co_await wait_state(node, pub, TorrentState::seeding);
    co_await wait_state(node, priv, TorrentState::seeding);
    co_await dial(node, pub, to_pub, group);
    co_await dial(node, priv, to_priv, group);
    co_await tell(to_pub, wire::HaveNone{});
    co_await tell(to_priv, wire::HaveNone{});
    REQUIRE_WITHIN(5000ms, to_pub.their_extensions && to_priv.their_extensions);
    EXPECT_WITHIN(5000ms, pub_dialled > 0);
    co_await sleep(500ms);
    // The public torrent: its discovery ran, what it and the extension offered was dialled;
    // ut_metadata and ut_pex offered.
    BOOST_TEST(runs[pub.meta.info_hash.bytes] == 1);
    BOOST_TEST(to_pub.their_extensions->id_of("ut_metadata").has_value());
    BOOST_TEST(to_pub.their_extensions->id_of("ut_pex").has_value());
    BOOST_TEST(to_pub.their_extensions->metadata_size.value_or(0) > 0);
    // The private one: none of it.
    BOOST_TEST(runs[priv.meta.info_hash.bytes] == 0);
    BOOST_TEST(priv_dialled == 0);
    BOOST_TEST(!to_priv.their_extensions->id_of("ut_metadata").has_value());
    BOOST_TEST(!to_priv.their_extensions->id_of("ut_pex").has_value());
    BOOST_TEST(!to_priv.their_extensions->metadata_size.has_value());
    (*pub_listener)->close();
    (*priv_listener)->close();
    to_pub.conn->close();
    to_priv.conn->close();
    co_await group.stop();
    co_await node.stop();
  };
  corrent::test::run_coro(io, scenario(), 30s);
}

BOOST_AUTO_TEST_SUITE_END()
