#pragma once
// The KRPC message model (BEP 5): a query, a reply or an error, each a bencoded dict with a
// transaction id "t" and a type "y". Queries carry their method "q" and arguments "a";
// replies carry "r"; errors carry "e" = [code, message]. On top of BEP 5:
//   BEP 32  "nodes6" in replies, "want" (n4, n6) in queries
//   BEP 42  "ip", the address the sender sees us at (top level)
//   BEP 43  "ro", a read-only node: do not add it to routing tables (top level)
//   BEP 44  get / put of immutable and mutable items (v, k, sig, seq, cas, salt)
//   BEP 51  sample_infohashes (samples, interval, num)
// Decoding and encoding live in krpc.hpp. Everything here is a plain value.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "corrent/bencode/value.hpp"
#include "corrent/metainfo/info_hash.hpp"
#include "corrent/net/endpoint.hpp"
#include "compact.hpp"
#include "node_id.hpp"

namespace corrent::dht {

using PublicKey = std::array<std::uint8_t, 32>;  ///< ed25519 public key (BEP 44 "k")
using Signature = std::array<std::uint8_t, 64>;  ///< ed25519 signature (BEP 44 "sig")

/// BEP 32 "want": which address families of nodes the querier asks for. Empty means the
/// key is absent (the replier's own family only).
struct Want {
  bool v4 = false;  ///< "n4"
  bool v6 = false;  ///< "n6"
  [[nodiscard]] bool any() const { return v4 || v6; }
  friend bool operator==(const Want&, const Want&) = default;
};

struct PingQuery {
  friend bool operator==(const PingQuery&, const PingQuery&) = default;
};
struct FindNodeQuery {
  NodeId target;
  Want want;
  friend bool operator==(const FindNodeQuery&, const FindNodeQuery&) = default;
};
struct GetPeersQuery {
  metainfo::InfoHash info_hash;
  Want want;
  friend bool operator==(const GetPeersQuery&, const GetPeersQuery&) = default;
};
struct AnnouncePeerQuery {
  metainfo::InfoHash info_hash;
  std::uint16_t port = 0;     ///< 0 only with implied_port
  bool implied_port = false;  ///< use the UDP source port instead of "port"
  std::string token;
  friend bool operator==(const AnnouncePeerQuery&, const AnnouncePeerQuery&) = default;
};
/// BEP 44 get: "seq" asks for the item only if newer than that.
struct GetQuery {
  NodeId target;
  std::optional<std::int64_t> seq;
  Want want;
  friend bool operator==(const GetQuery&, const GetQuery&) = default;
};
/// BEP 44 put. Immutable when `key` is absent (then sig, seq, cas and salt are too);
/// mutable items carry key, signature and sequence number, and optionally cas and salt.
struct PutQuery {
  std::string token;
  bencode::Value value;  ///< "v", canonical, at most kMaxItemValueSize when encoded
  std::optional<PublicKey> key;
  std::optional<Signature> signature;
  std::optional<std::int64_t> seq;
  std::optional<std::int64_t> cas;
  std::optional<std::string> salt;
  friend bool operator==(const PutQuery&, const PutQuery&) = default;
};
/// BEP 51 sample_infohashes.
struct SampleInfohashesQuery {
  NodeId target;
  Want want;
  friend bool operator==(const SampleInfohashesQuery&, const SampleInfohashesQuery&) = default;
};
/// A method we do not know: kept by name so the node can answer 204 (BEP 5), and so a
/// newer BEP's query still reaches whoever may handle it. Its arguments are not read.
struct UnknownQuery {
  std::string method;
  friend bool operator==(const UnknownQuery&, const UnknownQuery&) = default;
};

using QueryArguments = std::variant<PingQuery, FindNodeQuery, GetPeersQuery, AnnouncePeerQuery, GetQuery,
                                    PutQuery, SampleInfohashesQuery, UnknownQuery>;

/// "y": "q". The method name "q" follows from the arguments' type.
struct Query {
  NodeId id;  ///< the querying node's id
  QueryArguments arguments;
  friend bool operator==(const Query&, const Query&) = default;
};

/// "y": "r". A reply does not name the query it answers (the transaction id does), so
/// every field a reply may hold is here; absent ones stay empty.
struct Response {
  NodeId id;                           ///< the replying node's id
  std::vector<NodeEntry> nodes;        ///< "nodes" (IPv4) then "nodes6" (IPv6), as decoded
  std::vector<net::Endpoint> values;   ///< get_peers: peers, IPv4 and IPv6
  std::optional<std::string> token;    ///< get_peers, get: the write token
  // BEP 44 get
  std::optional<bencode::Value> value;  ///< "v"
  std::optional<PublicKey> key;
  std::optional<Signature> signature;
  std::optional<std::int64_t> seq;
  // BEP 51 sample_infohashes
  std::optional<std::vector<NodeId>> samples;
  std::optional<std::int64_t> interval;  ///< seconds, 0..kMaxSampleInterval
  std::optional<std::int64_t> num;       ///< info-hashes the node holds
  friend bool operator==(const Response&, const Response&) = default;
};

/// "y": "e", with the codes of BEP 5 (201 generic, 202 server, 203 protocol, 204 method
/// unknown; dht_limits.hpp) or any other a node sends.
struct ErrorReply {
  std::int64_t code = 0;
  std::string message;
  friend bool operator==(const ErrorReply&, const ErrorReply&) = default;
};

/// One KRPC message.
struct Message {
  std::string transaction_id;               ///< "t", 1..kMaxTransactionIdSize bytes
  std::optional<std::string> version;       ///< "v", the sender's client and version
  std::optional<net::Endpoint> external_ip; ///< "ip" (BEP 42): how the sender sees the receiver
  bool read_only = false;                   ///< "ro": 1 (BEP 43)
  std::variant<Query, Response, ErrorReply> body;
  friend bool operator==(const Message&, const Message&) = default;
};

/// The method name ("ping", "find_node", ...) of `arguments`.
[[nodiscard]] std::string method_name(const QueryArguments& arguments);

}  // namespace corrent::dht
