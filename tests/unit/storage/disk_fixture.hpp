#pragma once
// Shared pieces of the TorrentDisk tests: a small torrent with known piece hashes, an
// in-test Storage with fault injection, and a polling wait.

#include <atomic>
#include <chrono>
#include <cstring>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <asio/steady_timer.hpp>

#include "corrent/crypto/sha1.hpp"
#include "corrent/engine/block.hpp"
#include "corrent/metainfo/metainfo.hpp"
#include "corrent/storage/error.hpp"
#include "corrent/storage/storage.hpp"
#include "support/temp_dir.hpp"

namespace corrent::test {

/// 3.5 pieces of 64 KiB (4 blocks each; the last piece 32 KiB, 2 blocks) over two files.
struct SmallTorrent {
  static constexpr std::uint32_t kPieceLength = 4 * engine::kBlockSize;
  std::string payload = pattern_bytes(3 * kPieceLength + kPieceLength / 2, 7);
  metainfo::Metainfo meta;

  SmallTorrent() {
    metainfo::FileEntry a, b;
    a.path = "t/a";
    a.size = 100'000;
    b.path = "t/b";
    b.size = payload.size() - a.size;
    meta.layout = metainfo::FileLayout::make({a, b}, kPieceLength).value();
    for (std::uint32_t p = 0; p < meta.layout.piece_count(); ++p) {
      meta.piece_hashes += crypto::Sha1::digest(piece_text(PieceIndex{p})).view();
    }
  }
  [[nodiscard]] std::uint32_t pieces() const { return meta.layout.piece_count(); }
  [[nodiscard]] std::string_view piece_text(PieceIndex p) const {
    return std::string_view(payload).substr(std::size_t{p.value} * kPieceLength,
                                            meta.layout.piece_size(p));
  }
  [[nodiscard]] std::vector<engine::BlockRef> blocks(PieceIndex p) const {
    std::vector<engine::BlockRef> out;
    const std::uint32_t size = meta.layout.piece_size(p);
    for (std::uint32_t off = 0; off < size; off += engine::kBlockSize) {
      out.push_back({p, off, std::min(engine::kBlockSize, size - off)});
    }
    return out;
  }
  [[nodiscard]] std::span<const std::byte> block_bytes(const engine::BlockRef& b) const {
    const auto text = piece_text(b.piece).substr(b.offset, b.length);
    return {reinterpret_cast<const std::byte*>(text.data()), text.size()};
  }
};

/// A Storage in memory (whole torrent), with hooks: failing writes, slow writes, counts.
class TestStorage final : public storage::Storage {
 public:
  explicit TestStorage(std::size_t size) : bytes_(size), present_(size, false) {}

  Result<void> write(PieceIndex piece, std::uint32_t offset,
                     std::span<const std::byte> data) override {
    if (write_delay.count() > 0) std::this_thread::sleep_for(write_delay);
    ++writes;
    if (fail_writes) return tl::make_unexpected(std::make_error_code(std::errc::no_space_on_device));
    const std::lock_guard lock(mutex_);
    const std::size_t at = std::size_t{piece.value} * piece_length + offset;
    if (at + data.size() > bytes_.size()) return fail(storage::errc::out_of_bounds);
    std::memcpy(bytes_.data() + at, data.data(), data.size());
    for (std::size_t i = 0; i < data.size(); ++i) present_[at + i] = true;
    return {};
  }
  Result<std::size_t> read(PieceIndex piece, std::uint32_t offset,
                           std::span<std::byte> into) override {
    ++reads;
    if (read_delay.count() > 0) std::this_thread::sleep_for(read_delay);
    const std::lock_guard lock(mutex_);
    const std::size_t at = std::size_t{piece.value} * piece_length + offset;
    if (at + into.size() > bytes_.size()) return fail(storage::errc::out_of_bounds);
    for (std::size_t i = 0; i < into.size(); ++i) {
      if (!present_[at + i]) return fail(storage::errc::not_present);
    }
    std::memcpy(into.data(), bytes_.data() + at, into.size());
    read_threads.insert_thread(std::this_thread::get_id());
    return into.size();
  }

  struct Threads {
    std::mutex m;
    std::vector<std::thread::id> ids;
    void insert_thread(std::thread::id id) {
      const std::lock_guard lock(m);
      if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    }
    std::size_t count() {
      const std::lock_guard lock(m);
      return ids.size();
    }
  };

  std::uint32_t piece_length = SmallTorrent::kPieceLength;
  std::atomic<bool> fail_writes{false};
  std::chrono::milliseconds write_delay{0};
  std::chrono::milliseconds read_delay{0};
  std::atomic<int> writes{0};
  std::atomic<int> reads{0};
  Threads read_threads;

 private:
  std::mutex mutex_;
  std::vector<std::byte> bytes_;
  std::vector<bool> present_;
};

/// Polls `done` every millisecond on the current executor (run_coro bounds the wait).
inline Task<void> wait_for(std::function<bool()> done) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  while (!done()) {
    timer.expires_after(std::chrono::milliseconds(1));
    co_await timer.async_wait(use_nothrow);
  }
}

}  // namespace corrent::test
