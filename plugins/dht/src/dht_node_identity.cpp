// DhtNode: our id follows our external address (BEP 42).
#include "dht_node.hpp"
#include "dht_random.hpp"
#include "secure_id.hpp"

namespace corrent::dht {

void DhtNode::vote_external_address(const net::Endpoint& address, const net::Endpoint& voter) {
  if (stopped_ || address.is_v6() != settings_.v6) return;
  const auto winner = votes_.vote(address, voter);
  // On a local network nobody checks ids (BEP 42's exemptions), so any id will do.
  if (!winner || settings_.keep_id || is_bep42_exempt(*winner) || is_secure_node_id(id_, *winner)) return;
  id_ = secure_node_id(*winner, random_node_id());
  table_ = table_.reseated(id_, dht_now());
  ++id_changes_;
  // Our neighbourhood moved: find the nodes near the new id (BEP 5's way of joining).
  group_.spawn(refresh(id_));
}

}  // namespace corrent::dht
