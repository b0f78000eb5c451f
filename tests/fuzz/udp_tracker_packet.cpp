// Fuzz target: UDP tracker replies (BEP 15). The first byte picks the decoder and the
// address family; the transaction id expected is the packet's own, so the decoders get
// past the id check and into the bodies. Accepted replies must respect the stride and the
// peer bound; a refusal (errc::tracker_failure) always carries a text for people.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "corrent/plugins/tracker_udp/packet.hpp"
#include "corrent/tracker/errc.hpp"
#include "corrent/tracker/limits.hpp"

namespace {

template <class T>
void check_refusal(const corrent::tracker::TrackerResult<T>& r) {
  if (!r && r.error().code == corrent::tracker::errc::tracker_failure && r.error().message.empty()) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace tr = corrent::tracker;
  namespace udp = corrent::tracker_udp;
  if (size == 0) return 0;
  const std::uint8_t selector = data[0];
  const std::span<const std::uint8_t> packet(data + 1, size - 1);
  const auto header = udp::peek_udp_header(packet);
  const std::uint32_t tid = header ? header->transaction_id : 0;
  switch (selector % 3) {
    case 0:
      check_refusal(udp::decode_udp_connect(packet, tid));
      break;
    case 1: {
      const auto family = (selector & 0x80) != 0 ? udp::UdpFamily::v6 : udp::UdpFamily::v4;
      const auto r = udp::decode_udp_announce(packet, tid, family);
      check_refusal(r);
      if (r) {
        const std::size_t stride = family == udp::UdpFamily::v4 ? 6 : 18;
        if ((packet.size() - 20) % stride != 0) std::abort();
        if (r->peers.size() > tr::kMaxPeersPerResponse) std::abort();
      }
      break;
    }
    default: {
      const std::vector<corrent::metainfo::InfoHash> asked((selector >> 2) % 8);
      const auto r = udp::decode_udp_scrape(packet, tid, asked);
      check_refusal(r);
      if (r) {
        if (r->files.size() > asked.size()) std::abort();
      }
    }
  }
  return 0;
}
