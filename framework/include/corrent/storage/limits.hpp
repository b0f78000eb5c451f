#pragma once
// The bounds of the storage module (STYLE.md rule 8).

#include <cstddef>
#include <cstdint>

namespace corrent::storage {

/// Disk pool threads by default: libtorrent's aio_threads default (and rqbit's spawn_blocking
/// use on small machines): enough to overlap hashing with I/O without competing with the
/// network thread on a 2-4 core machine.
inline constexpr std::size_t kDefaultDiskThreads = 2;

/// Pieces read and hashed at once by TorrentDisk::check(): its memory is this many piece
/// buffers. Two per pool thread keeps both threads busy while one read waits.
inline constexpr std::size_t kCheckPiecesInFlight = 4;

/// check() reports progress at most this many times (plus the final call), so a torrent of
/// a million pieces does not flood the network executor.
inline constexpr std::uint32_t kCheckProgressSteps = 200;

/// Largest resume file load_resume() and parse_resume() accept: a 2^21-piece bitfield
/// (256 KiB) plus a million files' size, mtime and priority fit well within it.
inline constexpr std::size_t kMaxResumeBytes = 64 * 1024 * 1024;

/// Bytes of piece buffers kept for reuse per torrent once their piece is written (at least
/// one buffer is kept whatever the piece size). Reuse keeps a new piece free of page faults.
inline constexpr std::uint64_t kMaxSpareBufferBytes = 16ull * 1024 * 1024;

}  // namespace corrent::storage
