#pragma once
// Our outstanding queries (BEP 5 transactions), sans-I/O. Each query gets a 2-byte
// transaction id "t", unique among the outstanding ones, counted up from a random start
// the caller draws (ids differ from one run to the next; 16 bits stop no determined
// guesser, which is why the source endpoint must match too). A reply or error is accepted only when its
// "t" is outstanding AND it comes from the endpoint (address and port) the query went to;
// anything else is dropped and the query stays outstanding. Queries past their deadline
// come back from expire(now), to count as failures. At most kMaxOutstandingQueries.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "corrent/net/endpoint.hpp"
#include "dht_limits.hpp"
#include "node_id.hpp"
#include "routing_node.hpp"

namespace corrent::dht {

/// One query of ours awaiting its reply.
struct OutstandingQuery {
  std::string transaction_id;  ///< kOurTransactionIdSize bytes
  net::Endpoint destination;
  std::string method;          ///< "find_node", "get_peers", ...
  std::optional<NodeId> node;  ///< the id we expect to answer, when known
  TimePoint deadline;
  std::uint64_t tag = 0;       ///< the caller's: which lookup or job sent it
};

class RpcTable {
 public:
  /// `first_id`: the first transaction id, drawn at random by the caller.
  explicit RpcTable(std::uint16_t first_id, std::size_t max_outstanding = kMaxOutstandingQueries)
      : next_(first_id), max_(max_outstanding) {}

  /// Registers a query; returns its transaction id, or nullopt when max_outstanding are
  /// already waiting (the caller sends nothing then).
  [[nodiscard]] std::optional<std::string> add(const net::Endpoint& destination, std::string method,
                                               std::optional<NodeId> node, TimePoint deadline,
                                               std::uint64_t tag = 0);

  /// The query answered by a message with `transaction_id` from `source`, removed from the
  /// table; nullopt (and nothing removed) unless both match.
  [[nodiscard]] std::optional<OutstandingQuery> take(std::string_view transaction_id, const net::Endpoint& source);

  /// Removes and returns the queries whose deadline is at or before `now`, earliest first.
  [[nodiscard]] std::vector<OutstandingQuery> expire(TimePoint now);

  /// Forgets the queries sent with `tag` (a lookup that ended); returns how many.
  std::size_t cancel(std::uint64_t tag);

  [[nodiscard]] std::size_t size() const { return queries_.size(); }
  [[nodiscard]] bool full() const { return queries_.size() >= max_; }

 private:
  std::uint16_t next_;
  std::size_t max_;
  std::unordered_map<std::uint16_t, OutstandingQuery> queries_;
};

}  // namespace corrent::dht
