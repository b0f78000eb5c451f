// SessionCore as the SessionView of its services: each call finds the torrent by its
// info-hash (none is kept across a co_await) and hands over to it.

#include "corrent/engine/errc.hpp"
#include "session_core.hpp"

namespace corrent::engine {

std::vector<TorrentStatus> SessionCore::torrents() const {
  std::vector<TorrentStatus> out;
  out.reserve(torrents_.size());
  for (const auto& [ih, torrent] : torrents_) out.push_back(torrent->status());
  return out;
}

std::optional<TorrentStatus> SessionCore::status(const metainfo::InfoHash& info_hash) const {
  const Torrent* t = find(info_hash);
  if (t == nullptr) return std::nullopt;
  return t->status();
}

std::optional<metainfo::FileLayout> SessionCore::files(const metainfo::InfoHash& info_hash) const {
  const Torrent* t = find(info_hash);
  if (t == nullptr) return std::nullopt;
  return t->files();
}

std::optional<Bitfield> SessionCore::have_pieces(const metainfo::InfoHash& info_hash) const {
  const Torrent* t = find(info_hash);
  if (t == nullptr) return std::nullopt;
  return t->have_pieces();
}

std::optional<metainfo::Metainfo> SessionCore::metainfo(const metainfo::InfoHash& info_hash) const {
  const Torrent* t = find(info_hash);
  if (t == nullptr || !t->has_metadata()) return std::nullopt;
  return t->meta();
}

// As an accepted connection, with its bounds and filter, but plaintext: the stream is a
// plugin's, inside this process.
void SessionCore::adopt_peer(std::unique_ptr<net::Stream> stream, std::string source) {
  if (stopped_) {
    stream->close();
    return;
  }
  auto admitted = limiter_.admit_inbound(std::move(stream));
  if (!admitted.stream) return;  // over a bound or blocked: closed
  spawn_accept(std::move(admitted), std::move(source), mse::EncryptionPolicy::disabled);
}

// The torrent outlives the read: its stop() waits for the reads it has started.
Task<Result<std::vector<std::byte>>> SessionCore::read(metainfo::InfoHash info_hash, std::uint64_t offset,
                                                       std::size_t length) {
  Torrent* t = find(info_hash);
  if (t == nullptr) co_return corrent::fail(errc::unknown_torrent);
  auto bytes = co_await t->read_range(offset, length);
  co_return bytes;
}

Result<void> SessionCore::set_piece_deadline(const metainfo::InfoHash& info_hash, PieceIndex piece,
                                             std::chrono::milliseconds due) {
  Torrent* t = find(info_hash);
  if (t == nullptr) return corrent::fail(errc::unknown_torrent);
  return t->set_piece_deadline(piece, due);
}

Result<void> SessionCore::pause(const metainfo::InfoHash& info_hash) {
  Torrent* t = find(info_hash);
  if (t == nullptr) return corrent::fail(errc::unknown_torrent);
  t->pause();
  return {};
}

Result<void> SessionCore::resume(const metainfo::InfoHash& info_hash) {
  Torrent* t = find(info_hash);
  if (t == nullptr) return corrent::fail(errc::unknown_torrent);
  t->resume();
  return {};
}

Result<std::size_t> SessionCore::clear_piece_deadlines(const metainfo::InfoHash& info_hash, PieceIndex first,
                                                      PieceIndex last) {
  Torrent* t = find(info_hash);
  if (t == nullptr) return corrent::fail(errc::unknown_torrent);
  return t->clear_piece_deadlines(first, last);
}

Task<Result<void>> SessionCore::set_file_priorities(metainfo::InfoHash info_hash,
                                                    std::vector<std::uint8_t> priorities) {
  Torrent* t = find(info_hash);
  if (t == nullptr) co_return corrent::fail(errc::unknown_torrent);
  // Named, not `co_return co_await`: GCC 12 destroyed the moved parameter twice.
  auto changed = co_await t->set_file_priorities(std::move(priorities));
  co_return changed;
}

Task<Result<void>> SessionCore::set_piece_priorities(metainfo::InfoHash info_hash, PieceIndex first,
                                                     PieceIndex last, std::uint8_t priority) {
  Torrent* t = find(info_hash);
  if (t == nullptr) co_return corrent::fail(errc::unknown_torrent);
  auto changed = co_await t->set_piece_priorities(first, last, priority);
  co_return changed;
}

}  // namespace corrent::engine
