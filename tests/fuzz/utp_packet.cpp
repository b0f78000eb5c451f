// decode_packet (plugins/transport_utp, BEP 29) on arbitrary bytes. A datagram the
// demultiplexer's looks_like_utp() refuses never decodes; one that decodes has a selective
// ack of at most kMaxSackBytes and a payload that ends the input; and encoding what was decoded
// and decoding that again gives the same header, selective ack and payload (the very
// input, when it had no extension).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "utp_limits.hpp"
#include "utp_packet.hpp"

namespace {

namespace utp = corrent::transport_utp;

bool same(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> input(data, size);
  const auto p = utp::decode_packet(input);
  if (!p) {
    const auto e = static_cast<utp::PacketErrc>(p.error().value());
    const bool header_refused = e == utp::PacketErrc::too_short || e == utp::PacketErrc::bad_version ||
                                e == utp::PacketErrc::bad_type;
    if (header_refused == utp::looks_like_utp(input)) std::abort();
    return 0;
  }
  if (!utp::looks_like_utp(input)) std::abort();
  const std::size_t sack = p->sack.size();
  if (sack > utp::kMaxSackBytes) std::abort();
  if (p->payload.size() > size || p->payload.data() + p->payload.size() != data + size) std::abort();
  // What we send has a bitmask of a multiple of 4 bytes (libtorrent's may be any length).
  if (sack % 4 != 0) return 0;

  std::vector<std::uint8_t> out(utp::encoded_size(sack, p->payload.size()));
  if (out.size() > size) std::abort();  // only extensions we drop can make the input longer
  if (utp::encode_packet(p->header, p->sack, p->payload, out) != out.size()) std::abort();
  if (data[1] == 0 && !same(out, input)) std::abort();
  const auto again = utp::decode_packet(out);
  if (!again) std::abort();
  if (!(again->header == p->header) || !same(again->sack, p->sack) || !same(again->payload, p->payload)) {
    std::abort();
  }
  return 0;
}
