#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <random>
#include <thread>
#include <tuple>

#include <asio/io_context.hpp>

#include "corrent/storage/disk_pool.hpp"
#include "corrent/storage/torrent_disk.hpp"
#include "disk_fixture.hpp"
#include "memory_storage.hpp"
#include "support/require_error.hpp"
#include "support/run_coro.hpp"

using corrent::test::error_of;

namespace {

using corrent::PieceIndex;
using corrent::Task;
using corrent::engine::BlockRef;
using corrent::storage::DiskPool;
using corrent::storage::errc;
using corrent::storage::PieceVerdict;
using corrent::storage::TorrentDisk;
using corrent::test::run_coro;
using corrent::test::SmallTorrent;
using corrent::test::TestStorage;
using corrent::test::wait_for;

struct Verdicts {
  std::vector<std::tuple<PieceIndex, PieceVerdict, std::error_code>> got;
  std::vector<std::vector<corrent::crypto::Sha1Digest>> digests;  // each outcome's block digests
  std::vector<std::thread::id> threads;
  void attach(TorrentDisk& disk) {
    disk.set_piece_callback([this](const corrent::storage::PieceOutcome& o) {
      got.emplace_back(o.piece, o.verdict, o.error);
      digests.push_back(o.block_digests);
      threads.push_back(std::this_thread::get_id());
    });
  }
};

struct Fixture {
  asio::io_context io;
  DiskPool pool{2};
  SmallTorrent torrent;
  TestStorage* storage = nullptr;  // owned by disk
  std::unique_ptr<TorrentDisk> disk;
  Verdicts verdicts;

  Fixture() {
    auto s = std::make_unique<TestStorage>(torrent.payload.size());
    storage = s.get();
    disk = std::make_unique<TorrentDisk>(pool, io.get_executor(), std::move(s), torrent.meta);
    verdicts.attach(*disk);
  }
  ~Fixture() { run_coro(io, disk->stop()); }

  /// Feeds `blocks` of the torrent in the order given.
  void feed(const std::vector<BlockRef>& blocks) {
    for (const auto& b : blocks) {
      const auto r = disk->buffer_block(b, torrent.block_bytes(b));
      BOOST_REQUIRE_MESSAGE(r, (r ? "" : r.error().message()));
    }
  }
  void wait_verdicts(std::size_t n) {
    run_coro(io, wait_for([&] { return verdicts.got.size() >= n; }));
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(torrent_disk)

BOOST_FIXTURE_TEST_CASE(a_complete_piece_passes_and_is_written_once, Fixture) {
  feed(torrent.blocks(PieceIndex{1}));
  wait_verdicts(1);
  BOOST_TEST(std::get<0>(verdicts.got[0]).value == 1u);
  BOOST_TEST((std::get<1>(verdicts.got[0]) == PieceVerdict::passed));
  BOOST_TEST(verdicts.threads[0] == std::this_thread::get_id());  // on the network thread
  BOOST_TEST(storage->writes.load() == 1);  // one writev, one part, for the whole piece
  BOOST_TEST(verdicts.digests[0].empty());  // a piece that passes at once: no block digests
  BOOST_TEST(disk->buffered_bytes() == 0u);
  BOOST_TEST(disk->pieces_buffered() == 0u);
  const auto back = run_coro(io, disk->read_block(BlockRef{PieceIndex{1}, 16384, 16384}));
  BOOST_REQUIRE(back);
  const auto want = torrent.block_bytes(BlockRef{PieceIndex{1}, 16384, 16384});
  BOOST_TEST(std::equal(back->begin(), back->end(), want.begin(), want.end()));
}

BOOST_FIXTURE_TEST_CASE(out_of_order_blocks_pass, Fixture) {
  for (std::uint32_t p = 0; p < torrent.pieces(); ++p) {
    auto blocks = torrent.blocks(PieceIndex{p});
    std::shuffle(blocks.begin(), blocks.end(), std::mt19937{p});
    std::reverse(blocks.begin(), blocks.end());
    feed(blocks);
  }
  wait_verdicts(torrent.pieces());
  for (const auto& [p, v, ec] : verdicts.got) BOOST_TEST((v == PieceVerdict::passed));
  BOOST_TEST(storage->writes.load() == static_cast<int>(torrent.pieces()));
}

BOOST_FIXTURE_TEST_CASE(a_corrupt_piece_fails_and_is_not_written, Fixture) {
  const auto blocks = torrent.blocks(PieceIndex{0});
  std::vector<std::byte> bad(torrent.block_bytes(blocks[2]).begin(),
                             torrent.block_bytes(blocks[2]).end());
  bad[100] ^= std::byte{1};
  BOOST_REQUIRE(disk->buffer_block(blocks[0], torrent.block_bytes(blocks[0])));
  BOOST_REQUIRE(disk->buffer_block(blocks[2], bad));
  BOOST_REQUIRE(disk->buffer_block(blocks[1], torrent.block_bytes(blocks[1])));
  BOOST_TEST(disk->buffered_bytes() == SmallTorrent::kPieceLength);
  BOOST_REQUIRE(disk->buffer_block(blocks[3], torrent.block_bytes(blocks[3])));
  wait_verdicts(1);
  BOOST_TEST((std::get<1>(verdicts.got[0]) == PieceVerdict::failed));
  BOOST_TEST(storage->writes.load() == 0);
  BOOST_TEST(disk->buffered_bytes() == 0u);
  // A failed piece says what each block hashed to, as received (for a smart ban).
  const auto sha = [](std::span<const std::byte> bytes) {
    corrent::crypto::Sha1 h;
    h.update(bytes);
    return h.finish();
  };
  BOOST_REQUIRE(verdicts.digests[0].size() == 4u);
  BOOST_TEST((verdicts.digests[0][2] == sha(bad)));
  for (const std::size_t i : {0, 1, 3}) BOOST_TEST((verdicts.digests[0][i] == sha(torrent.block_bytes(blocks[i]))));
  // The piece can be downloaded again; asked for, its passing outcome has the good digests.
  disk->want_block_digests(PieceIndex{0});
  feed(blocks);
  wait_verdicts(2);
  BOOST_TEST((std::get<1>(verdicts.got[1]) == PieceVerdict::passed));
  BOOST_REQUIRE(verdicts.digests[1].size() == 4u);
  BOOST_TEST((verdicts.digests[1][2] == sha(torrent.block_bytes(blocks[2]))));
  BOOST_TEST((verdicts.digests[1][2] != verdicts.digests[0][2]));
  BOOST_TEST((verdicts.digests[1][0] == verdicts.digests[0][0]));
}

BOOST_FIXTURE_TEST_CASE(a_write_error_is_reported_with_its_code, Fixture) {
  storage->fail_writes = true;
  feed(torrent.blocks(PieceIndex{3}));  // the short last piece
  wait_verdicts(1);
  BOOST_TEST((std::get<1>(verdicts.got[0]) == PieceVerdict::write_error));
  BOOST_TEST(std::get<2>(verdicts.got[0]) == std::make_error_code(std::errc::no_space_on_device));
}

BOOST_FIXTURE_TEST_CASE(bad_blocks_are_refused_and_duplicates_ignored, Fixture) {
  const auto data = torrent.block_bytes(BlockRef{PieceIndex{0}, 0, 16384});
  BOOST_TEST(error_of(disk->buffer_block({PieceIndex{0}, 1, 16384}, data)) ==
             std::error_code(errc::bad_block));  // not on a block boundary
  BOOST_TEST(error_of(disk->buffer_block({PieceIndex{0}, 0, 16383}, data.first(16383))) ==
             std::error_code(errc::bad_block));  // short
  BOOST_TEST(error_of(disk->buffer_block({PieceIndex{0}, 65536, 16384}, data)) ==
             std::error_code(errc::bad_block));  // past the piece
  BOOST_TEST(disk->buffer_block({PieceIndex{3}, 16384, 16384}, data).has_value());  // last
  BOOST_TEST(error_of(disk->buffer_block({PieceIndex{3}, 32768, 16384}, data)) ==
             std::error_code(errc::bad_block));  // one past the short last piece
  BOOST_TEST(error_of(disk->buffer_block({PieceIndex{4}, 0, 16384}, data)) ==
             std::error_code(errc::out_of_bounds));
  BOOST_TEST(error_of(disk->buffer_block({PieceIndex{0}, 0, 16384}, data.first(100))) ==
             std::error_code(errc::bad_block));  // data shorter than the ref
  // A duplicate neither completes nor corrupts the piece.
  const auto blocks = torrent.blocks(PieceIndex{2});
  feed({blocks[0], blocks[0], blocks[1], blocks[2]});
  BOOST_TEST(verdicts.got.empty());
  feed({blocks[3]});
  wait_verdicts(1);
  BOOST_TEST((std::get<1>(verdicts.got[0]) == PieceVerdict::passed));
}

BOOST_FIXTURE_TEST_CASE(abandoning_drops_the_partial_buffer, Fixture) {
  const auto blocks = torrent.blocks(PieceIndex{1});
  feed({blocks[0], blocks[1]});
  BOOST_TEST(disk->pieces_buffered() == 1u);
  disk->abandon_piece(PieceIndex{1});
  BOOST_TEST(disk->buffered_bytes() == 0u);
  BOOST_TEST(disk->pieces_buffered() == 0u);
  feed(blocks);  // starts afresh
  wait_verdicts(1);
  BOOST_TEST((std::get<1>(verdicts.got[0]) == PieceVerdict::passed));
}

BOOST_FIXTURE_TEST_CASE(the_coroutine_form_resumes_on_the_network_thread, Fixture) {
  const auto main = std::this_thread::get_id();
  run_coro(io, [](Fixture& f, std::thread::id network) -> Task<void> {
    for (const auto& b : f.torrent.blocks(PieceIndex{0})) {
      const auto r = co_await f.disk->add_block(b, f.torrent.block_bytes(b));
      BOOST_TEST(r.has_value());
    }
    co_await wait_for([&] { return !f.verdicts.got.empty(); });
    const auto read = co_await f.disk->read_block(BlockRef{PieceIndex{0}, 0, 16384});
    BOOST_TEST(read.has_value());
    BOOST_TEST(std::this_thread::get_id() == network);
    const auto synced = co_await f.disk->sync();
    BOOST_TEST(synced.has_value());
    BOOST_TEST(std::this_thread::get_id() == network);
    const auto missing = co_await f.disk->read_block(BlockRef{PieceIndex{1}, 0, 16384});
    BOOST_REQUIRE(!missing);
    BOOST_TEST(missing.error() == std::error_code(errc::not_present));
  }(*this, main));
  BOOST_TEST(verdicts.threads.at(0) == main);
}

BOOST_FIXTURE_TEST_CASE(stop_waits_for_queued_work_then_nothing_runs, Fixture) {
  storage->write_delay = std::chrono::milliseconds(30);
  for (std::uint32_t p = 0; p < torrent.pieces(); ++p) feed(torrent.blocks(PieceIndex{p}));
  const auto partial = torrent.blocks(PieceIndex{0});
  run_coro(io, disk->stop());
  // Every complete piece was written and reported before stop() returned.
  BOOST_TEST(storage->writes.load() == static_cast<int>(torrent.pieces()));
  BOOST_TEST(verdicts.got.size() == torrent.pieces());
  BOOST_TEST(disk->buffered_bytes() == 0u);
  BOOST_TEST(error_of(disk->buffer_block(partial[0], torrent.block_bytes(partial[0]))) ==
             std::error_code(errc::stopped));
  const auto check = run_coro(io, disk->check({}));
  BOOST_REQUIRE(!check);
  BOOST_TEST(check.error() == std::error_code(errc::stopped));
}

BOOST_AUTO_TEST_CASE(works_over_storage_memory) {
  asio::io_context io;
  DiskPool pool;
  SmallTorrent torrent;
  auto memory = std::make_unique<corrent::plugins::storage_memory::MemoryStorage>(
      torrent.meta.layout);
  TorrentDisk disk(pool, io.get_executor(), std::move(memory), torrent.meta);
  Verdicts verdicts;
  verdicts.attach(disk);
  for (const auto& b : torrent.blocks(PieceIndex{2})) {
    BOOST_REQUIRE(disk.buffer_block(b, torrent.block_bytes(b)));
  }
  run_coro(io, wait_for([&] { return !verdicts.got.empty(); }));
  BOOST_TEST((std::get<1>(verdicts.got[0]) == PieceVerdict::passed));
  const auto had = run_coro(io, disk.check({}));
  BOOST_REQUIRE(had);
  BOOST_TEST(had->count() == 1u);
  BOOST_TEST(had->test(PieceIndex{2}));
  run_coro(io, disk.stop());
}

BOOST_AUTO_TEST_SUITE_END()
