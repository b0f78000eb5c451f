#include "query_handler.hpp"

#include <utility>
#include <variant>

#include "corrent/bencode/decode.hpp"
#include "corrent/bencode/encode.hpp"
#include "dht_errc.hpp"
#include "krpc.hpp"
#include "reply_budget.hpp"
#include "secure_id.hpp"

namespace corrent::dht {
namespace {

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

ErrorReply method_unknown(std::string text) { return ErrorReply{kErrorMethodUnknown, std::move(text)}; }

// A stored value back into the Value a Response holds. Stored values came from
// bencode::encode, so this fails only if the store was handed other bytes.
std::optional<bencode::Value> decoded(std::string_view bytes) {
  auto document = bencode::decode(bytes);
  if (!document) return std::nullopt;
  return bencode::to_value(document->root());
}

void add_item(Response& r, const MutableItem& item) {
  r.value = decoded(item.value);
  if (!r.value) {
    r.seq.reset();  // "seq" alone would tell the querier it is up to date
    return;
  }
  r.key = item.key;
  r.signature = item.signature;
}

// fit_reply, except for an item's "v", which cannot be cut: if the reply is still over the
// budget with it, it goes out without the item (and with the nodes the item's room had
// trimmed). The header says why.
std::string fit_with_item(Message& reply, std::size_t budget) {
  const auto* r = std::get_if<Response>(&reply.body);
  if (!r || !r->value) return fit_reply(reply, budget);
  Message whole = reply;
  auto bytes = fit_reply(reply, budget);
  if (bytes.size() <= budget) return bytes;
  reply = std::move(whole);
  auto& bare = std::get<Response>(reply.body);
  bare.value.reset();
  bare.key.reset();
  bare.signature.reset();
  bare.seq.reset();
  return fit_reply(reply, budget);
}

ErrorReply refusal(std::error_code why) {
  if (why == errc::value_too_large) return ErrorReply{kErrorValueTooBig, "value too big"};
  if (why == errc::salt_too_large) return ErrorReply{kErrorSaltTooBig, "salt too big"};
  return ErrorReply{kErrorProtocol, "malformed query"};
}

}  // namespace

std::optional<QueryHandler::Reply> QueryHandler::handle(const Message& message, const net::Endpoint& source,
                                                        std::size_t query_size, TimePoint now,
                                                        std::uint64_t random) {
  const auto* query = std::get_if<Query>(&message.body);
  RoutingTable* table = source.is_v6() ? tables_.v6 : tables_.v4;
  if (!query || !table) return std::nullopt;

  // Answer first: whether the source is verified must not depend on this very query.
  const bool proven = verified(*table, query->id, source);
  Reply reply;
  reply.message.transaction_id = message.transaction_id;
  reply.message.version = settings_.version;
  reply.message.external_ip = source;
  reply.message.body = answer(*query, *table, source, now, random);
  reply.bytes = fit_with_item(reply.message, reply_budget(proven, query_size, settings_.amplification_factor));

  learn(message, *query, *table, source, now);
  return reply;
}

QueryHandler::Reply QueryHandler::refuse(std::string transaction_id, const net::Endpoint& source,
                                         std::error_code why) const {
  Reply reply;
  reply.message.transaction_id = std::move(transaction_id);
  reply.message.version = settings_.version;
  reply.message.external_ip = source;
  reply.message.body = refusal(why);
  reply.bytes = encode_krpc(reply.message);
  return reply;
}

QueryHandler::Body QueryHandler::answer(const Query& query, RoutingTable& table, const net::Endpoint& source,
                                        TimePoint now, std::uint64_t random) {
  Response r;
  r.id = table.self();
  return std::visit(
      Overloaded{
          [&](const PingQuery&) -> Body { return r; },
          [&](const FindNodeQuery& q) -> Body {
            add_closest(r, q.target, q.want, source);
            return r;
          },
          [&](const GetPeersQuery& q) -> Body {
            r.token = tokens_.issue(source);
            r.values = store_.peers(q.info_hash, source.is_v6(), kMaxValuesPerReply, random, now);
            if (r.values.empty()) add_closest(r, NodeId::from_info_hash(q.info_hash), q.want, source);
            return r;
          },
          [&](const AnnouncePeerQuery& q) -> Body { return announce(q, r, source, now); },
          [&](const SampleInfohashesQuery& q) -> Body {
            std::vector<NodeId> samples;
            for (const auto& ih : store_.sample(kSamplesPerReply, random)) {
              samples.push_back(NodeId::from_info_hash(ih));
            }
            r.samples = std::move(samples);
            r.interval = kSampleInterval;
            r.num = static_cast<std::int64_t>(store_.torrent_count());
            add_closest(r, q.target, q.want, source);
            return r;
          },
          [&](const GetQuery& q) -> Body { return get(q, std::move(r), source, now); },
          [&](const PutQuery& q) -> Body { return put(q, r, source, now); },
          [&](const UnknownQuery&) -> Body { return method_unknown("method unknown"); },
      },
      query.arguments);
}

QueryHandler::Body QueryHandler::announce(const AnnouncePeerQuery& a, const Response& ok,
                                          const net::Endpoint& source, TimePoint now) {
  if (!tokens_.accepts(a.token, source)) return ErrorReply{kErrorProtocol, "bad token"};
  // A store past its bounds drops the announce but still answers: the announcer cannot
  // tell, as with libtorrent, and retrying would not help it.
  (void)store_.announce(a.info_hash, a.implied_port ? source : source.with_port(a.port), now);
  return ok;
}

// As libtorrent's node.cpp: without "seq", the immutable item, else the mutable one; with
// "seq", only a mutable item can answer (an immutable one has no sequence number).
QueryHandler::Body QueryHandler::get(const GetQuery& g, Response r, const net::Endpoint& source, TimePoint now) {
  r.token = tokens_.issue(source);
  add_closest(r, g.target, g.want, source);
  if (!g.seq) {
    if (const auto* item = items_.immutable_item(g.target, now)) {
      r.value = decoded(item->value);
      return r;
    }
  }
  if (const auto* item = items_.mutable_item(g.target, now)) {
    r.seq = item->seq;
    if (!g.seq || item->seq > *g.seq) add_item(r, *item);
  }
  return r;
}

QueryHandler::Body QueryHandler::put(const PutQuery& p, const Response& ok, const net::Endpoint& source,
                                     TimePoint now) {
  if (!tokens_.accepts(p.token, source)) return ErrorReply{kErrorProtocol, "bad token"};
  auto value = bencode::encode(p.value);
  ItemStore::PutResult stored;
  if (!p.key) {
    stored = items_.put_immutable(std::move(value), now);
  } else if (p.signature && p.seq) {
    stored = items_.put_mutable(MutableItem{*p.key, p.salt.value_or(""), *p.seq, std::move(value), *p.signature},
                                p.cas, now);
  } else {
    return ErrorReply{kErrorProtocol, "mutable put without sig or seq"};  // decode_krpc refuses these
  }
  if (!stored) return stored.error();
  return ok;
}

void QueryHandler::add_closest(Response& r, const NodeId& target, const Want& want,
                               const net::Endpoint& source) const {
  const bool v4 = want.any() ? want.v4 : source.is_v4();
  const bool v6 = want.any() ? want.v6 : source.is_v6();
  if (v4 && tables_.v4) {
    for (auto& n : tables_.v4->closest(target, kBucketSize)) r.nodes.push_back(std::move(n));
  }
  if (v6 && tables_.v6) {
    for (auto& n : tables_.v6->closest(target, kBucketSize)) r.nodes.push_back(std::move(n));
  }
}

void QueryHandler::learn(const Message& message, const Query& query, RoutingTable& table,
                         const net::Endpoint& source, TimePoint now) {
  if (message.read_only) return;  // BEP 43: never add a read-only node
  if (settings_.enforce_bep42 && !is_secure_node_id(query.id, source)) return;
  (void)table.heard_from(NodeEntry{query.id, source}, Contact::queried, now);
}

bool QueryHandler::verified(const RoutingTable& table, const NodeId& id, const net::Endpoint& source) const {
  const RoutingNode* node = table.find(id);
  return node && node->confirmed && node->entry.endpoint == source;
}

}  // namespace corrent::dht
