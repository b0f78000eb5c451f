#pragma once
// Fast resume: what a torrent had when it stopped, so that the next start need not hash
// everything again. A bencoded dict (version 1):
//   "corrent-resume": 1, "info-hash": 20 bytes, "pieces": the BEP 3 bitfield bytes,
//   "files": [[exists 0/1, size, mtime_ns], ...] one per file (pad files included),
//   "file-priorities": [0..7, ...] (empty or one per file), "uploaded", "downloaded",
//   and, for a torrent added from a magnet link, "info": its info dictionary (so that a
//   restart need not fetch the metadata again; it is checked against the info-hash).
// Trust rule for the engine: a piece in `have` is trusted without hashing only if every
// file it touches has the recorded size and mtime (FileState equality).
//
// encode/parse are sans-I/O; save/load do blocking file I/O: run them on the disk pool.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "corrent/core/bitfield.hpp"
#include "corrent/core/error.hpp"
#include "corrent/core/result.hpp"
#include "corrent/metainfo/info_hash.hpp"
#include "corrent/storage/storage.hpp"
#include "corrent/wire/torrent_shape.hpp"

namespace corrent::storage {

/// Why resume data was rejected (category "corrent.storage.resume").
enum class resume_errc {
  ok = 0,
  too_large,          ///< more than kMaxResumeBytes
  not_a_dict,         ///< the top level is not a dict
  bad_version,        ///< "corrent-resume" missing or not 1
  missing_field,      ///< a required key is absent or of the wrong type
  wrong_info_hash,    ///< for another torrent
  wrong_piece_count,  ///< the bitfield does not fit the torrent's piece count
  wrong_file_count,   ///< files or priorities not one per file
  bad_number,         ///< negative, out of range, or a priority above 7
  locked,             ///< another process holds the resume data's lock (lock_resume)
};

std::string_view describe(resume_errc e) noexcept;
constexpr const char* category_name(resume_errc) noexcept { return "corrent.storage.resume"; }
CORRENT_ERROR_ENUM(resume_errc)

struct ResumeData {
  metainfo::InfoHash info_hash;
  Bitfield have;
  std::vector<FileState> files;  ///< one per file, in torrent order
  std::uint64_t uploaded = 0;
  std::uint64_t downloaded = 0;
  std::vector<std::uint8_t> file_priorities;  ///< empty = all default
  std::string info;  ///< the exact info dictionary (magnet torrents), or empty
  friend bool operator==(const ResumeData&, const ResumeData&) = default;
};

/// The bencoded form (canonical: keys sorted).
[[nodiscard]] std::string encode_resume(const ResumeData& data);

/// Parses resume data for the torrent `expected` of `shape` with `file_count` files.
/// Hostile-input safe: every size and number is checked (resume_errc values, or a
/// bencode::errc for broken syntax), with the offset of the offending item.
[[nodiscard]] ParseResult<ResumeData> parse_resume(std::string_view bytes,
                                                   const metainfo::InfoHash& expected,
                                                   const wire::TorrentShape& shape,
                                                   std::size_t file_count);

/// The "info" of resume data for the torrent `expected`, before its metadata (and so its
/// shape) is known: empty when the resume data holds none. Errors as for parse_resume.
[[nodiscard]] ParseResult<std::string> parse_resume_info(std::string_view bytes,
                                                         const metainfo::InfoHash& expected);

/// Writes `bytes` to `path` so that a crash leaves the old file or the new one, never a
/// mix: a temporary file in the same directory (created if missing), fsync, rename over
/// `path`, fsync of the directory.
Result<void> save_resume_atomically(const std::filesystem::path& path, std::string_view bytes);

/// The content of `path`; nullopt when it does not exist; resume_errc::too_large above
/// kMaxResumeBytes.
Result<std::optional<std::string>> load_resume(const std::filesystem::path& path);

/// An exclusive flock(2) on "<resume file>.lock", held while a torrent uses its resume
/// data, so that two processes never run the same torrent on the same state folder. The
/// lock file holds the holder's PID, for the message of the one refused. The lock goes
/// with the descriptor: on destruction, or when the process dies. The file itself stays
/// (removing it would let a third process lock a new file while the second waits on the old).
class ResumeLock {
 public:
  ResumeLock() = default;
  explicit ResumeLock(int fd) : fd_(fd) {}
  ~ResumeLock();
  ResumeLock(ResumeLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  ResumeLock& operator=(ResumeLock&& other) noexcept;
  ResumeLock(const ResumeLock&) = delete;
  ResumeLock& operator=(const ResumeLock&) = delete;
  [[nodiscard]] bool held() const { return fd_ >= 0; }
  [[nodiscard]] int fd() const { return fd_; }

 private:
  int fd_ = -1;
};

/// Takes the lock of the resume data at `resume_path` (creating its folder), without
/// waiting. resume_errc::locked when another process holds it, and then *holder (if not
/// null) is that process's PID (0 when the lock file does not say); the OS's error when
/// the lock file cannot be made (a state folder that is a file, read-only, full).
Result<ResumeLock> lock_resume(const std::filesystem::path& resume_path, long* holder = nullptr);

/// $XDG_STATE_HOME/corrent/resume/<hex>.resume, with XDG's default ~/.local/state (a
/// relative XDG_STATE_HOME is ignored, as the spec says); the system temp directory
/// stands in for a missing HOME.
[[nodiscard]] std::filesystem::path default_resume_path(const metainfo::InfoHash& info_hash);

}  // namespace corrent::storage

CORRENT_ERROR_ENUM_TRAIT(corrent::storage::resume_errc);
