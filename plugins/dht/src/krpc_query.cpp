// The arguments "a" of each query method (BEP 5, 32, 44, 51).
#include <limits>

#include "dht_limits.hpp"
#include "krpc_fields.hpp"

namespace corrent::dht::krpc_detail {
namespace {

constexpr std::int64_t kInt64Max = std::numeric_limits<std::int64_t>::max();

ParseResult<NodeId> target(const bencode::Node& a) {
  return required_id(a, "target", errc::missing_argument, errc::bad_target);
}

ParseResult<metainfo::InfoHash> info_hash(const bencode::Node& a) {
  CORRENT_TRY(const auto id, required_id(a, "info_hash", errc::missing_argument, errc::bad_target));
  return metainfo::InfoHash{id.bytes};
}

ParseResult<std::string> required_token(const bencode::Node& a) {
  CORRENT_TRY(auto token, opt_token(a));
  if (!token) return parse_fail(errc::missing_argument, a.offset());
  return std::move(*token);
}

ParseResult<QueryArguments> announce_peer(const bencode::Node& a) {
  AnnouncePeerQuery q;
  CORRENT_TRY(q.info_hash, info_hash(a));
  CORRENT_TRY(const auto implied, opt_int(a, "implied_port"));
  q.implied_port = implied.value_or(0) != 0;
  // With implied_port the UDP source port counts, so "port" may be 0 (libtorrent sends
  // its listen port anyway); without it, a port of 0 or past 65535 is no address.
  CORRENT_TRY(const auto port, opt_int(a, "port"));
  if (!port) return parse_fail(errc::missing_argument, a.offset());
  if (*port < (q.implied_port ? 0 : 1) || *port > 65535) return parse_fail(errc::bad_port, a.find("port")->offset());
  q.port = static_cast<std::uint16_t>(*port);
  CORRENT_TRY(q.token, required_token(a));
  return q;
}

ParseResult<QueryArguments> get_item(const bencode::Node& a) {
  GetQuery q;
  CORRENT_TRY(q.target, target(a));
  CORRENT_TRY(q.seq, opt_int_in(a, "seq", 0, kInt64Max));
  CORRENT_TRY(q.want, want_field(a));
  return q;
}

ParseResult<QueryArguments> put_item(const bencode::Node& a) {
  PutQuery q;
  CORRENT_TRY(q.token, required_token(a));
  CORRENT_TRY(auto value, opt_item_value(a));
  if (!value) return parse_fail(errc::missing_argument, a.offset());
  q.value = std::move(*value);
  CORRENT_TRY(q.key, opt_fixed<kPublicKeySize>(a, "k", errc::bad_public_key));
  CORRENT_TRY(q.signature, opt_fixed<kSignatureSize>(a, "sig", errc::bad_signature));
  CORRENT_TRY(q.seq, opt_int_in(a, "seq", 0, kInt64Max));
  CORRENT_TRY(q.cas, opt_int_in(a, "cas", 0, kInt64Max));
  CORRENT_TRY(const auto salt, opt_string(a, "salt"));
  if (salt && salt->size() > kMaxSaltSize) return parse_fail(errc::salt_too_large, a.find("salt")->offset());
  if (salt) q.salt = std::string(*salt);
  // A mutable item needs its key, signature and sequence number together; the other
  // fields mean nothing for an immutable one, whose target is the hash of "v" alone.
  const bool is_mutable = q.key.has_value();
  if (is_mutable && (!q.signature || !q.seq)) return parse_fail(errc::missing_argument, a.offset());
  if (!is_mutable && (q.signature || q.seq || q.cas || q.salt)) return parse_fail(errc::missing_argument, a.offset());
  return q;
}

}  // namespace

ParseResult<QueryArguments> decode_arguments(std::string_view method, const bencode::Node& a) {
  if (method == "ping") return PingQuery{};
  if (method == "find_node") {
    FindNodeQuery q;
    CORRENT_TRY(q.target, target(a));
    CORRENT_TRY(q.want, want_field(a));
    return q;
  }
  if (method == "get_peers") {
    GetPeersQuery q;
    CORRENT_TRY(q.info_hash, info_hash(a));
    CORRENT_TRY(q.want, want_field(a));
    return q;
  }
  if (method == "announce_peer") return announce_peer(a);
  if (method == "get") return get_item(a);
  if (method == "put") return put_item(a);
  if (method == "sample_infohashes") {
    SampleInfohashesQuery q;
    CORRENT_TRY(q.target, target(a));
    CORRENT_TRY(q.want, want_field(a));
    return q;
  }
  return UnknownQuery{std::string(method)};
}

}  // namespace corrent::dht::krpc_detail
