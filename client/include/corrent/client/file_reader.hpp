#pragma once
// FileReader: reads one file of a torrent in order, with seek, as its pieces are verified
// (SessionView::read: waits for them and gives them the soonest deadline).

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "corrent/client/errc.hpp"
#include "corrent/client/limits.hpp"
#include "corrent/core/task.hpp"
#include "corrent/metainfo/info_hash.hpp"

namespace corrent::client {

namespace detail {
struct ClientState;
}

/// A cursor over one file of a torrent. Made by TorrentHandle::reader(); used on the
/// client's executor, one read() at a time.
class FileReader {
 public:
  FileReader(std::shared_ptr<detail::ClientState> state, metainfo::InfoHash info_hash,
             std::uint64_t file_offset, std::uint64_t file_size);

  /// The file's length in bytes.
  [[nodiscard]] std::uint64_t size() const { return size_; }
  /// Where the next read() starts, from the file's start.
  [[nodiscard]] std::uint64_t position() const { return position_; }
  /// Moves the cursor; `offset` == size() is the end. Errors: out_of_range past it.
  ClientResult<void> seek(std::uint64_t offset);
  /// Each read() gives up after this long with errc::timed_out (kDefaultReadTimeout).
  void set_timeout(std::chrono::milliseconds timeout) { timeout_ = timeout; }

  /// Up to `max_bytes` (at most kMaxReadLength, view/limits.hpp) from position(), once their pieces
  /// are verified; the cursor moves past them. Empty at the end of the file. Errors:
  /// client_destroyed, torrent_destroyed, timed_out, storage (the engine's read failed;
  /// ClientError::cause says why).
  Task<ClientResult<std::vector<std::byte>>> read(std::size_t max_bytes);

 private:
  std::shared_ptr<detail::ClientState> state_;
  metainfo::InfoHash info_hash_;
  std::uint64_t file_offset_;  ///< where the file starts in the torrent's byte stream
  std::uint64_t size_;
  std::uint64_t position_ = 0;
  std::chrono::milliseconds timeout_ = kDefaultReadTimeout;
};

}  // namespace corrent::client
