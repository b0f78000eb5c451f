// The BEP 44 item store: every rule of a put, each error code, the bounds at and past
// their limits, expiry and eviction, with the BEP's test vector item.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cstring>
#include <string>

#include "corrent/core/encoding.hpp"
#include "item_store.hpp"
#include "item_test_support.hpp"

namespace {

using namespace corrent::dht;
using item_test::array_from_hex;
using item_test::bep44_item;
using item_test::keys_from;
using namespace std::chrono_literals;

const TimePoint t0 = TimePoint{} + 24h;



MutableItem signed_item(const KeyPair& keys, std::int64_t seq, std::string value, std::string salt = "") {
  MutableItem item{keys.public_key, std::move(salt), seq, std::move(value), {}};
  item.signature = sign_item(keys, item.salt, item.seq, item.value);
  return item;
}

// A bencoded string of exactly `size` encoded bytes (size >= 5).
std::string encoded_string_of_size(std::size_t size) {
  std::string body(size - 4, 'x');  // "NNN:" takes 4 bytes for 100..996
  return std::to_string(body.size()) + ":" + body;
}

std::int64_t error_of(const ItemStore::PutResult& r) {
  BOOST_TEST_REQUIRE(!r.has_value());
  return r.error().code;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(dht_item_store)

BOOST_AUTO_TEST_CASE(the_bep44_vector_is_stored_under_its_target) {
  ItemStore store;
  const auto item = bep44_item();
  const auto put = store.put_mutable(item, std::nullopt, t0);
  BOOST_TEST_REQUIRE(put.has_value());
  BOOST_TEST((*put == ItemStore::Stored::added));
  const auto* stored = store.mutable_item(NodeId::from_hex("4a533d47ec9c7d95b1ad75f576cffc641853b750").value(), t0);
  BOOST_TEST_REQUIRE(stored != nullptr);
  BOOST_TEST((*stored == item));
  BOOST_TEST(store.mutable_count() == 1u);
  BOOST_TEST(store.immutable_count() == 0u);
}

BOOST_AUTO_TEST_CASE(a_forged_signature_is_206_and_nothing_is_stored) {
  ItemStore store;
  auto item = bep44_item();
  item.signature[0] ^= 1;
  BOOST_TEST(error_of(store.put_mutable(item, std::nullopt, t0)) == kErrorInvalidSignature);
  // A signature over other bytes: the value changed after signing.
  item = bep44_item();
  item.value = "12:Hello World?";
  BOOST_TEST(error_of(store.put_mutable(item, std::nullopt, t0)) == kErrorInvalidSignature);
  // Signed with another key than the one given.
  item = signed_item(keys_from(1), 1, "12:Hello World!");
  item.key = keys_from(2).public_key;
  BOOST_TEST(error_of(store.put_mutable(item, std::nullopt, t0)) == kErrorInvalidSignature);
  BOOST_TEST(store.mutable_count() == 0u);
  BOOST_TEST(store.mutable_item(item.target(), t0) == nullptr);
}

BOOST_AUTO_TEST_CASE(a_forged_update_leaves_the_stored_item) {
  ItemStore store;
  const auto keys = keys_from(3);
  const auto first = signed_item(keys, 1, "3:one");
  BOOST_TEST_REQUIRE(store.put_mutable(first, std::nullopt, t0).has_value());
  auto forged = signed_item(keys_from(4), 2, "3:two");
  forged.key = keys.public_key;  // same target, signature by someone else
  BOOST_TEST(error_of(store.put_mutable(forged, std::nullopt, t0)) == kErrorInvalidSignature);
  BOOST_TEST((*store.mutable_item(first.target(), t0) == first));
}

BOOST_AUTO_TEST_CASE(a_higher_seq_replaces_the_item_and_a_lower_one_is_302) {
  ItemStore store;
  const auto keys = keys_from(5);
  BOOST_TEST_REQUIRE(store.put_mutable(signed_item(keys, 5, "4:five"), std::nullopt, t0).has_value());
  const auto newer = signed_item(keys, 6, "3:six");
  const auto put = store.put_mutable(newer, std::nullopt, t0 + 1s);
  BOOST_TEST_REQUIRE(put.has_value());
  BOOST_TEST((*put == ItemStore::Stored::replaced));
  BOOST_TEST((*store.mutable_item(newer.target(), t0) == newer));
  BOOST_TEST(error_of(store.put_mutable(signed_item(keys, 5, "4:five"), std::nullopt, t0)) == kErrorSequenceTooOld);
  BOOST_TEST((*store.mutable_item(newer.target(), t0) == newer));
  BOOST_TEST(store.mutable_count() == 1u);
}

BOOST_AUTO_TEST_CASE(an_equal_seq_refreshes_the_same_value_and_refuses_another) {
  ItemStore store(ItemStore::Settings{.max_items = 10, .lifetime = 10min});
  const auto keys = keys_from(6);
  const auto item = signed_item(keys, 3, "5:three");
  BOOST_TEST_REQUIRE(store.put_mutable(item, std::nullopt, t0).has_value());
  const auto again = store.put_mutable(item, std::nullopt, t0 + 8min);
  BOOST_TEST_REQUIRE(again.has_value());
  BOOST_TEST((*again == ItemStore::Stored::refreshed));
  // The refresh restarted its lifetime: alive 10 minutes after the first put.
  BOOST_TEST(store.mutable_item(item.target(), t0 + 12min) != nullptr);
  BOOST_TEST(store.mutable_item(item.target(), t0 + 18min) == nullptr);
  // Same seq, another (validly signed) value: BEP 44's "lower than or equal to".
  BOOST_TEST(error_of(store.put_mutable(signed_item(keys, 3, "5:other"), std::nullopt, t0 + 9min)) ==
             kErrorSequenceTooOld);
  BOOST_TEST((store.mutable_item(item.target(), t0 + 9min)->value == "5:three"));
}

BOOST_AUTO_TEST_CASE(cas_must_match_the_stored_seq) {
  ItemStore store;
  const auto keys = keys_from(7);
  // Nothing stored: cas is not checked (libtorrent).
  BOOST_TEST_REQUIRE(store.put_mutable(signed_item(keys, 4, "1:a"), 99, t0).has_value());
  BOOST_TEST(error_of(store.put_mutable(signed_item(keys, 5, "1:b"), 3, t0)) == kErrorCasMismatch);
  // cas is checked before seq: a stale cas with an old seq is 301, not 302.
  BOOST_TEST(error_of(store.put_mutable(signed_item(keys, 1, "1:b"), 3, t0)) == kErrorCasMismatch);
  const auto target = mutable_target(keys.public_key, "");
  BOOST_TEST((store.mutable_item(target, t0)->value == "1:a"));
  const auto put = store.put_mutable(signed_item(keys, 5, "1:b"), 4, t0);
  BOOST_TEST_REQUIRE(put.has_value());
  BOOST_TEST((*put == ItemStore::Stored::replaced));
  BOOST_TEST(store.mutable_item(target, t0)->seq == 5);
}

BOOST_AUTO_TEST_CASE(salts_make_separate_items_and_are_bounded) {
  ItemStore store;
  const auto keys = keys_from(8);
  const auto plain = signed_item(keys, 1, "1:p");
  const auto salted = signed_item(keys, 1, "1:s", "foobar");
  BOOST_TEST_REQUIRE(store.put_mutable(plain, std::nullopt, t0).has_value());
  BOOST_TEST_REQUIRE(store.put_mutable(salted, std::nullopt, t0).has_value());
  BOOST_TEST(store.mutable_count() == 2u);
  BOOST_TEST((store.mutable_item(mutable_target(keys.public_key, "foobar"), t0)->value == "1:s"));
  // At the limit and past it.
  BOOST_TEST(store.put_mutable(signed_item(keys, 1, "1:x", std::string(kMaxSaltSize, 's')), std::nullopt, t0)
                 .has_value());
  BOOST_TEST(error_of(store.put_mutable(signed_item(keys, 1, "1:x", std::string(kMaxSaltSize + 1, 's')),
                                        std::nullopt, t0)) == kErrorSaltTooBig);
  BOOST_TEST(store.mutable_count() == 3u);
}

BOOST_AUTO_TEST_CASE(values_at_the_limit_are_taken_and_past_it_205) {
  ItemStore store;
  const auto at_limit = encoded_string_of_size(kMaxItemValueSize);
  const auto past = encoded_string_of_size(kMaxItemValueSize + 1);
  BOOST_TEST_REQUIRE(at_limit.size() == kMaxItemValueSize);
  BOOST_TEST_REQUIRE(past.size() == kMaxItemValueSize + 1);
  BOOST_TEST(store.put_immutable(at_limit, t0).has_value());
  BOOST_TEST(error_of(store.put_immutable(past, t0)) == kErrorValueTooBig);
  const auto keys = keys_from(9);
  BOOST_TEST(store.put_mutable(signed_item(keys, 1, at_limit), std::nullopt, t0).has_value());
  BOOST_TEST(error_of(store.put_mutable(signed_item(keys, 2, past), std::nullopt, t0)) == kErrorValueTooBig);
  BOOST_TEST(store.immutable_count() == 1u);
  BOOST_TEST(store.mutable_item(mutable_target(keys.public_key, ""), t0)->seq == 1);
}

BOOST_AUTO_TEST_CASE(a_negative_seq_is_refused) {
  ItemStore store;
  BOOST_TEST(error_of(store.put_mutable(signed_item(keys_from(10), -1, "1:n"), std::nullopt, t0)) ==
             kErrorProtocol);
  BOOST_TEST(store.mutable_count() == 0u);
}

BOOST_AUTO_TEST_CASE(immutable_items_live_under_the_hash_of_their_value) {
  ItemStore store;
  auto put = store.put_immutable("12:Hello World!", t0);
  BOOST_TEST_REQUIRE(put.has_value());
  BOOST_TEST((*put == ItemStore::Stored::added));
  const auto target = NodeId::from_hex("e5f96f6f38320f0f33959cb4d3d656452117aadb").value();  // BEP 44
  BOOST_TEST_REQUIRE(store.immutable_item(target, t0) != nullptr);
  BOOST_TEST(store.immutable_item(target, t0)->value == "12:Hello World!");
  BOOST_TEST(store.mutable_item(target, t0) == nullptr);
  put = store.put_immutable("12:Hello World!", t0 + 1s);
  BOOST_TEST_REQUIRE(put.has_value());
  BOOST_TEST((*put == ItemStore::Stored::refreshed));
  BOOST_TEST(store.immutable_count() == 1u);
}

BOOST_AUTO_TEST_CASE(items_expire_after_their_lifetime) {
  ItemStore store;
  BOOST_TEST(kItemLifetime == std::chrono::hours(2));
  const auto keys = keys_from(11);
  const auto item = signed_item(keys, 9, "1:m");
  BOOST_TEST_REQUIRE(store.put_immutable("1:i", t0).has_value());
  BOOST_TEST_REQUIRE(store.put_mutable(item, std::nullopt, t0).has_value());
  const auto target = immutable_target("1:i");
  const auto just_before = t0 + kItemLifetime - 1s;
  BOOST_TEST(store.immutable_item(target, just_before) != nullptr);
  BOOST_TEST(store.mutable_item(item.target(), just_before) != nullptr);
  // Not returned once expired, even before expire() ran.
  BOOST_TEST(store.immutable_item(target, t0 + kItemLifetime) == nullptr);
  BOOST_TEST(store.mutable_item(item.target(), t0 + kItemLifetime) == nullptr);
  store.expire(just_before);
  BOOST_TEST(store.immutable_count() == 1u);
  store.expire(t0 + kItemLifetime);
  BOOST_TEST(store.immutable_count() == 0u);
  BOOST_TEST(store.mutable_count() == 0u);
}

BOOST_AUTO_TEST_CASE(an_expired_item_does_not_block_a_lower_seq) {
  ItemStore store;
  const auto keys = keys_from(12);
  BOOST_TEST_REQUIRE(store.put_mutable(signed_item(keys, 9, "1:m"), std::nullopt, t0).has_value());
  BOOST_TEST(error_of(store.put_mutable(signed_item(keys, 2, "1:l"), std::nullopt, t0 + 1h)) ==
             kErrorSequenceTooOld);
  const auto put = store.put_mutable(signed_item(keys, 2, "1:l"), std::nullopt, t0 + kItemLifetime);
  BOOST_TEST_REQUIRE(put.has_value());
  BOOST_TEST((*put == ItemStore::Stored::added));
}

BOOST_AUTO_TEST_CASE(the_bound_evicts_the_least_recently_put_item) {
  BOOST_TEST(kMaxStoredItems == 700u);
  ItemStore store;  // the default bound, at and past it
  for (std::size_t i = 0; i < kMaxStoredItems; ++i) {
    BOOST_TEST_REQUIRE(store.put_immutable("i" + std::to_string(i) + "e", t0 + std::chrono::seconds(i)).has_value());
  }
  BOOST_TEST(store.immutable_count() == kMaxStoredItems);
  // Item 0 is put again: now item 1 is the least recently put.
  BOOST_TEST_REQUIRE(store.put_immutable("i0e", t0 + 1000s).has_value());
  BOOST_TEST_REQUIRE(store.put_immutable("i700e", t0 + 1001s).has_value());
  BOOST_TEST(store.immutable_count() == kMaxStoredItems);
  BOOST_TEST(store.immutable_item(immutable_target("i0e"), t0 + 1001s) != nullptr);
  BOOST_TEST(store.immutable_item(immutable_target("i1e"), t0 + 1001s) == nullptr);
  BOOST_TEST(store.immutable_item(immutable_target("i2e"), t0 + 1001s) != nullptr);
  BOOST_TEST(store.immutable_item(immutable_target("i700e"), t0 + 1001s) != nullptr);
}

BOOST_AUTO_TEST_CASE(each_kind_has_its_own_bound) {
  ItemStore store(ItemStore::Settings{.max_items = 2, .lifetime = kItemLifetime});
  const auto a = signed_item(keys_from(20), 1, "1:a");
  const auto b = signed_item(keys_from(21), 1, "1:b");
  const auto c = signed_item(keys_from(22), 1, "1:c");
  BOOST_TEST_REQUIRE(store.put_mutable(a, std::nullopt, t0).has_value());
  BOOST_TEST_REQUIRE(store.put_mutable(b, std::nullopt, t0 + 1s).has_value());
  BOOST_TEST_REQUIRE(store.put_immutable("1:x", t0 + 2s).has_value());
  BOOST_TEST_REQUIRE(store.put_immutable("1:y", t0 + 3s).has_value());
  BOOST_TEST(store.mutable_count() == 2u);
  // A refused put takes nobody's place.
  auto forged = c;
  forged.signature[5] ^= 1;
  BOOST_TEST(error_of(store.put_mutable(forged, std::nullopt, t0 + 4s)) == kErrorInvalidSignature);
  BOOST_TEST(store.mutable_item(a.target(), t0 + 4s) != nullptr);
  // A replacement of a stored item evicts nobody either.
  BOOST_TEST_REQUIRE(store.put_mutable(signed_item(keys_from(20), 2, "1:A"), std::nullopt, t0 + 5s).has_value());
  BOOST_TEST(store.mutable_item(b.target(), t0 + 5s) != nullptr);
  // A third mutable item evicts b (a was put again since); the immutable ones stay.
  BOOST_TEST_REQUIRE(store.put_mutable(c, std::nullopt, t0 + 6s).has_value());
  BOOST_TEST(store.mutable_count() == 2u);
  BOOST_TEST(store.mutable_item(b.target(), t0 + 6s) == nullptr);
  BOOST_TEST(store.mutable_item(a.target(), t0 + 6s)->seq == 2);
  BOOST_TEST(store.immutable_count() == 2u);
}

BOOST_AUTO_TEST_SUITE_END()
