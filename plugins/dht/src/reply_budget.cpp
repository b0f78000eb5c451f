#include "reply_budget.hpp"

#include <algorithm>
#include <variant>

#include "krpc.hpp"

namespace corrent::dht {
namespace {

// Removes up to `count` entries (at least one) from the end of `list`.
template <class List>
void drop_back(List& list, std::size_t count) {
  list.resize(list.size() - std::min(list.size(), std::max<std::size_t>(count, 1)));
}

// Takes entries out of `r` worth about `excess` bytes, in the order the header gives;
// false when there is nothing left to take. Each count is rounded down from the excess
// over the largest entry's size, so a step never takes much more than needed.
bool trim(Response& r, std::size_t excess) {
  if (!r.values.empty()) {
    drop_back(r.values, excess / (3 + kCompactPeerV6Size));
    return true;
  }
  if (r.samples && !r.samples->empty()) {
    drop_back(*r.samples, excess / kNodeIdSize);
    return true;
  }
  if (!r.nodes.empty()) {
    drop_back(r.nodes, excess / kCompactNodeV6Size);
    return true;
  }
  return false;
}

}  // namespace

std::string fit_reply(Message& reply, std::size_t budget) {
  std::string bytes = encode_krpc(reply);
  auto* response = std::get_if<Response>(&reply.body);
  if (!response) return bytes;
  while (bytes.size() > budget && trim(*response, bytes.size() - budget)) bytes = encode_krpc(reply);
  return bytes;
}

}  // namespace corrent::dht
