#pragma once
// Answers the queries other nodes send us (BEP 5, 32, 42, 43, 44, 51), sans-I/O: a decoded
// query, its source, its size, the time and 64 random bits in; the reply (Message and
// its encoding) out, or nothing.
//
//   ping               our id
//   find_node          the k closest nodes to the target, from the table of the source's
//                      family, or of each family in BEP 32 "want" that we have a table for
//   get_peers          a write token, and peers of the source's family from the store
//                      ("values"), or, when there are none, the closest nodes (BEP 5)
//   announce_peer      token checked (else error 203), then the source's address with
//                      "port", or its UDP port when implied_port, stored
//   sample_infohashes  BEP 51: up to kSamplesPerReply stored info-hashes, interval, num,
//                      and the closest nodes to the target
//   get                BEP 44: a write token (the get_peers ones), the closest nodes (as
//                      find_node, "want" included), and the item stored under the target
//                      (item_store.hpp): immutable "v"; mutable "k", "sig", "seq", "v".
//                      With "seq" in the query, mutable items only, and when the stored
//                      seq is not above it, "seq" alone (the querier has that item).
//   put                token checked (else error 203), then the item stored by
//                      ItemStore's rules or refused with its BEP 44 error (205, 206, 207,
//                      301, 302); the reply holds our id only
//   anything else      error 204 (method unknown)
//
// Every reply carries our id (the one of the source's family) and BEP 42 "ip", the
// source's address as we see it. The querying node is offered to the routing table as
// Contact::queried, unless it says it is read-only (BEP 43 "ro") or, when
// Settings::enforce_bep42 is on, its id does not match its address (BEP 42). Enforcement
// is off by default: libtorrent's dht_enforce_node_id defaults to false too, many nodes
// still run with ids chosen before BEP 42, and we do not yet derive our own id from our
// external address; a node with a bad id still gets its reply.
// Replies are sized by reply_budget.hpp (the amplification guard). An item's "v" cannot be
// cut: when a get reply with an item is still over the budget after the nodes are
// trimmed, the item is left out and the reply keeps its token and nodes, as if we stored
// nothing. So a source we never heard a reply from gets an item only if the reply fits 5x
// its query: for a plain 86-byte get, a "v" of up to about 350 bytes (immutable) or 230
// (mutable: k, sig and seq take 120 more); a verified source gets any item (1000 bytes at
// most, BEP 44) in its 1500. Rate limiting is the caller's, before this (rate_limit.hpp).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <system_error>

#include "corrent/net/endpoint.hpp"
#include "dht_limits.hpp"
#include "item_store.hpp"
#include "krpc_message.hpp"
#include "peer_store.hpp"
#include "routing_table.hpp"
#include "token_issuer.hpp"

namespace corrent::dht {

class QueryHandler {
 public:
  struct Settings {
    bool enforce_bep42 = false;                                ///< see above
    std::size_t amplification_factor = kAmplificationFactor;   ///< reply_budget.hpp
    std::optional<std::string> version;                        ///< our "v", if any
  };
  /// The routing tables, one per family we run (either may be absent).
  struct Tables {
    RoutingTable* v4 = nullptr;
    RoutingTable* v6 = nullptr;
  };
  /// A reply to send back to the query's source.
  struct Reply {
    Message message;
    std::string bytes;  ///< its encoding, within the budget
  };

  /// Keeps references: the tables, stores and issuer must outlive the handler.
  QueryHandler(Settings settings, Tables tables, PeerStore& store, ItemStore& items, TokenIssuer& tokens)
      : settings_(std::move(settings)), tables_(tables), store_(store), items_(items), tokens_(tokens) {}

  /// The reply to `message` (a query, `query_size` bytes on the wire) from `source`;
  /// nullopt when it is not a query or we run no table of the source's family.
  /// `random`: 64 bits from the caller, to pick the values and samples.
  [[nodiscard]] std::optional<Reply> handle(const Message& message, const net::Endpoint& source,
                                            std::size_t query_size, TimePoint now, std::uint64_t random);

  /// Error 203 for a query decode_krpc() refused, whose "t" query_transaction_id() found
  /// (BEP 5: malformed packet or invalid arguments); `why`, decode_krpc()'s error, turns it
  /// into BEP 44's 205 for a "v" over kMaxItemValueSize and 207 for a salt over
  /// kMaxSaltSize. It holds only "t", "ip", "y" and "e", so it is within the amplification
  /// budget of any query.
  [[nodiscard]] Reply refuse(std::string transaction_id, const net::Endpoint& source,
                             std::error_code why = {}) const;

 private:
  using Body = std::variant<Query, Response, ErrorReply>;

  Body answer(const Query& query, RoutingTable& table, const net::Endpoint& source, TimePoint now,
              std::uint64_t random);
  Body announce(const AnnouncePeerQuery& a, const Response& ok, const net::Endpoint& source, TimePoint now);
  Body get(const GetQuery& g, Response r, const net::Endpoint& source, TimePoint now);
  Body put(const PutQuery& p, const Response& ok, const net::Endpoint& source, TimePoint now);
  void add_closest(Response& r, const NodeId& target, const Want& want, const net::Endpoint& source) const;
  void learn(const Message& message, const Query& query, RoutingTable& table, const net::Endpoint& source,
             TimePoint now);
  [[nodiscard]] bool verified(const RoutingTable& table, const NodeId& id, const net::Endpoint& source) const;

  Settings settings_;
  Tables tables_;
  PeerStore& store_;
  ItemStore& items_;
  TokenIssuer& tokens_;
};

}  // namespace corrent::dht
