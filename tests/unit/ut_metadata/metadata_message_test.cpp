// The ut_metadata messages (BEP 9): round trips and each class of bad input.
#include <boost/test/unit_test.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "errc.hpp"
#include "metadata_message.hpp"

namespace um = corrent::ut_metadata;

namespace {
std::vector<std::byte> bytes(std::string_view s) {
  const auto* p = reinterpret_cast<const std::byte*>(s.data());
  return {p, p + s.size()};
}
std::string text(const std::vector<std::byte>& b) { return {reinterpret_cast<const char*>(b.data()), b.size()}; }
}  // namespace

BOOST_AUTO_TEST_SUITE(metadata_message)

BOOST_AUTO_TEST_CASE(request_and_reject_are_canonical_and_round_trip) {
  BOOST_TEST(text(um::encode_request(3)) == "d8:msg_typei0e5:piecei3ee");
  BOOST_TEST(text(um::encode_reject(0)) == "d8:msg_typei2e5:piecei0ee");
  const auto request = um::encode_request(7);
  auto m = um::decode_message(request);
  BOOST_REQUIRE(m);
  BOOST_TEST((m->type == um::MessageType::request));
  BOOST_TEST(m->piece == 7u);
  BOOST_TEST(!m->total_size);
}

BOOST_AUTO_TEST_CASE(data_carries_its_bytes_after_the_dict) {
  const auto payload = bytes("0123456789");
  const auto data = um::encode_data(1, 16394, payload);
  BOOST_TEST(text(data) == "d8:msg_typei1e5:piecei1e10:total_sizei16394ee0123456789");
  auto m = um::decode_message(data);
  BOOST_REQUIRE(m);
  BOOST_TEST((m->type == um::MessageType::data));
  BOOST_TEST(m->piece == 1u);
  BOOST_TEST(*m->total_size == 16394);
  BOOST_TEST(std::string(reinterpret_cast<const char*>(m->data.data()), m->data.size()) == "0123456789");
}

BOOST_AUTO_TEST_CASE(an_unknown_msg_type_is_ignored_not_an_error) {
  auto m = um::decode_message(bytes("d8:msg_typei9e5:piecei0ee"));
  BOOST_REQUIRE(m);
  BOOST_TEST(!m->type);
}

BOOST_AUTO_TEST_CASE(malformed_messages_are_errors) {
  for (const char* bad : {
           "",                                          // empty
           "i5e",                                       // not a dict
           "l8:msg_typee",                              // a list
           "d5:piecei0ee",                              // no msg_type
           "d8:msg_typei0ee",                           // no piece
           "d8:msg_type1:05:piecei0ee",                 // msg_type not an integer
           "d8:msg_typei0e5:piece1:0e",                 // piece not an integer
           "d8:msg_typei0e5:piecei-1ee",                // negative piece
           "d8:msg_typei0e5:piecei2147483648ee",        // piece past 2^31 - 1
           "d8:msg_typei1e5:piecei0ee0123",             // data without total_size
           "d8:msg_typei0e5:piecei0eejunk",             // bytes after a request
           "d8:msg_typei2e5:piecei0eejunk",             // bytes after a reject
           "d8:msg_typei0e5:piecei0e",                  // truncated dict
           "d1:ad1:ad1:ad1:ai1eeeee8:msg_typei0e5:piecei0ee",  // nested deeper than a message needs
       }) {
    auto m = um::decode_message(bytes(bad));
    BOOST_TEST_CONTEXT(bad) {
      BOOST_REQUIRE(!m);
      BOOST_TEST((m.error() == um::errc::bad_message));
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
