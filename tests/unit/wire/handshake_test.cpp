#include <boost/test/unit_test.hpp>

#include <cstddef>
#include <vector>

#include "corrent/wire/allowed_fast.hpp"
#include "corrent/wire/handshake.hpp"
#include "wire_test_util.hpp"

namespace {

using namespace corrent::wire;
using corrent::PeerId;
using corrent::PieceIndex;
using corrent::metainfo::InfoHash;

Handshake sample() {
  Handshake h;
  for (std::size_t i = 0; i < 20; ++i) {
    h.info_hash.bytes[i] = static_cast<std::uint8_t>(i + 1);
    h.peer_id.bytes[i] = static_cast<std::uint8_t>(0xa0 + i);
  }
  h.reserved.set_extension_protocol(true);
  h.reserved.set_fast(true);
  return h;
}

std::error_code head_error(const std::vector<std::byte>& b) {
  const auto r = decode_handshake_head(b);
  return r ? std::error_code{} : r.error().code;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(wire_handshake)

BOOST_AUTO_TEST_CASE(reserved_bits_sit_where_the_beps_say) {
  Reserved r;
  r.set_dht(true);
  BOOST_TEST(std::to_integer<int>(r.bytes[7]) == 0x01);
  r.set_fast(true);
  BOOST_TEST(std::to_integer<int>(r.bytes[7]) == 0x05);
  r.set_extension_protocol(true);
  BOOST_TEST(std::to_integer<int>(r.bytes[5]) == 0x10);
  BOOST_TEST((r.dht() && r.fast() && r.extension_protocol()));
  r.set_dht(false);
  BOOST_TEST(!r.dht());
  BOOST_TEST(r.fast());
  BOOST_TEST(std::to_integer<int>(r.bytes[7]) == 0x04);
}

BOOST_AUTO_TEST_CASE(encodes_68_bytes_and_decodes_back) {
  const Handshake h = sample();
  const auto wire = encode_handshake(h);
  BOOST_TEST(std::to_integer<int>(wire[0]) == 19);
  BOOST_TEST(std::string(reinterpret_cast<const char*>(wire.data()) + 1, 19) == "BitTorrent protocol");
  BOOST_TEST(std::to_integer<int>(wire[25]) == 0x10);  // reserved[5]
  BOOST_TEST(std::to_integer<int>(wire[28]) == 1);     // info-hash starts at 28
  BOOST_TEST(std::to_integer<int>(wire[48]) == 0xa0);  // peer id starts at 48
  const auto back = decode_handshake(wire);
  BOOST_REQUIRE(back.has_value());
  BOOST_TEST((*back == h));
}

BOOST_AUTO_TEST_CASE(head_then_peer_id) {
  const Handshake h = sample();
  const auto wire = encode_handshake(h);
  const auto head = decode_handshake_head(std::span(wire).first(kHandshakeHeadLength));
  BOOST_REQUIRE(head.has_value());
  BOOST_TEST((head->info_hash == h.info_hash));
  BOOST_TEST((head->reserved == h.reserved));
  const auto id = decode_peer_id(std::span(wire).subspan(kHandshakeHeadLength));
  BOOST_REQUIRE(id.has_value());
  BOOST_TEST((*id == h.peer_id));
}

BOOST_AUTO_TEST_CASE(truncated_input) {
  const auto wire = encode_handshake(sample());
  const std::error_code truncated = errc::truncated;
  BOOST_TEST(head_error({}) == truncated);
  const auto head = decode_handshake_head(std::span(wire).first(kHandshakeHeadLength - 1));
  BOOST_REQUIRE(!head.has_value());
  BOOST_TEST(head.error().code == truncated);
  BOOST_TEST(head.error().offset == kHandshakeHeadLength - 1);
  BOOST_TEST(!decode_peer_id(std::span(wire).subspan(kHandshakeHeadLength + 1)).has_value());
  BOOST_TEST(!decode_handshake(std::span(wire).first(kHandshakeLength - 1)).has_value());
}

BOOST_AUTO_TEST_CASE(bad_protocol_strings) {
  auto wire = encode_handshake(sample());
  std::vector<std::byte> b(wire.begin(), wire.end());
  b[0] = std::byte{18};
  BOOST_TEST(head_error(b) == std::error_code(errc::bad_protocol_length));
  b[0] = std::byte{19};
  b[11] = std::byte{'p'};  // "BitTorrent protocol" -> "BitTorrentpprotocol"
  const auto r = decode_handshake_head(b);
  BOOST_REQUIRE(!r.has_value());
  BOOST_TEST(r.error().code == std::error_code(errc::bad_protocol_string));
  BOOST_TEST(r.error().offset == 11u);
  // An HTTP request is recognised as wrong from its first byte.
  BOOST_TEST(head_error(wire_test::bytes_of("GET / HTTP/1.1\r\n")) ==
             std::error_code(errc::bad_protocol_length));
  // A wrong protocol string is reported before the head is complete.
  const auto partial = wire_test::bytes_of("\x13" "BitTorrent Protocol");
  BOOST_TEST(head_error(partial) == std::error_code(errc::bad_protocol_string));
  BOOST_TEST(head_error(wire_test::bytes_of("\x13" "BitTorrent")) == std::error_code(errc::truncated));
}

BOOST_AUTO_TEST_CASE(unknown_reserved_bits_are_kept) {
  Handshake h = sample();
  h.reserved.bytes[0] = std::byte{0x80};
  const auto back = decode_handshake(encode_handshake(h));
  BOOST_REQUIRE(back.has_value());
  BOOST_TEST(std::to_integer<int>(back->reserved.bytes[0]) == 0x80);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(wire_allowed_fast)

// The example of BEP 6: info-hash of twenty 0xAA bytes, peer 80.4.4.200, 1313 pieces.
BOOST_AUTO_TEST_CASE(bep6_example_vectors) {
  InfoHash ih;
  ih.bytes.fill(0xaa);
  const auto to_ints = [](const std::vector<PieceIndex>& v) {
    std::vector<std::uint32_t> out;
    for (const auto p : v) out.push_back(p.value);
    return out;
  };
  const std::vector<std::uint32_t> seven = {1059, 431, 808, 1217, 287, 376, 1188};
  const std::vector<std::uint32_t> nine = {1059, 431, 808, 1217, 287, 376, 1188, 353, 508};
  BOOST_TEST(to_ints(allowed_fast_set(ih, {80, 4, 4, 200}, 1313, 7)) == seven);
  BOOST_TEST(to_ints(allowed_fast_set(ih, {80, 4, 4, 200}, 1313, 9)) == nine);
  // The address is masked to its /24.
  BOOST_TEST(to_ints(allowed_fast_set(ih, {80, 4, 4, 1}, 1313, 9)) == nine);
  BOOST_TEST(to_ints(allowed_fast_set(ih, {80, 4, 5, 200}, 1313, 9)) != nine);
}

BOOST_AUTO_TEST_CASE(small_torrents_and_zero) {
  InfoHash ih;
  ih.bytes.fill(0x11);
  BOOST_TEST(allowed_fast_set(ih, {10, 0, 0, 1}, 0, 10).empty());
  BOOST_TEST(allowed_fast_set(ih, {10, 0, 0, 1}, 100, 0).empty());
  // Fewer pieces than k: every piece, once each, and the loop ends.
  auto all = allowed_fast_set(ih, {10, 0, 0, 1}, 3, 10);
  BOOST_TEST(all.size() == 3u);
  std::sort(all.begin(), all.end());
  BOOST_TEST((all == std::vector<PieceIndex>{PieceIndex{0}, PieceIndex{1}, PieceIndex{2}}));
}

BOOST_AUTO_TEST_SUITE_END()
