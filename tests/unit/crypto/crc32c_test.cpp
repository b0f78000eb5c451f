// CRC-32C against the check value of the Castagnoli polynomial and RFC 3720's vectors.
#include <boost/test/unit_test.hpp>

#include <array>
#include <string_view>
#include <vector>

#include "corrent/crypto/crc32c.hpp"

namespace {

std::uint32_t crc_of(std::string_view text) {
  return corrent::crypto::crc32c({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
}

}  // namespace

BOOST_AUTO_TEST_SUITE(crypto_crc32c)

BOOST_AUTO_TEST_CASE(check_value_and_rfc3720_vectors) {
  BOOST_TEST(crc_of("123456789") == 0xE3069283u);
  BOOST_TEST(crc_of("") == 0u);
  // RFC 3720 B.4: 32 bytes of zeros, of ones, ascending, descending.
  std::vector<std::uint8_t> bytes(32, 0x00);
  BOOST_TEST(corrent::crypto::crc32c(bytes) == 0x8A9136AAu);
  bytes.assign(32, 0xFF);
  BOOST_TEST(corrent::crypto::crc32c(bytes) == 0x62A8AB43u);
  for (std::uint8_t i = 0; i < 32; ++i) bytes[i] = i;
  BOOST_TEST(corrent::crypto::crc32c(bytes) == 0x46DD794Eu);
  for (std::uint8_t i = 0; i < 32; ++i) bytes[i] = static_cast<std::uint8_t>(31 - i);
  BOOST_TEST(corrent::crypto::crc32c(bytes) == 0x113FDB5Cu);
}

BOOST_AUTO_TEST_SUITE_END()
