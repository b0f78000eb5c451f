#include "demo_payload.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <fstream>
#include <vector>

namespace corrent::cli {
namespace {

constexpr std::size_t kChunk = 1024 * 1024;

/// splitmix64: a fast, fixed stream of bytes per seed.
class ByteStream {
 public:
  explicit ByteStream(std::uint64_t seed) : state_(seed) {}
  void fill(char* out, std::size_t n) {
    while (n > 0) {
      std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
      z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
      z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
      z ^= z >> 31;
      const std::size_t take = std::min<std::size_t>(n, sizeof z);
      std::memcpy(out, &z, take);
      out += take;
      n -= take;
    }
  }

 private:
  std::uint64_t state_;
};

ArgResult<void> write_file(const std::filesystem::path& path, std::uint64_t size, std::uint64_t seed) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (!file) return tl::make_unexpected(path.string() + ": cannot create");
  ByteStream bytes(seed);
  std::vector<char> chunk(kChunk);
  while (size > 0) {
    const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(size, kChunk));
    bytes.fill(chunk.data(), n);
    file.write(chunk.data(), static_cast<std::streamsize>(n));
    size -= n;
  }
  if (!file.flush()) return tl::make_unexpected(path.string() + ": write failed");
  return {};
}

ArgResult<void> same_file(const std::filesystem::path& a, const std::filesystem::path& b) {
  std::ifstream fa(a, std::ios::binary), fb(b, std::ios::binary);
  if (!fb) return tl::make_unexpected(b.string() + ": missing");
  if (!fa) return tl::make_unexpected(a.string() + ": cannot read");
  std::vector<char> ca(kChunk), cb(kChunk);
  std::uint64_t offset = 0;
  for (;;) {
    fa.read(ca.data(), static_cast<std::streamsize>(ca.size()));
    fb.read(cb.data(), static_cast<std::streamsize>(cb.size()));
    const auto na = static_cast<std::size_t>(fa.gcount()), nb = static_cast<std::size_t>(fb.gcount());
    if (na != nb || std::memcmp(ca.data(), cb.data(), na) != 0) {
      return tl::make_unexpected(b.string() + ": differs from the original near byte " + std::to_string(offset));
    }
    if (na == 0) return {};
    offset += na;
  }
}

}  // namespace

ArgResult<DemoPayload> make_demo_payload(const std::filesystem::path& parent, std::uint64_t size) {
  size = std::max<std::uint64_t>(size, 1024);
  DemoPayload payload{parent / kDemoName, 0, 0};
  std::error_code ec;
  std::filesystem::create_directories(payload.root / "data", ec);
  if (ec) return tl::make_unexpected(payload.root.string() + ": " + ec.message());
  const std::string readme =
      "A payload made by `corrent demo`: seeded by one corrent session and downloaded by another\n"
      "over loopback, then compared byte for byte with this copy.\n";
  {
    std::ofstream file(payload.root / "README.txt", std::ios::binary | std::ios::trunc);
    file << readme;
    if (!file.flush()) return tl::make_unexpected((payload.root / "README.txt").string() + ": write failed");
  }
  // Uneven shares, so that files start and end inside pieces.
  const std::uint64_t data = size > readme.size() ? size - readme.size() : 0;
  std::array<std::uint64_t, 3> exact{};
  exact[0] = std::min(data, data / 2 + 12345);
  exact[1] = std::min(data - exact[0], data * 3 / 10);
  exact[2] = data - exact[0] - exact[1];
  for (std::size_t i = 0; i < exact.size(); ++i) {
    const auto path = payload.root / "data" / ("part-" + std::to_string(i + 1) + ".bin");
    if (auto ok = write_file(path, exact[i], 0xC0FFEE + i); !ok) return tl::make_unexpected(ok.error());
  }
  payload.bytes = readme.size() + data;
  payload.files = 1 + exact.size();
  return payload;
}

ArgResult<void> same_tree(const std::filesystem::path& original, const std::filesystem::path& copy) {
  std::error_code ec;
  std::size_t compared = 0;
  for (std::filesystem::recursive_directory_iterator it(original, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    const auto relative = std::filesystem::relative(it->path(), original);
    if (auto same = same_file(it->path(), copy / relative); !same) return same;
    ++compared;
  }
  if (ec) return tl::make_unexpected(original.string() + ": " + ec.message());
  if (compared == 0) return tl::make_unexpected(original.string() + ": no files to compare");
  return {};
}

}  // namespace corrent::cli
