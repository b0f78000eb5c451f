#include "rpc_table.hpp"

#include <algorithm>

namespace corrent::dht {
namespace {

std::string encode_id(std::uint16_t id) {
  return {static_cast<char>(id >> 8), static_cast<char>(id & 0xffU)};
}

std::optional<std::uint16_t> decode_id(std::string_view t) {
  if (t.size() != kOurTransactionIdSize) return std::nullopt;
  return static_cast<std::uint16_t>((static_cast<unsigned char>(t[0]) << 8) | static_cast<unsigned char>(t[1]));
}

}  // namespace

std::optional<std::string> RpcTable::add(const net::Endpoint& destination, std::string method,
                                         std::optional<NodeId> node, TimePoint deadline, std::uint64_t tag) {
  if (full()) return std::nullopt;
  // max_ is far below 65536, so a free id is always near: skip the ones in use.
  while (queries_.contains(next_)) ++next_;
  const std::uint16_t id = next_++;
  auto t = encode_id(id);
  queries_.emplace(id, OutstandingQuery{t, destination, std::move(method), node, deadline, tag});
  return t;
}

std::optional<OutstandingQuery> RpcTable::take(std::string_view transaction_id, const net::Endpoint& source) {
  const auto id = decode_id(transaction_id);
  if (!id) return std::nullopt;
  const auto it = queries_.find(*id);
  if (it == queries_.end() || it->second.destination != source) return std::nullopt;
  auto query = std::move(it->second);
  queries_.erase(it);
  return query;
}

std::vector<OutstandingQuery> RpcTable::expire(TimePoint now) {
  std::vector<OutstandingQuery> out;
  for (auto it = queries_.begin(); it != queries_.end();) {
    if (it->second.deadline <= now) {
      out.push_back(std::move(it->second));
      it = queries_.erase(it);
    } else {
      ++it;
    }
  }
  std::sort(out.begin(), out.end(), [](const OutstandingQuery& a, const OutstandingQuery& b) {
    return a.deadline != b.deadline ? a.deadline < b.deadline : a.transaction_id < b.transaction_id;
  });
  return out;
}

std::size_t RpcTable::cancel(std::uint64_t tag) {
  return std::erase_if(queries_, [&](const auto& entry) { return entry.second.tag == tag; });
}

}  // namespace corrent::dht
