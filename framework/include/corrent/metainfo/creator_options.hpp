#pragma once
// What a new torrent should say besides its files: piece length, trackers, web seeds, flags.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace corrent::metainfo {

/// Smallest piece length create_torrent() accepts or chooses (16 KiB: one request block).
inline constexpr std::uint32_t kMinCreatePieceLength = 16 * 1024;
/// Largest piece length create_torrent() accepts or chooses (16 MiB, as mktorrent and
/// libtorrent; larger pieces make peers wait too long for a verifiable unit).
inline constexpr std::uint32_t kMaxCreatePieceLength = 16 * 1024 * 1024;
/// The automatic piece length is the smallest power of two giving at most this many
/// pieces (so between half this and this many, unless the bounds above clamp it).
inline constexpr std::uint32_t kTargetPieceCount = 1500;
/// Most pieces in a created torrent: 20 bytes each keeps the info dict near 20 MB, under
/// the 30 MiB metadata limit of mature clients, so peers can still fetch it by BEP 9.
/// At the largest piece length that is 16 TB of payload.
inline constexpr std::uint32_t kMaxCreatePieceCount = 1'000'000;

/// Options of create_torrent() and build_torrent().
struct CreateOptions {
  /// 0 chooses automatically (see kTargetPieceCount); otherwise a power of two within
  /// [kMinCreatePieceLength, kMaxCreatePieceLength].
  std::uint32_t piece_length = 0;
  /// Tracker tiers, in order. The first URL of the first tier is also written as
  /// `announce`, for clients without BEP 12.
  std::vector<std::vector<std::string>> trackers;
  /// BEP 19 web seeds (`url-list`).
  std::vector<std::string> web_seeds;
  /// BEP 27: peers only from the trackers.
  bool is_private = false;
  std::string comment;
  /// `info.source` when not empty: a tag some private trackers ask for, so that the same
  /// files give another info-hash per tracker.
  std::string source;
  /// The torrent's `name` (the file or top folder on the downloader's side); nullopt: the
  /// name of the file or folder shared.
  std::optional<std::string> name;
  std::string created_by = "corrent 0.1.0";
  /// Unix time for `creation date`; nullopt means now.
  std::optional<std::int64_t> creation_date;
  /// BEP 47: insert pad files so that every file starts on a piece boundary.
  bool pad_files = false;
  /// Hashing threads; 0 means one per core.
  unsigned threads = 0;
};

}  // namespace corrent::metainfo
