// DhtClient: BEP 44 items and BEP 51 samples, on the node's get/put/sample lookups.
#include <cstring>
#include <utility>

#include "corrent/bencode/decode.hpp"
#include "corrent/core/encoding.hpp"
#include "corrent/plugins/dht/dht_client.hpp"
#include "dht_client_impl.hpp"
#include "dht_errc.hpp"
#include "dht_limits.hpp"
#include "item.hpp"

namespace corrent::plugins {
namespace {

// A value to put must be one canonical bencode item within BEP 44's bound: its hash (or
// signature) covers exactly these bytes, and a node re-encoding it must get them back.
Result<void> check_value(std::string_view value) {
  if (value.size() > dht::kMaxItemValueSize) return tl::make_unexpected(make_error_code(dht::errc::value_too_large));
  if (dht::canonical_value(value)) return {};
  // Which of the two: decoded again only to name the error.
  return tl::make_unexpected(
      make_error_code(bencode::decode(value) ? dht::errc::non_canonical_value : dht::errc::bad_bencode));
}

DhtPut put_of(const dht::ItemPut& put, std::int64_t seq) {
  return DhtPut{put.target.hex(), seq, put.stored, put.asked, put.errors, put.queries};
}

}  // namespace

DhtKey DhtKey::from_seed(const std::array<std::uint8_t, 32>& seed) {
  const auto keys = dht::KeyPair::from_seed(seed);
  return DhtKey{seed, keys.public_key};
}

DhtKey DhtKey::generate() {
  const auto keys = dht::KeyPair::generate();
  return DhtKey{keys.seed(), keys.public_key};
}

Task<Result<DhtPut>> DhtClient::put_immutable(std::string value) {
  if (auto ok = check_value(value); !ok) co_return tl::make_unexpected(ok.error());
  auto put = co_await impl_->node->put_immutable(std::move(value));
  co_return put_of(put, 0);
}

Task<Result<DhtItem>> DhtClient::get_immutable(InfoHashBytes target) {
  auto found = co_await impl_->node->get_immutable(dht::NodeId{target});
  if (!found.immutable_value) co_return tl::make_unexpected(make_error_code(dht::errc::item_not_found));
  DhtItem item;
  item.target = dht::NodeId{target}.hex();
  item.value = std::move(*found.immutable_value);
  item.queries = found.queries;
  co_return item;
}

Task<Result<DhtPut>> DhtClient::put_mutable(DhtKey key, std::string salt, std::string value,
                                            std::optional<std::int64_t> seq, std::optional<std::int64_t> cas) {
  if (auto ok = check_value(value); !ok) co_return tl::make_unexpected(ok.error());
  if (salt.size() > dht::kMaxSaltSize) co_return tl::make_unexpected(make_error_code(dht::errc::salt_too_large));
  std::size_t lookup_queries = 0;
  if (!seq) {
    // The next number after the newest the DHT holds, as libtorrent's put does.
    auto current = co_await impl_->node->get_mutable(key.public_key, salt);
    lookup_queries = current.queries;
    seq = current.mutable_item ? current.mutable_item->seq + 1 : 1;
  }
  const auto keys = dht::KeyPair::from_seed(key.seed);
  dht::MutableItem item{keys.public_key, std::move(salt), *seq, std::move(value), {}};
  item.signature = dht::sign_item(keys, item.salt, item.seq, item.value);
  auto put = co_await impl_->node->put_mutable(std::move(item), cas);
  auto out = put_of(put, *seq);
  out.queries += lookup_queries;
  co_return out;
}

Task<Result<DhtItem>> DhtClient::get_mutable(std::array<std::uint8_t, 32> public_key, std::string salt) {
  auto found = co_await impl_->node->get_mutable(public_key, salt);
  if (!found.mutable_item) co_return tl::make_unexpected(make_error_code(dht::errc::item_not_found));
  const auto& m = *found.mutable_item;
  DhtItem item;
  item.target = m.target().hex();
  item.value = m.value;
  item.is_mutable = true;
  item.public_key = to_hex(m.key);
  item.salt = m.salt;
  item.seq = m.seq;
  item.signature = to_hex(m.signature);
  item.queries = found.queries;
  co_return item;
}

Task<DhtSamples> DhtClient::sample_infohashes(InfoHashBytes target) {
  auto found = co_await impl_->node->sample_infohashes(dht::NodeId{target});
  DhtSamples out;
  for (const auto& hash : found.samples) out.info_hashes.push_back(hash.hex());
  out.nodes = found.nodes;
  out.queries = found.queries;
  co_return out;
}

}  // namespace corrent::plugins
