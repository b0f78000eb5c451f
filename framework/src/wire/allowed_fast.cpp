#include "corrent/wire/allowed_fast.hpp"

#include <algorithm>
#include <cstring>
#include <string_view>

#include "corrent/crypto/sha1.hpp"

namespace corrent::wire {

std::vector<PieceIndex> allowed_fast_set(const metainfo::InfoHash& info_hash,
                                         std::array<std::uint8_t, 4> ipv4,
                                         std::uint32_t piece_count, std::size_t k) {
  std::vector<PieceIndex> set;
  // The sequence can only yield piece_count distinct pieces, so asking for more would
  // never end; BEP 6 leaves that case to implementations.
  const std::size_t wanted = std::min<std::size_t>(k, piece_count);
  if (wanted == 0) return set;
  set.reserve(wanted);

  // x = the address masked to its /24, then the info-hash; later x = SHA-1(x).
  std::string x(24, '\0');
  x[0] = static_cast<char>(ipv4[0]);
  x[1] = static_cast<char>(ipv4[1]);
  x[2] = static_cast<char>(ipv4[2]);
  std::memcpy(x.data() + 4, info_hash.bytes.data(), 20);
  while (set.size() < wanted) {
    const crypto::Sha1Digest digest = crypto::Sha1::digest(x);
    x.assign(digest.view());
    // Each digest gives five 32-bit big-endian numbers, each reduced mod piece_count.
    for (std::size_t i = 0; i < 5 && set.size() < wanted; ++i) {
      const auto* p = digest.bytes.data() + 4 * i;
      const std::uint32_t y = (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) |
                              (std::uint32_t{p[2]} << 8) | std::uint32_t{p[3]};
      const PieceIndex piece{y % piece_count};
      if (std::find(set.begin(), set.end(), piece) == set.end()) set.push_back(piece);
    }
  }
  return set;
}

}  // namespace corrent::wire
