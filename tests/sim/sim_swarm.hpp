#pragma once
// A whole swarm on the simulated network (support/sim_network.hpp), for the determinism
// test (tests/unit/sim) and the simulation benchmark (bench/sim): one seed and N-1
// downloaders, each a real Session with its own host, all announcing to a UDP tracker, in
// virtual time. The seeder reads a file; the downloaders keep the data in memory.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "corrent/core/clock.hpp"
#include "support/sim_network.hpp"

namespace corrent::test {

struct SimSwarmParams {
  /// Sessions, the seed included.
  std::size_t peers = 20;
  std::uint32_t piece_count = 64;
  std::uint32_t piece_length = 32 * 1024;
  SimLink link{std::chrono::milliseconds(20), 512 * 1024, 0.05};
  /// Seeds the network's losses and every session's random choices.
  std::uint64_t seed = 1;
  /// Virtual time before the run is given up.
  Clock::duration limit = std::chrono::minutes(10);
};

struct SimSwarmResult {
  /// Downloaders that reached "seeding", of peers - 1.
  std::size_t finished = 0;
  /// Every PieceFinished of every downloader, in the order they happened: (downloader
  /// number from 1, piece index).
  std::vector<std::pair<std::size_t, std::uint32_t>> piece_order;
  /// Virtual time from the sessions' start until the last downloader finished.
  Clock::duration took{};
  /// When each downloader finished, from the start (index 0: the seed, always zero).
  std::vector<Clock::duration> finished_at;
  SimCounters network;
  /// Blocks the downloaders received, duplicates included (each needs piece_count x
  /// piece_length / 16 KiB).
  std::size_t blocks_received = 0;
  std::size_t tracker_announces = 0;
  std::size_t handlers = 0;  ///< handlers the io_context ran
};

/// A file of piece_count x piece_length bytes drawn from `seed` (the same bytes every run)
/// at dir/payload.bin, and its torrent, announcing to `tracker` unless it is empty. Throws
/// std::runtime_error if the torrent cannot be made.
metainfo::Metainfo make_sim_torrent(const std::filesystem::path& dir, std::uint32_t piece_count,
                                    std::uint32_t piece_length, std::uint64_t seed, const std::string& tracker = {});

/// Runs one swarm in `work_dir` (the seed's file goes there). Throws std::runtime_error if
/// a session cannot be built or started.
SimSwarmResult run_sim_swarm(const SimSwarmParams& params, const std::filesystem::path& work_dir);

}  // namespace corrent::test
