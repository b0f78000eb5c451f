#pragma once
// What the BEP 44 tests share: fixed-size arrays from hex, BEP 44's test vector 1 as an
// item, and key pairs from a repeated seed byte.

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <cstring>
#include <string_view>
#include <tuple>

#include "corrent/core/encoding.hpp"
#include "item.hpp"

namespace item_test {

/// The bytes of `hex` as an array of exactly its size (the test fails otherwise).
template <typename Array>
Array array_from_hex(std::string_view hex) {
  const auto raw = corrent::from_hex(hex);
  BOOST_REQUIRE(raw && raw->size() == std::tuple_size_v<Array>);
  Array out{};
  std::memcpy(out.data(), raw->data(), out.size());
  return out;
}

/// BEP 44's test vector 1: "12:Hello World!", no salt, seq 1, signed by the BEP's key.
inline corrent::dht::MutableItem bep44_item() {
  corrent::dht::MutableItem item;
  item.key = array_from_hex<corrent::dht::PublicKey>("77ff84905a91936367c01360803104f92432fcd904a43511876df5cdf3e7e548");
  item.seq = 1;
  item.value = "12:Hello World!";
  item.signature = array_from_hex<corrent::dht::Signature>(
      "305ac8aeb6c9c151fa120f120ea2cfb923564e11552d06a5d856091e5e853cff"
      "1260d3f39e4999684aa92eb73ffd136e6f4f3ecbfda0ce53a1608ecd7ae21f01");
  return item;
}

/// The key pair of the seed made of `byte` repeated.
inline corrent::dht::KeyPair keys_from(std::uint8_t byte) {
  corrent::dht::KeySeed seed{};
  seed.fill(byte);
  return corrent::dht::KeyPair::from_seed(seed);
}

}  // namespace item_test
