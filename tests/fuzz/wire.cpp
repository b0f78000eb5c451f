// The peer wire receive path on arbitrary bytes: the first byte seeds the sizes of the
// chunks the rest arrives in; the chunks go through RecvBuffer and Framer as a connection
// reads them, each frame is decoded and checked against a fixed torrent, and every
// decoded message must encode back to exactly the bytes it came from. The input is also
// tried as a handshake, which must encode back to its first 68 bytes.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "corrent/wire/codec.hpp"
#include "corrent/wire/framer.hpp"
#include "corrent/wire/handshake.hpp"
#include "corrent/wire/recv_buffer.hpp"
#include "corrent/wire/validate.hpp"

namespace {

using namespace corrent::wire;

/// 20 pieces of 32 KiB, the last one 5000 bytes: every validate() rule can pass or fail.
constexpr TorrentShape kShape{20, 32 * 1024, 19 * 32 * 1024 + 5000};

void check_frame(std::span<const std::byte> framed, std::span<const std::byte> body) {
  const auto msg = decode_message(body);
  if (!msg) return;
  std::vector<std::byte> out;
  encode(*msg, out);
  if (out.size() != encoded_size(*msg)) std::abort();
  if (!std::equal(out.begin(), out.end(), framed.begin(), framed.end())) std::abort();
  (void)validate(*msg, kShape);
}

void check_handshake(std::span<const std::byte> input) {
  const auto h = decode_handshake(input);
  if (!h) return;
  const auto out = encode_handshake(*h);
  if (!std::equal(out.begin(), out.end(), input.begin())) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::span<const std::byte> input(reinterpret_cast<const std::byte*>(data) + 1, size - 1);
  check_handshake(input);

  // Chunk sizes from a small LCG: 1..16 bytes when the seed's top bit is clear (partial
  // reads everywhere), 1..4096 when set (several messages per read).
  std::uint32_t rng = data[0];
  const std::uint32_t max_chunk = (data[0] & 0x80) != 0 ? 4096 : 16;
  RecvBuffer buf(64 * 1024);
  Framer framer(60 * 1024);
  std::size_t fed = 0;
  while (fed < input.size()) {
    rng = rng * 1664525u + 1013904223u;
    const auto space = buf.free_space();
    if (space.empty()) std::abort();  // the framer must reject what cannot fit first
    const std::size_t n = std::min<std::size_t>({1 + (rng >> 8) % max_chunk, space.size(), input.size() - fed});
    std::copy_n(input.begin() + static_cast<std::ptrdiff_t>(fed), n, space.begin());
    buf.commit(n);
    fed += n;
    while (true) {
      const auto frame = framer.next(buf.data());
      if (!frame) return 0;  // length over the maximum: a connection would close here
      if (!*frame) break;
      if ((*frame)->consumed != (*frame)->body.size() + kLengthPrefixSize) std::abort();
      check_frame(buf.data().first((*frame)->consumed), (*frame)->body);
      buf.consume((*frame)->consumed);
    }
  }
  return 0;
}
