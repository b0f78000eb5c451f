// TorrentDisk::check(): hashing the data already on disk, on every pool thread.
//
// kCheckPiecesInFlight workers run as chains of posts to the pool (not the strand), each
// taking the next piece from a shared counter, reading it into its own buffer and hashing
// it, then posting itself again so that other torrents' work interleaves. The last worker
// to finish completes the awaiting coroutine on its executor.
#include <algorithm>
#include <atomic>
#include <mutex>
#include <utility>

#include <absl/functional/any_invocable.h>
#include <asio/associated_executor.hpp>
#include <asio/async_result.hpp>
#include <asio/executor_work_guard.hpp>
#include <asio/post.hpp>

#include "corrent/crypto/sha1.hpp"
#include "corrent/storage/error.hpp"
#include "corrent/storage/limits.hpp"
#include "corrent/storage/torrent_disk.hpp"

namespace corrent::storage {

struct TorrentDisk::CheckState {
  explicit CheckState(asio::any_io_executor p) : pool(std::move(p)) {}
  asio::any_io_executor pool;
  asio::any_io_executor network;
  Storage* storage = nullptr;
  const metainfo::FileLayout* layout = nullptr;
  std::string_view hashes;
  const std::atomic<bool>* cancel = nullptr;
  std::optional<Bitfield> trusted;
  ProgressCallback progress;
  std::uint32_t total = 0;
  std::uint32_t step = 1;  // report progress every `step` pieces
  std::uint32_t reported = 0;  // the highest count reported; network side only

  std::atomic<std::uint32_t> next{0};
  std::atomic<std::uint32_t> done{0};
  std::atomic<std::size_t> workers{0};
  std::vector<std::uint8_t> had;  // each entry written by one worker, read after all end
  std::mutex error_mutex;
  std::error_code error;
  absl::AnyInvocable<void(Result<Bitfield>)> complete;  // run on the network side
};

namespace {

/// Whether piece `p` is present and verifies; an error other than not_present fails.
Result<bool> verify(Storage& storage, const metainfo::FileLayout& layout,
                    std::string_view hashes, PieceIndex p, std::byte* buf) {
  const std::uint32_t size = layout.piece_size(p);
  const auto read = storage.read(p, 0, std::span<std::byte>(buf, size));
  if (!read) {
    if (read.error() == std::error_code(errc::not_present)) return false;
    return tl::make_unexpected(read.error());
  }
  crypto::Sha1 sha;
  sha.update(std::span<const std::byte>(buf, size));
  return sha.finish().view() == hashes.substr(std::size_t{p.value} * 20, 20);
}

}  // namespace

void TorrentDisk::check_step(std::shared_ptr<CheckState> state, std::unique_ptr<std::byte[]> buf) {
  const std::uint32_t p = state->next.fetch_add(1);
  if (p >= state->total || state->cancel->load()) {
    check_worker_done(state);
    return;
  }
  const PieceIndex piece{p};
  if (state->trusted && state->trusted->test(piece)) {
    state->had[p] = 1;
  } else {
    if (!buf) buf = std::make_unique_for_overwrite<std::byte[]>(state->layout->piece_length());
    const auto ok = verify(*state->storage, *state->layout, state->hashes, piece, buf.get());
    if (!ok) {
      {
        const std::lock_guard lock(state->error_mutex);
        if (!state->error) state->error = ok.error();
      }
      state->next.store(state->total);  // the other workers stop at their next step
      check_worker_done(state);
      return;
    }
    state->had[p] = *ok ? 1 : 0;
  }
  const std::uint32_t done = state->done.fetch_add(1) + 1;
  if (state->progress && (done % state->step == 0 || done == state->total)) {
    // Workers post in any order (one may be preempted between its count and its post):
    // a count lower than one already reported is stale, so progress only goes up and the
    // last report is `total`.
    asio::post(state->network, [state, done] {
      if (done <= state->reported) return;
      state->reported = done;
      state->progress(done, state->total);
    });
  }
  auto pool = state->pool;
  asio::post(pool, [state = std::move(state), buf = std::move(buf)]() mutable {
    check_step(std::move(state), std::move(buf));
  });
}

void TorrentDisk::check_worker_done(const std::shared_ptr<CheckState>& state) {
  if (state->workers.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
  // The last worker: every `had` entry is final.
  Result<Bitfield> result = [&]() -> Result<Bitfield> {
    if (state->error) return tl::make_unexpected(state->error);
    if (state->cancel->load()) return fail(errc::stopped);
    Bitfield bits(state->total);
    for (std::uint32_t i = 0; i < state->total; ++i) {
      if (state->had[i]) bits.set(PieceIndex{i});
    }
    return bits;
  }();
  asio::post(state->network, [state, result = std::move(result)]() mutable {
    state->complete(std::move(result));
  });
}

Task<Result<Bitfield>> TorrentDisk::check(ProgressCallback progress,
                                          std::optional<Bitfield> trusted) {
  if (stopping_) co_return fail(errc::stopped);
  const std::uint32_t total = layout_.piece_count();
  if (trusted && trusted->size() != total) co_return fail(errc::bad_layout);
  auto state = std::make_shared<CheckState>(pool_.executor());
  state->network = network_;
  state->storage = storage_.get();
  state->layout = &layout_;
  state->hashes = piece_hashes_;
  state->cancel = &cancel_;
  state->trusted = std::move(trusted);
  state->progress = std::move(progress);
  state->total = total;
  state->step = std::max<std::uint32_t>(1, total / kCheckProgressSteps);
  state->had.assign(total, 0);
  const std::size_t workers = std::clamp<std::size_t>(total, 1, kCheckPiecesInFlight);
  state->workers.store(workers);

  ++pending_;
  auto result = co_await asio::async_initiate<decltype(asio::use_awaitable),
                                              void(Result<Bitfield>)>(
      [&](auto handler) {
        auto work = asio::make_work_guard(asio::get_associated_executor(handler));
        state->complete = [handler = std::move(handler),
                           work = std::move(work)](Result<Bitfield> r) mutable {
          auto back = work.get_executor();
          asio::post(back, [handler = std::move(handler), r = std::move(r)]() mutable {
            std::move(handler)(std::move(r));
          });
        };
        for (std::size_t i = 0; i < workers; ++i) {
          asio::post(state->pool, [state] { check_step(state, nullptr); });
        }
      },
      asio::use_awaitable);
  op_done();
  co_return result;
}

}  // namespace corrent::storage
