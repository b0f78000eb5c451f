#pragma once
// A SessionView with one torrent of two files whose bytes are a known function of their
// offset, for the stream_http service's tests: reads are served at once, except those
// reaching `hold_from` or past, which wait until release() (or until cancelled, as a read
// is when its reader leaves). Every deadline, clear and add is recorded.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "corrent/engine/errc.hpp"
#include "corrent/events/event_bus.hpp"
#include "corrent/metainfo/file_layout.hpp"
#include "corrent/net/wake.hpp"
#include "corrent/view/session_view.hpp"

namespace stream_test {

using corrent::PieceIndex;
using corrent::Result;
using corrent::Task;
namespace metainfo = corrent::metainfo;

inline constexpr std::uint32_t kPieceLength = 32 * 1024;
inline constexpr std::uint64_t kMovieSize = 300'000;
inline constexpr std::uint64_t kSubtitleSize = 1'000;

/// The byte at `offset` of the torrent.
inline std::byte byte_at(std::uint64_t offset) { return static_cast<std::byte>((offset * 131 + 7) % 256); }

/// The bytes [offset, offset + length) as text, as a response body holds them.
inline std::string bytes_at(std::uint64_t offset, std::uint64_t length) {
  std::string out;
  for (std::uint64_t i = 0; i < length; ++i) out.push_back(static_cast<char>(byte_at(offset + i)));
  return out;
}

class FakeSession final : public corrent::SessionView {
 public:
  struct Deadline {
    PieceIndex piece;
    std::chrono::milliseconds due;
  };
  struct Clear {
    PieceIndex first, last;
  };

  explicit FakeSession(asio::any_io_executor executor) : bus_(executor), wake_(executor) {
    std::vector<metainfo::FileEntry> files(2);
    files[0].path = "movie/a b.mp4";
    files[0].size = kMovieSize;
    files[1].path = "movie/sub/x.srt";
    files[1].size = kSubtitleSize;
    layout_ = *metainfo::FileLayout::make(std::move(files), kPieceLength);
    info_hash = *metainfo::InfoHash::from_hex("0123456789abcdef0123456789abcdef01234567");
    status_.info_hash = info_hash;
    status_.name = "movie";
    status_.state = corrent::TorrentState::downloading;
    status_.pieces_total = layout_.piece_count();
    status_.wanted_total = layout_.total_size();
  }

  metainfo::InfoHash info_hash;
  std::optional<std::uint64_t> hold_from;  ///< reads reaching this torrent offset wait
  std::vector<Deadline> deadlines;
  std::vector<Clear> clears;
  std::size_t cancelled_per_clear = 7;  ///< what clear_piece_deadlines says it cancelled
  std::vector<std::string> added;       ///< the magnet URIs' info-hashes added
  std::vector<metainfo::InfoHash> removed;
  std::size_t reads_waiting = 0;

  void release() {
    hold_from.reset();
    wake_.notify();
  }

  [[nodiscard]] std::vector<corrent::TorrentStatus> torrents() const override { return {status_}; }
  [[nodiscard]] std::optional<corrent::TorrentStatus> status(const metainfo::InfoHash& ih) const override {
    if (ih != info_hash) return std::nullopt;
    return status_;
  }
  [[nodiscard]] std::optional<metainfo::FileLayout> files(const metainfo::InfoHash& ih) const override {
    if (ih != info_hash) return std::nullopt;
    return layout_;
  }
  [[nodiscard]] std::optional<metainfo::Metainfo> metainfo(const metainfo::InfoHash&) const override {
    return std::nullopt;
  }
  [[nodiscard]] std::optional<corrent::Bitfield> have_pieces(const metainfo::InfoHash& ih) const override {
    if (ih != info_hash) return std::nullopt;
    corrent::Bitfield have(layout_.piece_count());
    have.set(PieceIndex{0});
    return have;
  }
  void adopt_peer(std::unique_ptr<corrent::net::Stream>, std::string) override {}
  Task<Result<metainfo::InfoHash>> add_torrent(corrent::AddTorrentParams params) override {
    if (!params.magnet || !params.magnet->info_hash) co_return corrent::fail(corrent::engine::errc::unknown_torrent);
    const auto ih = *params.magnet->info_hash;
    added.push_back(ih.hex() + " into " + params.save_path.string() + " with " + params.picker);
    co_return ih;
  }
  Task<Result<void>> remove_torrent(metainfo::InfoHash ih) override {
    removed.push_back(ih);
    co_return Result<void>{};
  }
  Result<void> pause(const metainfo::InfoHash& ih) override {
    if (ih != info_hash) return corrent::fail(corrent::engine::errc::unknown_torrent);
    status_.state = corrent::TorrentState::paused;
    return {};
  }
  Result<void> resume(const metainfo::InfoHash& ih) override {
    if (ih != info_hash) return corrent::fail(corrent::engine::errc::unknown_torrent);
    status_.state = corrent::TorrentState::downloading;
    return {};
  }
  [[nodiscard]] corrent::TorrentState state() const { return status_.state; }
  [[nodiscard]] std::vector<corrent::net::Endpoint> listen_endpoints() const override { return {}; }
  [[nodiscard]] std::vector<corrent::net::Endpoint> udp_endpoints() const override { return {}; }
  [[nodiscard]] std::vector<corrent::PortMapping> external_endpoints() const override { return {}; }
  [[nodiscard]] std::optional<corrent::net::Endpoint> external_address() const override { return std::nullopt; }
  [[nodiscard]] corrent::events::EventBus& events() override { return bus_; }

  Task<Result<std::vector<std::byte>>> read(metainfo::InfoHash ih, std::uint64_t offset, std::size_t length) override {
    if (ih != info_hash) co_return corrent::fail(corrent::engine::errc::unknown_torrent);
    if (offset + length > layout_.total_size()) co_return corrent::fail(corrent::engine::errc::bad_range);
    while (hold_from && offset + length > *hold_from) {
      ++reads_waiting;
      const bool running = co_await wake_.wait(std::chrono::seconds(30));
      --reads_waiting;
      if (!running) co_return corrent::fail(asio::error::operation_aborted);
    }
    std::vector<std::byte> out(length);
    for (std::size_t i = 0; i < length; ++i) out[i] = byte_at(offset + i);
    co_return out;
  }
  Result<void> set_piece_deadline(const metainfo::InfoHash& ih, PieceIndex piece, std::chrono::milliseconds due) override {
    if (ih != info_hash) return corrent::fail(corrent::engine::errc::unknown_torrent);
    deadlines.push_back({piece, due});
    return {};
  }
  Result<std::size_t> clear_piece_deadlines(const metainfo::InfoHash& ih, PieceIndex first, PieceIndex last) override {
    if (ih != info_hash) return corrent::fail(corrent::engine::errc::unknown_torrent);
    clears.push_back({first, last});
    return cancelled_per_clear;
  }
  Task<Result<void>> set_file_priorities(metainfo::InfoHash, std::vector<std::uint8_t>) override {
    co_return Result<void>{};
  }
  Task<Result<void>> set_piece_priorities(metainfo::InfoHash, PieceIndex, PieceIndex, std::uint8_t) override {
    co_return Result<void>{};
  }

 private:
  corrent::events::EventBus bus_;
  corrent::net::Wake wake_;
  metainfo::FileLayout layout_;
  corrent::TorrentStatus status_;
};

}  // namespace stream_test
