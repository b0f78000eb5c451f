// The engine end to end: a seeding Session and a downloading Session on 127.0.0.1, with the
// real TCP transport and file storage, bytes compared after the download.
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <chrono>
#include <fstream>
#include <random>
#include <string>

#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>

#include "corrent/engine/errc.hpp"
#include "corrent/engine/session.hpp"
#include "corrent/metainfo/creator.hpp"
#include "corrent/metainfo/metainfo.hpp"
#include "corrent/net/timeout.hpp"
#include "corrent/plugins/standard.hpp"
#include "corrent/storage/resume_data.hpp"
#include "support/run_coro.hpp"
#include "support/temp_dir.hpp"

namespace {

using namespace std::chrono_literals;
using corrent::Task;
using corrent::engine::Session;
namespace events = corrent::events;

std::string random_bytes(std::size_t n, unsigned seed) {
  std::mt19937 gen(seed);
  std::string out(n, '\0');
  for (auto& c : out) c = static_cast<char>(gen());
  return out;
}

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// A folder of three files, and its torrent.
struct Payload {
  corrent::test::TempDir dir;
  std::filesystem::path root;
  corrent::metainfo::Metainfo meta;
  std::vector<std::string> contents;

  explicit Payload(std::uint32_t piece_length = 32 * 1024) {
    root = dir.path() / "payload";
    const std::vector<std::size_t> sizes = {300 * 1000, 17, 200 * 1000};
    for (std::size_t i = 0; i < sizes.size(); ++i) {
      contents.push_back(random_bytes(sizes[i], static_cast<unsigned>(i + 1)));
      dir.write("payload/file" + std::to_string(i) + ".bin", contents.back());
    }
    corrent::metainfo::CreateOptions options;
    options.piece_length = piece_length;
    auto bytes = corrent::metainfo::create_torrent(root, options);
    BOOST_TEST_REQUIRE(bytes.has_value());
    auto parsed = corrent::metainfo::parse_torrent(*bytes);
    BOOST_TEST_REQUIRE(parsed.has_value());
    meta = std::move(*parsed);
  }
};

struct Node {
  corrent::Registry registry;
  std::unique_ptr<Session> session;

  Node(asio::io_context& io, const std::filesystem::path& resume_dir) {
    corrent::plugins::register_standard(registry);
    corrent::engine::SessionSettings settings;
    settings.listen = {"127.0.0.1:0"};
    settings.resume_dir = resume_dir;
    auto made = Session::create(io.get_executor(), registry, corrent::Config{}, settings);
    BOOST_TEST_REQUIRE(made.has_value(), (made ? "" : made.error().message()));
    session = std::move(*made);
  }
};

// Waits for an event of type E about `ih` on `stream`, up to `limit`.
template <class E>
Task<std::optional<E>> wait_for(events::EventStream& stream, std::chrono::milliseconds limit,
                                std::vector<events::Event>* seen = nullptr) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    auto next = co_await corrent::net::with_timeout(stream.next(), std::max(left, 1ms));
    if (!next) co_return std::nullopt;
    if (seen != nullptr) seen->push_back(*next);
    if (const auto* e = std::get_if<E>(&*next)) co_return *e;
  }
  co_return std::nullopt;
}

using corrent::TorrentState;
using StateChange = std::pair<TorrentState, TorrentState>;

// The TorrentStateChanged events about `ih` among `seen`, as (from, to).
std::vector<StateChange> state_changes(const std::vector<events::Event>& seen, const corrent::metainfo::InfoHash& ih) {
  std::vector<StateChange> out;
  for (const auto& e : seen) {
    if (const auto* c = std::get_if<events::TorrentStateChanged>(&e); c && c->info_hash == ih) {
      out.emplace_back(c->from, c->to);
    }
  }
  return out;
}

// Starts both sessions, and has `seeder` seed `payload` until its check on add is done;
// returns that check's event.
Task<std::optional<events::TorrentChecked>> start_and_seed(Node& seeder, Node& leecher, const Payload& payload) {
  BOOST_TEST_REQUIRE((co_await seeder.session->start()).has_value());
  BOOST_TEST_REQUIRE((co_await leecher.session->start()).has_value());
  auto seed_events = seeder.session->events().stream(4096);
  corrent::engine::AddTorrentParams seed_params{payload.meta, payload.dir.path()};
  BOOST_TEST_REQUIRE((co_await seeder.session->add_torrent(std::move(seed_params))).has_value());
  co_return co_await wait_for<events::TorrentChecked>(seed_events, 10000ms);
}

}  // namespace

BOOST_AUTO_TEST_CASE(leecher_downloads_every_file_from_seeder) {
  asio::io_context io;
  Payload payload;
  corrent::test::TempDir work;
  Node seeder(io, work.path() / "seed-resume");
  Node leecher(io, work.path() / "leech-resume");
  const auto out = work.path() / "out";

  auto scenario = [&]() -> Task<void> {
    auto checked = co_await start_and_seed(seeder, leecher, payload);
    BOOST_TEST_REQUIRE(checked.has_value());
    auto leech_events = leecher.session->events().stream(4096);
    BOOST_TEST(checked->pieces_have == payload.meta.layout.piece_count());

    corrent::engine::AddTorrentParams params{payload.meta, out};
    params.peers = seeder.session->listen_endpoints();
    BOOST_TEST_REQUIRE(!params.peers.empty());
    BOOST_TEST_REQUIRE((co_await leecher.session->add_torrent(params)).has_value());
    auto finished = co_await wait_for<events::TorrentFinished>(leech_events, 20000ms);
    BOOST_TEST_REQUIRE(finished.has_value());
    const auto status = leecher.session->status(payload.meta.info_hash);
    BOOST_TEST_REQUIRE(status.has_value());
    BOOST_TEST(status->finished);
    BOOST_TEST(status->pieces_have == payload.meta.layout.piece_count());
    co_await leecher.session->stop();
    co_await seeder.session->stop();
  };
  corrent::test::run_coro(io, scenario(), 40s);
  for (std::size_t i = 0; i < payload.contents.size(); ++i) {
    const auto got = read_file(out / "payload" / ("file" + std::to_string(i) + ".bin"));
    BOOST_TEST((got == payload.contents[i]), "file " << i << " differs");
  }
}

BOOST_AUTO_TEST_CASE(skipped_file_is_not_created_and_restart_trusts_resume_data) {
  asio::io_context io;
  Payload payload;
  corrent::test::TempDir work;
  const auto out = work.path() / "out";
  const std::vector<std::uint8_t> skip_middle = {4, 0, 4};

  auto download = [&](bool expect_resume) -> Task<void> {
    Node seeder(io, work.path() / "seed-resume");
    Node leecher(io, work.path() / "leech-resume");
    BOOST_TEST_REQUIRE((co_await seeder.session->start()).has_value());
    BOOST_TEST_REQUIRE((co_await leecher.session->start()).has_value());
    auto leech_events = leecher.session->events().stream(4096);
    corrent::engine::AddTorrentParams seed_params{payload.meta, payload.dir.path()};
    BOOST_TEST_REQUIRE((co_await seeder.session->add_torrent(std::move(seed_params))).has_value());
    corrent::engine::AddTorrentParams params{payload.meta, out};
    params.file_priorities = skip_middle;
    params.peers = seeder.session->listen_endpoints();
    BOOST_TEST_REQUIRE((co_await leecher.session->add_torrent(params)).has_value());
    auto checked = co_await wait_for<events::TorrentChecked>(leech_events, 10000ms);
    BOOST_TEST_REQUIRE(checked.has_value());
    BOOST_TEST(checked->from_resume == expect_resume);
    auto finished = co_await wait_for<events::TorrentFinished>(leech_events, 20000ms);
    BOOST_TEST_REQUIRE(finished.has_value());
    const auto status = leecher.session->status(payload.meta.info_hash);
    if (expect_resume) BOOST_TEST(status->downloaded == 0u);  // nothing fetched again
    co_await leecher.session->stop();
    co_await seeder.session->stop();
  };
  corrent::test::run_coro(io, download(false), 40s);
  BOOST_TEST(read_file(out / "payload" / "file0.bin") == payload.contents[0]);
  BOOST_TEST(read_file(out / "payload" / "file2.bin") == payload.contents[2]);
  BOOST_TEST(!std::filesystem::exists(out / "payload" / "file1.bin"));
  BOOST_TEST(std::filesystem::exists(work.path() / "leech-resume" /
                                     (payload.meta.info_hash.hex() + ".resume")));
  corrent::test::run_coro(io, download(true), 40s);
}

BOOST_AUTO_TEST_CASE(duplicate_torrent_and_bad_priorities_are_refused) {
  asio::io_context io;
  Payload payload;
  corrent::test::TempDir work;
  Node node(io, work.path() / "resume");
  auto scenario = [&]() -> Task<void> {
    BOOST_TEST_REQUIRE((co_await node.session->start()).has_value());
    corrent::engine::AddTorrentParams first{payload.meta, payload.dir.path()};
    corrent::engine::AddTorrentParams second{payload.meta, payload.dir.path()};
    BOOST_TEST_REQUIRE((co_await node.session->add_torrent(std::move(first))).has_value());
    auto again = co_await node.session->add_torrent(std::move(second));
    BOOST_TEST_REQUIRE(!again.has_value());
    BOOST_TEST((again.error() == corrent::engine::errc::duplicate_torrent));
    auto other = payload.meta;
    other.info_hash.bytes[0] ^= 1;
    corrent::engine::AddTorrentParams bad{other, work.path() / "x"};
    bad.file_priorities = {1, 2};  // three files
    auto refused = co_await node.session->add_torrent(bad);
    BOOST_TEST_REQUIRE(!refused.has_value());
    BOOST_TEST((refused.error() == corrent::engine::errc::bad_priorities));
    co_await node.session->stop();
  };
  corrent::test::run_coro(io, scenario(), 20s);
}

// Two sessions (as two processes would) on one torrent and one resume folder: the second
// torrent fails at once, naming the resume file; the first runs on. Once the first has
// stopped, a new one starts. (flock: a second open of the lock file conflicts in one
// process too.)
BOOST_AUTO_TEST_CASE(a_second_session_on_the_same_resume_data_is_refused) {
  asio::io_context io;
  Payload payload;
  corrent::test::TempDir work;
  Node first(io, work.path() / "resume");
  Node second(io, work.path() / "resume");
  auto scenario = [&]() -> Task<void> {
    BOOST_TEST_REQUIRE((co_await first.session->start()).has_value());
    BOOST_TEST_REQUIRE((co_await second.session->start()).has_value());
    auto first_events = first.session->events().stream(4096);
    auto second_events = second.session->events().stream(4096);
    corrent::engine::AddTorrentParams a{payload.meta, payload.dir.path()};
    BOOST_TEST_REQUIRE((co_await first.session->add_torrent(std::move(a))).has_value());
    auto first_checked = co_await wait_for<events::TorrentChecked>(first_events, 10000ms);
    BOOST_TEST_REQUIRE(first_checked.has_value());
    corrent::engine::AddTorrentParams b{payload.meta, payload.dir.path()};
    BOOST_TEST_REQUIRE((co_await second.session->add_torrent(std::move(b))).has_value());
    auto refused = co_await wait_for<events::TorrentError>(second_events, 10000ms);
    BOOST_TEST_REQUIRE(refused.has_value());
    BOOST_TEST((refused->error == corrent::storage::resume_errc::locked));
    BOOST_TEST(refused->detail.find((work.path() / "resume").string()) != std::string::npos, refused->detail);
    BOOST_TEST(refused->detail.find("process " + std::to_string(::getpid())) != std::string::npos, refused->detail);
    BOOST_TEST((first.session->status(payload.meta.info_hash)->state == corrent::engine::TorrentState::seeding));
    const auto failed = second.session->status(payload.meta.info_hash);
    BOOST_TEST_REQUIRE(failed.has_value());
    BOOST_TEST((failed->state == TorrentState::failed));
    BOOST_TEST((failed->error == corrent::storage::resume_errc::locked));
    BOOST_TEST(failed->error_detail == refused->detail);
    co_await second.session->stop();
    co_await first.session->stop();
    Node third(io, work.path() / "resume");
    BOOST_TEST_REQUIRE((co_await third.session->start()).has_value());
    auto third_events = third.session->events().stream(4096);
    corrent::engine::AddTorrentParams c{payload.meta, payload.dir.path()};
    BOOST_TEST_REQUIRE((co_await third.session->add_torrent(std::move(c))).has_value());
    auto third_checked = co_await wait_for<events::TorrentChecked>(third_events, 10000ms);
    BOOST_TEST(third_checked.has_value());
    co_await third.session->stop();
  };
  corrent::test::run_coro(io, scenario(), 30s);
}

BOOST_AUTO_TEST_CASE(a_paused_torrent_connects_to_nobody_until_resumed_then_can_be_removed) {
  asio::io_context io;
  Payload payload;
  corrent::test::TempDir work;
  Node seeder(io, work.path() / "seed-resume");
  Node leecher(io, work.path() / "leech-resume");
  const auto ih = payload.meta.info_hash;
  auto scenario = [&]() -> Task<void> {
    BOOST_TEST_REQUIRE((co_await seeder.session->start()).has_value());
    BOOST_TEST_REQUIRE((co_await leecher.session->start()).has_value());
    corrent::engine::AddTorrentParams seed_params{payload.meta, payload.dir.path()};
    BOOST_TEST_REQUIRE((co_await seeder.session->add_torrent(std::move(seed_params))).has_value());
    auto leech_events = leecher.session->events().stream(4096);
    std::vector<events::Event> seen;
    corrent::engine::AddTorrentParams params{payload.meta, work.path() / "out"};
    BOOST_TEST_REQUIRE((co_await leecher.session->add_torrent(std::move(params))).has_value());
    BOOST_TEST_REQUIRE((co_await wait_for<events::TorrentChecked>(leech_events, 10000ms, &seen)).has_value());
    BOOST_TEST_REQUIRE(leecher.session->pause(ih).has_value());
    BOOST_TEST((leecher.session->status(ih)->state == corrent::engine::TorrentState::paused));
    for (const auto& e : seeder.session->listen_endpoints()) leecher.session->add_peer(ih, e);
    // Two connector rounds: a paused torrent makes no connection.
    asio::steady_timer pause(co_await asio::this_coro::executor, 2500ms);
    co_await pause.async_wait(corrent::use_nothrow);
    BOOST_TEST(leecher.session->status(ih)->peers == 0u);
    BOOST_TEST(leecher.session->status(ih)->pieces_have == 0u);
    BOOST_TEST_REQUIRE(leecher.session->resume(ih).has_value());
    BOOST_TEST_REQUIRE((co_await wait_for<events::TorrentFinished>(leech_events, 20000ms, &seen)).has_value());
    const std::vector<StateChange> expected{{TorrentState::checking, TorrentState::downloading},
                                            {TorrentState::downloading, TorrentState::paused},
                                            {TorrentState::paused, TorrentState::downloading},
                                            {TorrentState::downloading, TorrentState::seeding}};
    BOOST_TEST((state_changes(seen, ih) == expected));
    BOOST_TEST_REQUIRE((co_await leecher.session->remove_torrent(ih)).has_value());
    BOOST_TEST(!leecher.session->status(ih).has_value());
    auto again = co_await leecher.session->remove_torrent(ih);
    BOOST_TEST((!again && again.error() == corrent::engine::errc::unknown_torrent));
    BOOST_TEST(!leecher.session->pause(ih).has_value());
    co_await leecher.session->stop();
    co_await seeder.session->stop();
  };
  corrent::test::run_coro(io, scenario(), 40s);
}

BOOST_AUTO_TEST_CASE(a_magnet_fetches_its_metadata_from_a_peer_then_downloads) {
  asio::io_context io;
  Payload payload;
  corrent::test::TempDir work;
  Node seeder(io, work.path() / "seed-resume");
  Node leecher(io, work.path() / "leech-resume");
  const auto out = work.path() / "out";

  auto scenario = [&]() -> Task<void> {
    BOOST_TEST_REQUIRE((co_await start_and_seed(seeder, leecher, payload)).has_value());
    auto leech_events = leecher.session->events().stream(4096);

    // Only the info-hash: no name, no trackers, no file list.
    corrent::metainfo::Magnet magnet;
    magnet.info_hash = payload.meta.info_hash;
    corrent::engine::AddTorrentParams params;
    params.magnet = magnet;
    params.save_path = out;
    params.peers = seeder.session->listen_endpoints();
    auto added = co_await leecher.session->add_torrent(std::move(params));
    BOOST_TEST_REQUIRE(added.has_value());
    BOOST_TEST((*added == payload.meta.info_hash));
    const auto before = leecher.session->status(payload.meta.info_hash);
    BOOST_TEST_REQUIRE(before.has_value());
    BOOST_TEST((before->state == corrent::engine::TorrentState::fetching_metadata));
    BOOST_TEST(!before->finished);  // an empty picker must not look finished

    std::vector<events::Event> seen;
    auto got = co_await wait_for<events::MetadataReceived>(leech_events, 10000ms, &seen);
    BOOST_TEST_REQUIRE(got.has_value());
    BOOST_TEST(got->size == payload.meta.info_bytes.size());
    BOOST_TEST(got->name == payload.meta.name);
    BOOST_TEST((got->from == seeder.session->listen_endpoints().front()));
    auto finished = co_await wait_for<events::TorrentFinished>(leech_events, 20000ms, &seen);
    BOOST_TEST_REQUIRE(finished.has_value());
    const std::vector<StateChange> expected{{TorrentState::fetching_metadata, TorrentState::checking},
                                            {TorrentState::checking, TorrentState::downloading},
                                            {TorrentState::downloading, TorrentState::seeding}};
    BOOST_TEST((state_changes(seen, payload.meta.info_hash) == expected));
    const auto status = leecher.session->status(payload.meta.info_hash);
    BOOST_TEST(status->pieces_have == payload.meta.layout.piece_count());

    // A magnet that names no v1 info-hash cannot be fetched.
    corrent::metainfo::Magnet v2_only;
    v2_only.info_hash_v2 = std::string(68, 'a');
    corrent::engine::AddTorrentParams bad;
    bad.magnet = v2_only;
    bad.save_path = out;
    auto refused = co_await leecher.session->add_torrent(std::move(bad));
    BOOST_TEST_REQUIRE(!refused.has_value());
    BOOST_TEST((refused.error() == corrent::engine::errc::no_metadata_source));
    co_await leecher.session->stop();
    co_await seeder.session->stop();

    // Again, with no peer at all: the metadata and the pieces come from the resume data.
    Node again(io, work.path() / "leech-resume");
    BOOST_TEST_REQUIRE((co_await again.session->start()).has_value());
    auto again_events = again.session->events().stream(4096);
    corrent::engine::AddTorrentParams restart;
    restart.magnet = magnet;
    restart.save_path = out;
    BOOST_TEST_REQUIRE((co_await again.session->add_torrent(std::move(restart))).has_value());
    auto kept = co_await wait_for<events::MetadataReceived>(again_events, 10000ms);
    BOOST_TEST_REQUIRE(kept.has_value());
    BOOST_TEST((kept->from == corrent::net::Endpoint{}));
    auto rechecked = co_await wait_for<events::TorrentChecked>(again_events, 10000ms);
    BOOST_TEST_REQUIRE(rechecked.has_value());
    BOOST_TEST(rechecked->from_resume);
    BOOST_TEST(rechecked->pieces_have == payload.meta.layout.piece_count());
    co_await again.session->stop();
  };
  corrent::test::run_coro(io, scenario(), 40s);
  for (std::size_t i = 0; i < payload.contents.size(); ++i) {
    const auto got = read_file(out / "payload" / ("file" + std::to_string(i) + ".bin"));
    BOOST_TEST((got == payload.contents[i]), "file " << i << " differs");
  }
}

// A pause while the data is checked holds: the check ends into seeding underneath, and the
// torrent seeds only once resumed. (Before the torrent's states were split, the end of the
// check overwrote the pause.)
BOOST_AUTO_TEST_CASE(a_pause_during_the_check_holds_after_it) {
  asio::io_context io;
  Payload payload;
  corrent::test::TempDir work;
  Node seeder(io, work.path() / "seed-resume");
  const auto ih = payload.meta.info_hash;
  auto scenario = [&]() -> Task<void> {
    BOOST_TEST_REQUIRE((co_await seeder.session->start()).has_value());
    auto seed_events = seeder.session->events().stream(4096);
    std::vector<events::Event> seen;
    corrent::engine::AddTorrentParams params{payload.meta, payload.dir.path()};
    BOOST_TEST_REQUIRE((co_await seeder.session->add_torrent(std::move(params))).has_value());
    BOOST_TEST((seeder.session->status(ih)->state == TorrentState::checking));
    BOOST_TEST_REQUIRE(seeder.session->pause(ih).has_value());
    const auto checked = co_await wait_for<events::TorrentChecked>(seed_events, 10000ms, &seen);
    BOOST_TEST_REQUIRE(checked.has_value());
    BOOST_TEST(checked->pieces_have == payload.meta.layout.piece_count());
    const auto held = seeder.session->status(ih);
    BOOST_TEST((held->state == TorrentState::paused));
    BOOST_TEST(held->finished);
    BOOST_TEST(held->check_progress == 1.0);
    BOOST_TEST_REQUIRE(seeder.session->resume(ih).has_value());
    BOOST_TEST((seeder.session->status(ih)->state == TorrentState::seeding));
    BOOST_TEST_REQUIRE((co_await wait_for<events::TorrentStateChanged>(seed_events, 5000ms, &seen)).has_value());
    // The check's end is not a change of state: the torrent stayed paused through it.
    const std::vector<StateChange> expected{{TorrentState::checking, TorrentState::paused},
                                            {TorrentState::paused, TorrentState::seeding}};
    BOOST_TEST((state_changes(seen, ih) == expected));
    co_await seeder.session->stop();
  };
  corrent::test::run_coro(io, scenario(), 30s);
}
