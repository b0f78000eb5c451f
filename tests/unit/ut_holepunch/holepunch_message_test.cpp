// BEP 55's message: encode/decode, and every class of bad input refused.
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "holepunch_errc.hpp"
#include "holepunch_message.hpp"

namespace {

using namespace corrent::holepunch;
using corrent::net::Endpoint;

std::vector<std::byte> hex(std::string_view text) {
  std::vector<std::byte> out;
  for (std::size_t i = 0; i + 1 < text.size(); i += 2) {
    out.push_back(std::byte(std::stoi(std::string(text.substr(i, 2)), nullptr, 16)));
  }
  return out;
}

Endpoint ep(std::string_view text) { return *Endpoint::parse(text); }

}  // namespace

BOOST_AUTO_TEST_SUITE(holepunch_message)

BOOST_AUTO_TEST_CASE(each_type_encodes_as_bep_55_lays_it_out) {
  // msg_type, addr_type, address, port, err_code: all big-endian.
  BOOST_TEST((encode_holepunch({MessageType::rendezvous, ep("1.2.3.4:6881"), 0}) == hex("0000010203041ae100000000")));
  BOOST_TEST((encode_holepunch({MessageType::connect, ep("10.0.0.1:1"), 0}) == hex("01000a000001000100000000")));
  BOOST_TEST((encode_holepunch({MessageType::error, ep("1.2.3.4:6881"), 3}) == hex("0200010203041ae100000003")));
  BOOST_TEST((encode_holepunch({MessageType::connect, ep("[::1]:443"), 0}) ==
              hex("010100000000000000000000000000000001" "01bb" "00000000")));
  // err_code is 0 in a message that is not an error, whatever the struct held.
  BOOST_TEST((encode_holepunch({MessageType::connect, ep("1.2.3.4:6881"), 7}) == hex("0100010203041ae100000000")));
}

BOOST_AUTO_TEST_CASE(decoding_gives_back_what_was_encoded) {
  for (const auto& m : {HolepunchMessage{MessageType::rendezvous, ep("127.0.0.1:6881"), 0},
                        HolepunchMessage{MessageType::connect, ep("[2001:db8::7]:65535"), 0},
                        HolepunchMessage{MessageType::error, ep("192.168.1.1:1"), 4},
                        HolepunchMessage{MessageType::error, ep("192.168.1.1:1"), 99}}) {
    const auto decoded = decode_holepunch(encode_holepunch(m));
    BOOST_TEST_REQUIRE(decoded.has_value());
    BOOST_TEST((*decoded == m));
  }
}

BOOST_AUTO_TEST_CASE(every_class_of_bad_message_is_refused) {
  const auto refused = [](std::string_view text, errc why) {
    const auto decoded = decode_holepunch(hex(text));
    BOOST_TEST_REQUIRE(!decoded.has_value(), text);
    BOOST_TEST((decoded.error() == std::error_code(why)), text);
  };
  refused("", errc::bad_size);
  refused("00", errc::bad_size);
  refused("030001020304" "1ae1" "00000000", errc::unknown_type);      // msg_type 3
  refused("ff0001020304" "1ae1" "00000000", errc::unknown_type);
  refused("000201020304" "1ae1" "00000000", errc::unknown_address_type);  // addr_type 2
  refused("00000102030" "4" "1ae1" "000000", errc::bad_size);         // one byte short
  refused("000001020304" "1ae1" "0000000000", errc::bad_size);        // one byte over
  refused("0001" "01020304" "1ae1" "00000000", errc::bad_size);       // IPv6 type, IPv4 body
  refused("0000" "00000000000000000000000000000001" "1ae1" "00000000", errc::bad_size);  // the reverse
  refused("020001020304" "1ae1", errc::bad_size);  // an error without its err_code
}

// What python3-libtorrent 2.0.8 sent as a relay (tests/interop/holepunch_libtorrent.py
// records them live): its connect has no err_code (8 bytes), its errors do (12, 24).
BOOST_AUTO_TEST_CASE(libtorrents_recorded_messages_decode_and_encode_back) {
  struct Vector {
    std::string_view bytes;
    HolepunchMessage message;
  };
  const Vector recorded[] = {
      {"01007f000001d026", {MessageType::connect, ep("127.0.0.1:53286"), 0}},
      {"01007f000001d016", {MessageType::connect, ep("127.0.0.1:53270"), 0}},
      {"02007f000001b00300000002", {MessageType::error, ep("127.0.0.1:45059"), 2}},  // NotConnected
      {"02007f000001d02e00000003", {MessageType::error, ep("127.0.0.1:53294"), 3}},  // NoSupport
      {"02007f000001d01600000004", {MessageType::error, ep("127.0.0.1:53270"), 4}},  // NoSelf
      {"020100000000000000000000000000000001d02600000002", {MessageType::error, ep("[::1]:53286"), 2}},
  };
  for (const auto& v : recorded) {
    const auto decoded = decode_holepunch(hex(v.bytes));
    BOOST_TEST_REQUIRE(decoded.has_value(), v.bytes);
    BOOST_TEST((*decoded == v.message), v.bytes);
    // Ours is the BEP's layout: libtorrent's bytes, with err_code where it left it out.
    const auto ours = encode_holepunch(v.message);
    const auto theirs = hex(v.bytes);
    BOOST_TEST((std::vector<std::byte>(ours.begin(), ours.begin() + static_cast<std::ptrdiff_t>(theirs.size())) == theirs));
    BOOST_TEST(ours.size() == (v.message.endpoint.is_v4() ? kV4MessageSize : kV6MessageSize));
  }
  // And libtorrent took our 12-byte rendezvous (the same recording).
  BOOST_TEST((encode_holepunch({MessageType::rendezvous, ep("127.0.0.1:53286"), 0}) == hex("00007f000001d02600000000")));
}

BOOST_AUTO_TEST_CASE(error_codes_have_their_bep_55_names) {
  BOOST_TEST(describe_error(1) == "NoSuchPeer");
  BOOST_TEST(describe_error(2) == "NotConnected");
  BOOST_TEST(describe_error(3) == "NoSupport");
  BOOST_TEST(describe_error(4) == "NoSelf");
  BOOST_TEST(describe_error(9) == "error 9");
}

BOOST_AUTO_TEST_SUITE_END()
