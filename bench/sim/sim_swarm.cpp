// The cost of a simulated swarm (tests/sim/sim_swarm.hpp): twenty sessions and a tracker
// on the simulated network with 5% loss, in virtual time, as the determinism test runs it.
// The figure that matters is CPU seconds per run (issue 11 asks for less than 10), because
// the test suite pays it on every CI run; virtual seconds say how long the swarm would have
// taken on that network.
//
//   bench_sim_swarm [ROUNDS]     one run per seed 1..ROUNDS (default 5)
//
// Prints each run, then min / median / max of CPU seconds, virtual seconds and handlers.
// There is no libtorrent figure to compare with: libtorrent's own simulator is not in its
// Python bindings, so nothing in Debian does this work.
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/sim_swarm.hpp"

namespace {

double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

void print_spread(const char* what, std::vector<double> values) {
  std::sort(values.begin(), values.end());
  std::printf("%-22s min %8.3f  median %8.3f  max %8.3f\n", what, values.front(), values[values.size() / 2],
              values.back());
}

}  // namespace

int main(int argc, char** argv) {
  const int rounds = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
  const auto work = std::filesystem::temp_directory_path() / ("corrent-sim-bench-" + std::to_string(::getpid()));
  std::vector<double> cpu, virtual_seconds, median_finish, handlers;
  corrent::test::SimSwarmParams params;
  std::printf("swarm: %zu sessions, %u x %u-byte pieces, %lld ms latency, %llu B/s uplink, %.0f%% loss\n",
              params.peers, params.piece_count, params.piece_length,
              static_cast<long long>(params.link.latency.count()),
              static_cast<unsigned long long>(params.link.uplink_bytes_per_second), params.link.loss * 100);
  for (int round = 1; round <= rounds; ++round) {
    params.seed = static_cast<std::uint64_t>(round);
    const double before = cpu_seconds();
    const auto result = corrent::test::run_sim_swarm(params, work);
    const double spent = cpu_seconds() - before;
    auto times = result.finished_at;
    times.erase(times.begin());
    std::sort(times.begin(), times.end());
    const double median = std::chrono::duration<double>(times[times.size() / 2]).count();
    const double took = std::chrono::duration<double>(result.took).count();
    std::printf("seed %d: %zu/%zu finished, last at %.3f s virtual (median %.3f s), %.3f s CPU, %zu handlers, "
                "%zu blocks received\n",
                round, result.finished, params.peers - 1, took, median, spent, result.handlers, result.blocks_received);
    cpu.push_back(spent);
    virtual_seconds.push_back(took);
    median_finish.push_back(median);
    handlers.push_back(static_cast<double>(result.handlers));
  }
  std::filesystem::remove_all(work);
  print_spread("CPU s per run", cpu);
  print_spread("virtual s, last", virtual_seconds);
  print_spread("virtual s, median", median_finish);
  print_spread("handlers", handlers);
  return 0;
}
