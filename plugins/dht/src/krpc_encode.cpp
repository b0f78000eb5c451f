// encode_krpc and method_name: the Message model back to canonical bencode. bencode::Value
// keeps dict keys sorted, so the output is canonical whatever order we set them in.
#include <string_view>
#include <type_traits>

#include "corrent/bencode/encode.hpp"
#include "krpc.hpp"

namespace corrent::dht {
namespace {

template <std::size_t N>
std::string raw_string(const std::array<std::uint8_t, N>& bytes) {
  return std::string(reinterpret_cast<const char*>(bytes.data()), N);
}

void put_want(bencode::Value& a, const Want& want) {
  if (!want.any()) return;
  auto list = bencode::Value::list();
  if (want.v4) list.push_back("n4");
  if (want.v6) list.push_back("n6");
  a["want"] = std::move(list);
}

void put_arguments(bencode::Value& a, const QueryArguments& arguments) {
  std::visit(
      [&a](const auto& q) {
        using T = std::decay_t<decltype(q)>;
        if constexpr (std::is_same_v<T, FindNodeQuery> || std::is_same_v<T, SampleInfohashesQuery>) {
          a["target"] = std::string(q.target.view());
          put_want(a, q.want);
        } else if constexpr (std::is_same_v<T, GetPeersQuery>) {
          a["info_hash"] = std::string(q.info_hash.view());
          put_want(a, q.want);
        } else if constexpr (std::is_same_v<T, AnnouncePeerQuery>) {
          a["info_hash"] = std::string(q.info_hash.view());
          a["port"] = std::int64_t{q.port};
          if (q.implied_port) a["implied_port"] = 1;
          a["token"] = q.token;
        } else if constexpr (std::is_same_v<T, GetQuery>) {
          a["target"] = std::string(q.target.view());
          if (q.seq) a["seq"] = *q.seq;
          put_want(a, q.want);
        } else if constexpr (std::is_same_v<T, PutQuery>) {
          a["token"] = q.token;
          a["v"] = q.value;
          if (q.key) a["k"] = raw_string(*q.key);
          if (q.signature) a["sig"] = raw_string(*q.signature);
          if (q.seq) a["seq"] = *q.seq;
          if (q.cas) a["cas"] = *q.cas;
          if (q.salt) a["salt"] = *q.salt;
        }
        // PingQuery and UnknownQuery have no arguments besides "id".
      },
      arguments);
}

bencode::Value response_dict(const Response& r) {
  auto d = bencode::Value::dict();
  d["id"] = std::string(r.id.view());
  std::string nodes, nodes6;
  for (const auto& n : r.nodes) append_compact_node(n.endpoint.is_v6() ? nodes6 : nodes, n);
  if (!nodes.empty()) d["nodes"] = std::move(nodes);
  if (!nodes6.empty()) d["nodes6"] = std::move(nodes6);
  if (!r.values.empty()) {
    auto values = bencode::Value::list();
    for (const auto& e : r.values) values.push_back(compact_endpoint(e));
    d["values"] = std::move(values);
  }
  if (r.token) d["token"] = *r.token;
  if (r.value) d["v"] = *r.value;
  if (r.key) d["k"] = raw_string(*r.key);
  if (r.signature) d["sig"] = raw_string(*r.signature);
  if (r.seq) d["seq"] = *r.seq;
  if (r.samples) {
    std::string samples;
    for (const auto& id : *r.samples) samples.append(id.view());
    d["samples"] = std::move(samples);
  }
  if (r.interval) d["interval"] = *r.interval;
  if (r.num) d["num"] = *r.num;
  return d;
}

}  // namespace

std::string method_name(const QueryArguments& arguments) {
  return std::visit(
      [](const auto& q) -> std::string {
        using T = std::decay_t<decltype(q)>;
        if constexpr (std::is_same_v<T, PingQuery>) {
          return "ping";
        } else if constexpr (std::is_same_v<T, FindNodeQuery>) {
          return "find_node";
        } else if constexpr (std::is_same_v<T, GetPeersQuery>) {
          return "get_peers";
        } else if constexpr (std::is_same_v<T, AnnouncePeerQuery>) {
          return "announce_peer";
        } else if constexpr (std::is_same_v<T, GetQuery>) {
          return "get";
        } else if constexpr (std::is_same_v<T, PutQuery>) {
          return "put";
        } else if constexpr (std::is_same_v<T, SampleInfohashesQuery>) {
          return "sample_infohashes";
        } else {
          static_assert(std::is_same_v<T, UnknownQuery>);
          return q.method;
        }
      },
      arguments);
}

std::string encode_krpc(const Message& message) {
  auto m = bencode::Value::dict();
  m["t"] = message.transaction_id;
  if (message.version) m["v"] = *message.version;
  if (message.external_ip) m["ip"] = compact_endpoint(*message.external_ip);
  if (message.read_only) m["ro"] = 1;
  if (const auto* q = std::get_if<Query>(&message.body)) {
    m["y"] = "q";
    m["q"] = method_name(q->arguments);
    auto a = bencode::Value::dict();
    a["id"] = std::string(q->id.view());
    put_arguments(a, q->arguments);
    m["a"] = std::move(a);
  } else if (const auto* r = std::get_if<Response>(&message.body)) {
    m["y"] = "r";
    m["r"] = response_dict(*r);
  } else {
    const auto& e = std::get<ErrorReply>(message.body);
    m["y"] = "e";
    m["e"] = bencode::Value::List{bencode::Value(e.code), bencode::Value(e.message)};
  }
  return bencode::encode(m);
}

}  // namespace corrent::dht
