#include "corrent/net/peer_address.hpp"

namespace corrent::net {

std::vector<PeerAddress> any_transport(std::span<const Endpoint> endpoints) {
  std::vector<PeerAddress> out;
  out.reserve(endpoints.size());
  for (const auto& e : endpoints) out.push_back(PeerAddress{e, {}});
  return out;
}

}  // namespace corrent::net
