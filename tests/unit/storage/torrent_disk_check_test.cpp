#include <boost/test/unit_test.hpp>

#include <thread>

#include <asio/experimental/awaitable_operators.hpp>
#include <asio/io_context.hpp>

#include "corrent/storage/disk_pool.hpp"
#include "corrent/storage/limits.hpp"
#include "corrent/storage/torrent_disk.hpp"
#include "disk_fixture.hpp"
#include "support/require_error.hpp"
#include "support/run_coro.hpp"

using corrent::test::error_of;

namespace {

using corrent::Bitfield;
using corrent::PieceIndex;
using corrent::storage::DiskPool;
using corrent::storage::errc;
using corrent::storage::TorrentDisk;
using corrent::test::run_coro;
using corrent::test::SmallTorrent;
using corrent::test::TestStorage;

std::span<const std::byte> as_bytes(std::string_view s) {
  return {reinterpret_cast<const std::byte*>(s.data()), s.size()};
}

/// `count` pieces of `piece` bytes, all stored and valid.
struct BigTorrent {
  corrent::metainfo::Metainfo meta;
  std::unique_ptr<TestStorage> storage;
  BigTorrent(std::uint32_t count, std::uint32_t piece) {
    corrent::metainfo::FileEntry f;
    f.path = "big";
    f.size = std::uint64_t{piece} * count;
    meta.layout = corrent::metainfo::FileLayout::make({f}, piece).value();
    storage = std::make_unique<TestStorage>(f.size);
    storage->piece_length = piece;
    const std::string data = corrent::test::pattern_bytes(piece, 3);
    for (std::uint32_t p = 0; p < count; ++p) {
      meta.piece_hashes += corrent::crypto::Sha1::digest(data).view();
      BOOST_REQUIRE(storage->write(PieceIndex{p}, 0, as_bytes(data)));
    }
  }
};

struct CheckFixture {
  asio::io_context io;
  DiskPool pool{2};
  SmallTorrent torrent;
  TestStorage* storage = nullptr;
  std::unique_ptr<TorrentDisk> disk;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> progress;
  std::vector<std::thread::id> progress_threads;

  CheckFixture() {
    auto s = std::make_unique<TestStorage>(torrent.payload.size());
    storage = s.get();
    disk = std::make_unique<TorrentDisk>(pool, io.get_executor(), std::move(s), torrent.meta);
  }
  ~CheckFixture() { run_coro(io, disk->stop()); }

  void store(PieceIndex p, bool corrupt = false) {
    std::string text(torrent.piece_text(p));
    if (corrupt) text[10] ^= 1;
    BOOST_REQUIRE(storage->write(p, 0, as_bytes(text)));
  }
  corrent::Result<Bitfield> check(std::optional<Bitfield> trusted = {}) {
    return run_coro(io, disk->check(
                            [this](std::uint32_t done, std::uint32_t total) {
                              progress.emplace_back(done, total);
                              progress_threads.push_back(std::this_thread::get_id());
                            },
                            std::move(trusted)));
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(torrent_disk_check)

BOOST_FIXTURE_TEST_CASE(present_and_valid_pieces_are_had, CheckFixture) {
  store(PieceIndex{0});
  store(PieceIndex{1}, true);  // corrupt: not had
  store(PieceIndex{3});        // the short last one; piece 2 absent: not had, no error
  const auto had = check();
  BOOST_REQUIRE_MESSAGE(had, (had ? "" : had.error().message()));
  BOOST_TEST(had->size() == 4u);
  BOOST_TEST(had->test(PieceIndex{0}));
  BOOST_TEST(!had->test(PieceIndex{1}));
  BOOST_TEST(!had->test(PieceIndex{2}));
  BOOST_TEST(had->test(PieceIndex{3}));
  BOOST_REQUIRE(!progress.empty());
  BOOST_TEST(progress.back().first == 4u);
  BOOST_TEST(progress.back().second == 4u);
  for (const auto id : progress_threads) BOOST_TEST(id == std::this_thread::get_id());
}

BOOST_FIXTURE_TEST_CASE(trusted_pieces_are_not_read, CheckFixture) {
  store(PieceIndex{0});
  Bitfield trusted(4);
  trusted.set(PieceIndex{1});  // absent, but trusted (resume data said so)
  trusted.set(PieceIndex{2});
  const auto had = check(trusted);
  BOOST_REQUIRE(had);
  BOOST_TEST(had->count() == 3u);
  BOOST_TEST(!had->test(PieceIndex{3}));
  BOOST_TEST(storage->reads.load() == 2);  // pieces 0 and 3 only
  BOOST_TEST(error_of(check(Bitfield(5))) == std::error_code(errc::bad_layout));
}

BOOST_AUTO_TEST_CASE(a_big_check_uses_both_pool_threads) {
  asio::io_context io;
  DiskPool pool{2};
  BigTorrent big(64, 1 << 20);  // 64 pieces of 1 MiB, all present
  auto* raw = big.storage.get();
  TorrentDisk disk(pool, io.get_executor(), std::move(big.storage), big.meta);
  std::uint32_t calls = 0;
  const auto had = run_coro(io, disk.check([&](std::uint32_t, std::uint32_t) { ++calls; }),
                            std::chrono::seconds(30));
  BOOST_REQUIRE(had);
  BOOST_TEST(had->all());
  BOOST_TEST(raw->read_threads.count() == 2u);
  BOOST_TEST(calls <= corrent::storage::kCheckProgressSteps + 1);
  run_coro(io, disk.stop());
}

BOOST_AUTO_TEST_CASE(stop_cancels_a_running_check) {
  asio::io_context io;
  DiskPool pool{2};
  BigTorrent big(200, 16384);
  big.storage->read_delay = std::chrono::milliseconds(5);  // ~0.5 s if it ran to the end
  auto* raw = big.storage.get();
  TorrentDisk disk(pool, io.get_executor(), std::move(big.storage), big.meta);
  const auto result = run_coro(io, [](TorrentDisk& d) -> corrent::Task<corrent::Result<Bitfield>> {
    using namespace asio::experimental::awaitable_operators;
    co_return co_await (d.check({}) && d.stop());
  }(disk));
  BOOST_REQUIRE(!result);
  BOOST_TEST(result.error() == std::error_code(errc::stopped));
  BOOST_TEST(raw->reads.load() < 200);
}

BOOST_AUTO_TEST_SUITE_END()
