#pragma once
// The session's source of the random choices that shape a download: peer id, announce key,
// picker and choker seeds, tracker order. Unseeded it draws from the operating system;
// seeded (SessionSettings::random_seed) it is a fixed sequence, so that a simulated swarm
// picks the same pieces every run. Secrets (MSE keys and padding) never come from here.

#include <cstdint>
#include <optional>
#include <random>

namespace corrent::engine {

class SessionRandom {
 public:
  explicit SessionRandom(std::optional<std::uint64_t> seed);

  [[nodiscard]] std::uint64_t next64();
  /// Uniform in [0, upper); 0 when upper is 0.
  [[nodiscard]] std::uint32_t below(std::uint32_t upper);

 private:
  std::optional<std::mt19937_64> fixed_;
};

}  // namespace corrent::engine
