#pragma once
// One node of a routing table and its liveness (BEP 5): good, questionable or bad.

#include <chrono>
#include <cstdint>

#include "compact.hpp"
#include "dht_limits.hpp"

namespace corrent::dht {

using Clock = std::chrono::steady_clock;
using TimePoint = Clock::time_point;

/// BEP 5's three states. Good: it answered one of our queries within kGoodNodeInterval,
/// or it has answered once and queried us within it. Bad: kMaxFailedQueries of our
/// queries in a row went unanswered. Questionable: neither (including a node that has
/// never answered us).
enum class NodeState { good, questionable, bad };

/// How we heard from a node.
enum class Contact {
  replied,  ///< it answered a query of ours: it is reachable and its id is confirmed
  queried,  ///< it sent us a query: it exists, but may be behind a NAT that drops ours
};

struct RoutingNode {
  NodeEntry entry;
  bool confirmed = false;       ///< has answered at least one query of ours
  TimePoint last_active{};      ///< last reply, or last query once confirmed
  TimePoint last_seen{};        ///< last message of any kind
  std::uint32_t failed = 0;     ///< our queries it failed to answer, in a row

  [[nodiscard]] NodeState state(TimePoint now) const {
    if (failed >= kMaxFailedQueries) return NodeState::bad;
    if (confirmed && now - last_active < kGoodNodeInterval) return NodeState::good;
    return NodeState::questionable;
  }
};

}  // namespace corrent::dht
