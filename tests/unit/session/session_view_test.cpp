// Service plugins and the SessionView they get (issue 11, seam 5), through public headers
// only: a service registered like any plugin reads a byte range while its torrent
// downloads from a scripted peer; reads are refused, cancelled and ended cleanly; file
// priorities change while the torrent runs; a failing service is reported.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <optional>
#include <vector>

#include <asio/experimental/awaitable_operators.hpp>

#include "corrent/engine/errc.hpp"
#include "corrent/events/event_bus.hpp"
#include "corrent/registry/plugin_context.hpp"
#include "corrent/registry/registry.hpp"
#include "corrent/registry/service.hpp"
#include "corrent/view/limits.hpp"
#include "corrent/view/session_view.hpp"
#include "scripted_peer.hpp"
#include "support/pipe_stream.hpp"
#include "support/run_coro.hpp"

namespace {

using namespace scripted;
using corrent::Result;
using corrent::SessionView;
namespace engine = corrent::engine;
namespace events = corrent::events;

// 16 pieces of 32 KiB; the range read spans the end of piece 9 and the start of piece 10.
constexpr std::size_t kPieceLength = 32 * 1024;
constexpr std::uint64_t kReadOffset = 9 * kPieceLength + 1000;
constexpr std::size_t kReadLength = 40000;

// What the reading service saw, for the test to check.
struct ReaderLog {
  std::optional<corrent::TorrentStatus> status_before;  // as the read began
  std::optional<Result<std::vector<std::byte>>> read;
  std::optional<std::uint32_t> pieces_when_read;  // pieces verified when the read returned
  std::vector<corrent::net::Endpoint> listening;   // SessionView::listen_endpoints()
  std::vector<corrent::net::Endpoint> udp;         // SessionView::udp_endpoints()
  bool ended = false;                             // run() returned (the session's stop)
};

// A service: waits for the session's first torrent, reads [kReadOffset, +kReadLength) of
// it, then waits for the session to stop it.
class RangeReader final : public corrent::Service {
 public:
  explicit RangeReader(ReaderLog& log) : log_(log) {}

  Task<Result<void>> run(SessionView& session) override {
    struct Ended {
      ReaderLog& log;
      ~Ended() { log.ended = true; }
    } ended{log_};
    auto added = session.events().stream(16, events::EventMask::of<events::TorrentAdded>());
    auto next = co_await added.next();
    if (!next) co_return tl::make_unexpected(next.error());
    const auto ih = std::get<events::TorrentAdded>(*next).info_hash;
    log_.status_before = session.status(ih);
    log_.listening = session.listen_endpoints();
    log_.udp = session.udp_endpoints();
    auto read = co_await session.read(ih, kReadOffset, kReadLength);
    log_.pieces_when_read = session.status(ih)->pieces_have;
    log_.read = std::move(read);
    // Until the session's stop cancels it.
    corrent::Condition never(co_await asio::this_coro::executor);
    (void)co_await never.wait();
    co_return Result<void>{};
  }

 private:
  ReaderLog& log_;
};

// A service whose run() fails at once.
class Failing final : public corrent::Service {
 public:
  Task<Result<void>> run(SessionView&) override {
    co_return tl::make_unexpected(std::make_error_code(std::errc::connection_refused));
  }
};

// A service that makes a virtual peer for the session's first torrent, as a web seed
// does: one end of an in-memory pipe goes to SessionView::adopt_peer, the other is kept
// for the test to speak the peer protocol on. It also keeps what metainfo() said.
struct AdoptLog {
  std::unique_ptr<corrent::test::PipeStream> ours;  // the virtual peer's end
  // A second virtual peer with the same unspecified address (two web seeds named by host
  // on one port): not a duplicate of the first.
  std::unique_ptr<corrent::test::PipeStream> twin;
  std::optional<corrent::metainfo::Metainfo> meta;
};

class Adopter final : public corrent::Service {
 public:
  explicit Adopter(AdoptLog& log) : log_(log) {}

  Task<Result<void>> run(SessionView& session) override {
    auto added = session.events().stream(16, events::EventMask::of<events::TorrentAdded>());
    auto next = co_await added.next();
    if (!next) co_return tl::make_unexpected(next.error());
    log_.meta = session.metainfo(std::get<events::TorrentAdded>(*next).info_hash);
    const auto executor = co_await asio::this_coro::executor;
    const auto unspecified = corrent::net::Endpoint::v4({0, 0, 0, 0}, 80);
    auto ends = corrent::test::PipeStream::make_pair(executor, unspecified, unspecified);  // no structured binding: GCC 12
    log_.ours = std::move(ends.second);
    session.adopt_peer(std::move(ends.first), "virtual");
    auto twin = corrent::test::PipeStream::make_pair(executor, unspecified, unspecified);
    log_.twin = std::move(twin.second);
    session.adopt_peer(std::move(twin.first), "virtual");
    corrent::Condition never(co_await asio::this_coro::executor);
    (void)co_await never.wait();
    co_return Result<void>{};
  }

 private:
  AdoptLog& log_;
};

std::vector<std::byte> bytes_of(const Payload& payload, std::uint64_t offset, std::size_t length) {
  const auto* begin = reinterpret_cast<const std::byte*>(payload.data.data()) + offset;
  return {begin, begin + length};
}

bool in_read_range(const wire::Request& r) { return r.piece.value == 9 || r.piece.value == 10; }

}  // namespace

BOOST_AUTO_TEST_SUITE(session_view)

// The test: a service reads a range while the torrent downloads. The range's
// pieces get the soonest deadline, so the peer is asked for them first.
BOOST_AUTO_TEST_CASE(a_service_reads_a_range_while_the_torrent_downloads) {
  asio::io_context io;
  Payload payload(16 * kPieceLength, kPieceLength);
  corrent::test::TempDir work;
  Node node(work.path() / "resume");
  ReaderLog log;
  const auto registered = node.registry.add_service(
      "range_reader", [&log](corrent::PluginContext&) -> Result<std::unique_ptr<corrent::Service>> {
        return std::make_unique<RangeReader>(log);
      });
  BOOST_TEST_REQUIRE(registered.has_value());
  node.create(io);
  Peer seed;
  auto scenario = [&]() -> Task<void> {
    corrent::net::TaskGroup group(co_await asio::this_coro::executor);
    co_await start(node);
    co_await add(node, payload, work.path() / "out");
    co_await wait_state(node, payload, TorrentState::downloading);
    REQUIRE_WITHIN(5000ms, log.status_before.has_value());
    co_await sleep(200ms);
    BOOST_TEST(!log.read.has_value());  // no peer yet: the read waits
    co_await dial(node, payload, seed, group);
    co_await tell(seed, wire::HaveAll{});
    co_await tell(seed, wire::Unchoke{});
    REQUIRE_WITHIN(10000ms, log.read.has_value());
    BOOST_TEST_REQUIRE(log.read->has_value());
    BOOST_TEST((**log.read == bytes_of(payload, kReadOffset, kReadLength)));
    BOOST_TEST(log.status_before->pieces_have == 0u);
    BOOST_TEST((log.listening == node.session->listen_endpoints()));
    BOOST_TEST((log.udp == node.session->udp_endpoints()));
    BOOST_TEST(!log.udp.empty());
    BOOST_TEST(!log.listening.empty());
    BOOST_TEST(!log.status_before->finished);
    // Pieces 9 and 10 have two blocks each: they were the first four requests.
    BOOST_TEST_REQUIRE(seed.requests.size() >= 4u);
    BOOST_TEST(std::all_of(seed.requests.begin(), seed.requests.begin() + 4, in_read_range));
    EXPECT_WITHIN(10000ms, finished(node, payload));
    BOOST_TEST(!log.ended);
    seed.conn->close();
    co_await group.stop();
    co_await node.stop();
    BOOST_TEST(log.ended);  // the session's stop cancelled the service
  };
  corrent::test::run_coro(io, scenario(), 30s);
}

// Every class of bad read has its own error; a cancelled read and a read cut off by the
// torrent's removal both end, and the removal does not wait for the pieces.
BOOST_AUTO_TEST_CASE(bad_cancelled_and_interrupted_reads) {
  using namespace asio::experimental::awaitable_operators;
  asio::io_context io;
  Payload payload(4 * kPieceLength, kPieceLength);
  corrent::test::TempDir work;
  Node node(work.path() / "resume");
  node.create(io);
  auto scenario = [&]() -> Task<void> {
    co_await start(node);
    auto& view = node.session->view();
    const auto ih = payload.meta.info_hash;
    const auto total = payload.meta.layout.total_size();
    const auto unknown = co_await view.read(corrent::metainfo::InfoHash{}, 0, 1);
    BOOST_TEST((unknown.error() == engine::errc::unknown_torrent));
    co_await add(node, payload, work.path() / "out");  // downloads: nothing is there
    co_await wait_state(node, payload, TorrentState::downloading);

    const auto past_end = co_await view.read(ih, total - 10, 11);
    BOOST_TEST((past_end.error() == engine::errc::bad_range));
    const auto too_long = co_await view.read(ih, 0, corrent::kMaxReadLength + 1);
    BOOST_TEST((too_long.error() == engine::errc::read_too_long));
    const auto empty = co_await view.read(ih, total, 0);
    BOOST_TEST_REQUIRE(empty.has_value());
    BOOST_TEST(empty->empty());
    BOOST_TEST((view.set_piece_deadline(ih, corrent::PieceIndex{4}, 0ms).error() == engine::errc::bad_range));
    BOOST_TEST(view.set_piece_deadline(ih, corrent::PieceIndex{3}, 500ms).has_value());

    // No peer: the read waits until the timer wins, then is gone.
    auto raced = co_await (view.read(ih, 0, 100) || scripted::sleep(300ms));
    BOOST_TEST(raced.index() == 1u);

    // A skipped file: its pieces will never come.
    // Named vectors, moved in: GCC 12 cannot build a braced list's array inside a
    // coroutine, and destroys a coroutine's by-value argument twice (harmless once moved).
    std::vector<std::uint8_t> skip(1, 0), too_high(1, 8), normal(1, 4);
    const auto skipped = co_await view.set_file_priorities(ih, std::move(skip));
    BOOST_TEST_REQUIRE(skipped.has_value());
    const auto unwanted = co_await view.read(ih, 0, 100);
    BOOST_TEST((unwanted.error() == engine::errc::range_not_wanted));
    const auto refused = co_await view.set_file_priorities(ih, std::move(too_high));
    BOOST_TEST((refused.error() == engine::errc::bad_priorities));
    const auto restored = co_await view.set_file_priorities(ih, std::move(normal));
    BOOST_TEST_REQUIRE(restored.has_value());

    // A read still waiting when its torrent is removed ends with torrent_stopped.
    std::optional<Result<std::vector<std::byte>>> interrupted;
    corrent::net::TaskGroup group(co_await asio::this_coro::executor);
    group.spawn([](SessionView& v, corrent::metainfo::InfoHash h,
                   std::optional<Result<std::vector<std::byte>>>& out) -> Task<void> {
      out = co_await v.read(h, 0, 100);
    }(view, ih, interrupted));
    co_await sleep(100ms);
    BOOST_TEST(!interrupted.has_value());
    const auto removed = co_await view.remove_torrent(ih);
    BOOST_TEST(removed.has_value());
    REQUIRE_WITHIN(2000ms, interrupted.has_value());
    BOOST_TEST((interrupted->error() == engine::errc::torrent_stopped));
    BOOST_TEST(view.torrents().empty());
    co_await group.stop();
    co_await node.stop();
  };
  corrent::test::run_coro(io, scenario(), 30s);
}

// A seed reads at once. A torrent that wanted nothing (its only file skipped) is seeding;
// wanting the file again makes it download, and finish a second time.
BOOST_AUTO_TEST_CASE(a_seed_reads_at_once_and_priorities_change_while_running) {
  asio::io_context io;
  Payload payload(8 * kPieceLength, kPieceLength);
  corrent::test::TempDir work;
  Node seeder(work.path() / "seed-resume");
  Node leecher(work.path() / "leech-resume");
  seeder.create(io);
  leecher.create(io);
  Peer seed;
  auto scenario = [&]() -> Task<void> {
    corrent::net::TaskGroup group(co_await asio::this_coro::executor);
    co_await start(seeder);
    co_await start(leecher);
    co_await add(seeder, payload, payload.dir.path());
    co_await wait_state(seeder, payload, TorrentState::seeding);
    const auto ih = payload.meta.info_hash;
    const auto whole = co_await seeder.session->view().read(ih, 0, payload.data.size());
    BOOST_TEST_REQUIRE(whole.has_value());
    BOOST_TEST((*whole == bytes_of(payload, 0, payload.data.size())));
    const auto layout = seeder.session->view().files(ih);
    BOOST_TEST_REQUIRE(layout.has_value());
    BOOST_TEST(layout->total_size() == payload.data.size());

    std::size_t finished_events = 0;
    auto subscription = leecher.session->events().subscribe(
        [&](const events::Event&) { ++finished_events; }, events::EventMask::of<events::TorrentFinished>());
    engine::AddTorrentParams params{payload.meta, work.path() / "out"};
    params.file_priorities = std::vector<std::uint8_t>(1, 0);
    BOOST_TEST_REQUIRE((co_await leecher.session->add_torrent(std::move(params))).has_value());
    co_await wait_state(leecher, payload, TorrentState::seeding);  // wants nothing
    BOOST_TEST(finished_events == 1u);
    // A peer with every piece but the last connects while nothing is wanted: not interesting
    // yet. Its INTERESTED, answered by an UNCHOKE, shows its BITFIELD was taken in.
    co_await dial(leecher, payload, seed, group);
    const std::array<std::byte, 1> all_but_last{std::byte{0xfe}};
    co_await tell(seed, wire::Bitfield{std::span<const std::byte>(all_but_last)});
    co_await tell(seed, wire::Unchoke{});
    co_await tell(seed, wire::Interested{});
    REQUIRE_WITHIN(5000ms, !seed.conn->peer_choking());
    BOOST_TEST(seed.requests.empty());
    std::vector<std::uint8_t> want_all(1, 4);
    const auto wanted = co_await leecher.session->view().set_file_priorities(ih, std::move(want_all));
    BOOST_TEST_REQUIRE(wanted.has_value());
    BOOST_TEST((leecher.session->status(ih)->state == TorrentState::downloading));
    // The peer is interesting now: asked at once, not only after a HAVE of its own.
    REQUIRE_WITHIN(5000ms, !seed.requests.empty());
    co_await tell(seed, wire::Have{PieceIndex{7}});
    REQUIRE_WITHIN(10000ms, finished(leecher, payload));
    EXPECT_WITHIN(2000ms, finished_events == 2u);
    const auto back = co_await leecher.session->view().read(ih, 5, 70000);
    BOOST_TEST_REQUIRE(back.has_value());
    BOOST_TEST((*back == bytes_of(payload, 5, 70000)));
    seed.conn->close();
    co_await group.stop();
    co_await leecher.stop();
    co_await seeder.stop();
  };
  corrent::test::run_coro(io, scenario(), 30s);
}

// A service hands the session streams it made (virtual peers, as web seeds are): the
// session takes each as an inbound connection, two with the same unspecified address
// (web seeds named by host) included, and the torrent downloads from one alone.
// metainfo() gives the service the piece hashes it would verify against.
BOOST_AUTO_TEST_CASE(a_service_adopts_a_virtual_peer_and_the_torrent_downloads_from_it) {
  asio::io_context io;
  Payload payload(8 * kPieceLength, kPieceLength);
  corrent::test::TempDir work;
  Node node(work.path() / "resume");
  AdoptLog log;
  const auto registered = node.registry.add_service(
      "adopter", [&log](corrent::PluginContext&) -> Result<std::unique_ptr<corrent::Service>> {
        return std::make_unique<Adopter>(log);
      });
  BOOST_TEST_REQUIRE(registered.has_value());
  node.create(io);
  Peer seed;
  auto scenario = [&]() -> Task<void> {
    corrent::net::TaskGroup group(co_await asio::this_coro::executor);
    co_await start(node);
    co_await add(node, payload, work.path() / "out");
    REQUIRE_WITHIN(5000ms, log.ours != nullptr);
    BOOST_TEST_REQUIRE(log.meta.has_value());
    BOOST_TEST((log.meta->info_hash == payload.meta.info_hash));
    BOOST_TEST((log.meta->layout.piece_count() == payload.meta.layout.piece_count()));
    BOOST_TEST((log.meta->piece_hash(PieceIndex{3}) == payload.meta.piece_hash(PieceIndex{3})));
    // The virtual peer opens with its handshake, as an inbound peer does.
    wire::Reserved reserved;
    reserved.set_fast(true);
    const wire::Handshake hello{reserved, payload.meta.info_hash, corrent::make_peer_id()};
    const wire::TorrentShape shape{payload.meta.layout.piece_count(), payload.meta.layout.piece_length(),
                                   payload.meta.layout.total_size()};
    wire::PeerSettings settings;  // named: GCC 12 and class-type temporaries in co_await
    auto conn = co_await wire::PeerConnection::connect(std::move(log.ours), hello, shape, std::move(settings));
    BOOST_TEST_REQUIRE(conn.has_value());
    const wire::Handshake twin_hello{reserved, payload.meta.info_hash, corrent::make_peer_id()};
    wire::PeerSettings twin_settings;
    auto twin = co_await wire::PeerConnection::connect(std::move(log.twin), twin_hello, shape, std::move(twin_settings));
    BOOST_TEST_REQUIRE(twin.has_value());
    REQUIRE_WITHIN(5000ms, node.session->status(payload.meta.info_hash)->peers == 2u);
    seed.payload = &payload;
    seed.conn = std::move(*conn);
    group.spawn(run_peer(&seed));
    group.spawn(answer_requests(&seed));
    co_await tell(seed, wire::HaveAll{});
    co_await tell(seed, wire::Unchoke{});
    REQUIRE_WITHIN(10000ms, finished(node, payload));
    BOOST_TEST(seed.served.size() == 16u);  // two blocks per piece, each asked once
    seed.conn->close();
    (*twin)->close();
    co_await group.stop();
    co_await node.stop();
  };
  corrent::test::run_coro(io, scenario(), 30s);
}

// A service whose run() fails is reported by name; the session goes on.
BOOST_AUTO_TEST_CASE(a_failing_service_is_reported_and_the_session_goes_on) {
  asio::io_context io;
  corrent::test::TempDir work;
  Node node(work.path() / "resume");
  const auto registered = node.registry.add_service(
      "failing", [](corrent::PluginContext&) -> Result<std::unique_ptr<corrent::Service>> {
        return std::make_unique<Failing>();
      });
  BOOST_TEST_REQUIRE(registered.has_value());
  node.create(io);
  auto scenario = [&]() -> Task<void> {
    std::vector<events::SessionWarning> warnings;
    auto subscription = node.session->events().subscribe(
        [&](const events::Event& e) { warnings.push_back(std::get<events::SessionWarning>(e)); },
        events::EventMask::of<events::SessionWarning>());
    co_await start(node);
    REQUIRE_WITHIN(2000ms, !warnings.empty());
    BOOST_TEST(warnings.front().what == "service_failed");
    BOOST_TEST((warnings.front().error == std::errc::connection_refused));
    BOOST_TEST(warnings.front().detail.find("failing") != std::string::npos);
    Payload payload(2 * kPieceLength, kPieceLength);
    co_await add(node, payload, payload.dir.path());
    co_await wait_state(node, payload, TorrentState::seeding);
    co_await node.stop();
  };
  corrent::test::run_coro(io, scenario(), 30s);
}

BOOST_AUTO_TEST_SUITE_END()
