// SHA-1 throughput of corrent::crypto::Sha1 over an in-memory buffer, the way piece
// checking feeds it: whole messages in 16 KiB (block-sized) or 1 MiB updates, on one thread
// and on hardware_concurrency() threads. Prints plain text; bench/hash.sh puts the figures
// next to `openssl speed`.
//
// usage: bench_hash_speed [MiB, default 1024] [rounds, default 3]
#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "corrent/crypto/sha1.hpp"

namespace {

constexpr std::size_t kKiB = 1024;
constexpr std::size_t kMiB = 1024 * kKiB;

using Clock = std::chrono::steady_clock;

/// Arbitrary bytes (xorshift), so no layer can shortcut runs of zeros.
std::vector<std::byte> make_buffer(std::size_t size) {
  std::vector<std::byte> buffer(size);
  std::uint64_t state = 0x9e3779b97f4a7c15ULL;
  for (auto& b : buffer) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    b = static_cast<std::byte>(state);
  }
  return buffer;
}

corrent::crypto::Sha1Digest hash_in_updates(std::span<const std::byte> data, std::size_t step) {
  corrent::crypto::Sha1 sha1;
  for (std::size_t at = 0; at < data.size(); at += step) {
    sha1.update(data.subspan(at, std::min(step, data.size() - at)));
  }
  return sha1.finish();
}

/// Seconds to hash `data` split into `threads` equal slices, one thread each.
double time_hashing(std::span<const std::byte> data, std::size_t step, unsigned threads,
                    std::vector<corrent::crypto::Sha1Digest>& digests) {
  digests.assign(threads, {});
  const std::size_t slice = data.size() / threads;
  const auto start = Clock::now();
  std::vector<std::thread> workers;
  for (unsigned t = 0; t < threads; ++t) {
    workers.emplace_back(
        [&, t] { digests[t] = hash_in_updates(data.subspan(t * slice, slice), step); });
  }
  for (auto& w : workers) w.join();
  return std::chrono::duration<double>(Clock::now() - start).count();
}

/// Best-of-`rounds` throughput in GB/s (10^9 bytes per second): the machine is shared, and
/// the best run is the one least disturbed by others.
double measure(std::span<const std::byte> data, std::size_t step, unsigned threads, int rounds,
               std::string& digest_hex) {
  std::vector<corrent::crypto::Sha1Digest> digests;
  double best = 0;
  for (int r = 0; r < rounds; ++r) {
    const double seconds = time_hashing(data, step, threads, digests);
    const std::size_t hashed = data.size() / threads * threads;
    best = std::max(best, static_cast<double>(hashed) / seconds / 1e9);
  }
  digest_hex = digests.front().hex();
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t mib = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1024;
  const int rounds = argc > 2 ? std::atoi(argv[2]) : 3;
  if (mib == 0 || rounds <= 0) {
    std::fprintf(stderr, "usage: %s [MiB > 0] [rounds > 0]\n", argv[0]);
    return 2;
  }
  const unsigned cores = std::max(1U, std::thread::hardware_concurrency());
  const std::vector<std::byte> buffer = make_buffer(mib * kMiB);

  std::printf("corrent Sha1 (OpenSSL EVP): %zu MiB in memory, best of %d rounds\n", mib, rounds);
  std::printf("%-8s %-8s %8s\n", "update", "threads", "GB/s");
  std::string first_digest;
  for (const unsigned threads : {1U, cores}) {
    for (const std::size_t step : {16 * kKiB, kMiB}) {
      std::string digest;
      const double gbps = measure(buffer, step, threads, rounds, digest);
      // The update size must not change the digest: a cheap check that the loop is right.
      if (threads == 1 && first_digest.empty()) first_digest = digest;
      if (threads == 1 && digest != first_digest) {
        std::fprintf(stderr, "digest differs between update sizes: %s vs %s\n",
                     digest.c_str(), first_digest.c_str());
        return 1;
      }
      std::printf("%-8s %-8u %8.2f\n", step == kMiB ? "1MiB" : "16KiB", threads, gbps);
    }
    if (cores == 1) break;
  }
  std::printf("sha1 of the buffer: %s\n", first_digest.c_str());
  return 0;
}
