// The uTP packet codec (BEP 29): the header's bit layout byte for byte, the selective ack's
// bit order, round trips, the extension chain, one test per class of bad datagram with
// each bound at its limit and one past it, the demultiplexer's test and seq_before.
#include <boost/test/unit_test.hpp>

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "utp_limits.hpp"
#include "utp_packet.hpp"

namespace utp = corrent::transport_utp;
using Bytes = std::vector<std::uint8_t>;

namespace {

// A header with a distinct value in every byte, so a field written to the wrong offset or
// in the wrong byte order shows.
utp::PacketHeader sample_header(utp::PacketType type = utp::PacketType::data) {
  utp::PacketHeader h;
  h.type = type;
  h.connection_id = 0x1234;
  h.timestamp_us = 0x01020304;
  h.timestamp_diff_us = 0x05060708;
  h.wnd_size = 0x090a0b0c;
  h.seq_nr = 0x0d0e;
  h.ack_nr = 0x0f10;
  return h;
}

// The 20 bytes of sample_header(), written by hand from BEP 29's diagram.
Bytes header_bytes(std::uint8_t type_ver = 0x01, std::uint8_t extension = 0) {
  return {type_ver, extension, 0x12, 0x34, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06,
          0x07,     0x08,      0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10};
}

void append(Bytes& out, std::initializer_list<std::uint8_t> bytes) { out.insert(out.end(), bytes); }

// Appends an extension body of `length` bytes, each `fill`, preceded by (next, length).
void append_extension(Bytes& out, std::uint8_t next, std::size_t length, std::uint8_t fill = 0xa5) {
  out.push_back(next);
  out.push_back(static_cast<std::uint8_t>(length));
  out.insert(out.end(), length, fill);
}

utp::PacketErrc decode_error(const Bytes& bytes) {
  const auto decoded = utp::decode_packet(bytes);
  BOOST_REQUIRE(!decoded);
  BOOST_REQUIRE(decoded.error().category() == utp::packet_category());
  return static_cast<utp::PacketErrc>(decoded.error().value());
}

Bytes encode(const utp::PacketHeader& h, const Bytes& sack, const Bytes& payload) {
  Bytes out(utp::encoded_size(sack.size(), payload.size()));
  BOOST_REQUIRE_EQUAL(utp::encode_packet(h, sack, payload, out), out.size());
  return out;
}

// BEP 29: bit i of the mask (byte i / 8, least significant bit first) is ack_nr + 2 + i.
bool sack_says_received(std::span<const std::uint8_t> sack, std::uint16_t ack_nr, std::uint16_t seq) {
  const auto i = static_cast<std::uint16_t>(seq - ack_nr - 2);
  return i / 8u < sack.size() && (sack[i / 8u] & (1u << (i % 8u))) != 0;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(utp_packet)

BOOST_AUTO_TEST_CASE(header_is_written_as_bep_29_draws_it) {
  const Bytes out = encode(sample_header(utp::PacketType::syn), {}, {});
  BOOST_TEST(out == header_bytes(0x41), boost::test_tools::per_element());  // type 4 high, version 1 low
  BOOST_TEST(utp::encoded_size(0, 0) == utp::kHeaderSize);
  BOOST_TEST(utp::encoded_size(4, 10) == utp::kHeaderSize + 2 + 4 + 10);
}

BOOST_AUTO_TEST_CASE(hand_written_header_decodes_field_by_field) {
  Bytes bytes = header_bytes(0x21);  // state
  append(bytes, {'h', 'i'});
  const auto p = utp::decode_packet(bytes);
  BOOST_REQUIRE(p);
  BOOST_TEST((p->header == sample_header(utp::PacketType::state)));
  BOOST_TEST(p->sack.empty());
  BOOST_REQUIRE_EQUAL(p->payload.size(), 2u);
  BOOST_TEST(p->payload.data() == bytes.data() + 20);  // borrowed, not copied
}

BOOST_AUTO_TEST_CASE(every_type_round_trips_with_and_without_sack_and_payload) {
  const Bytes sack{0x01, 0x80, 0x00, 0xff};
  const Bytes payload{1, 2, 3, 4, 5, 6, 7};
  for (std::uint8_t t = 0; t <= 4; ++t) {
    const auto h = sample_header(static_cast<utp::PacketType>(t));
    for (const Bytes* s : {&sack, static_cast<const Bytes*>(nullptr)}) {
      const Bytes want_sack = s ? *s : Bytes{};
      const Bytes out = encode(h, want_sack, payload);
      const auto p = utp::decode_packet(out);
      BOOST_REQUIRE(p);
      BOOST_TEST((p->header == h));
      BOOST_TEST(Bytes(p->sack.begin(), p->sack.end()) == want_sack, boost::test_tools::per_element());
      BOOST_TEST(Bytes(p->payload.begin(), p->payload.end()) == payload, boost::test_tools::per_element());
    }
  }
}

BOOST_AUTO_TEST_CASE(selective_ack_bits_are_laid_out_as_bep_29_says) {
  // ack_nr 0x0f10; received: ack_nr + 2 (bit 0 of byte 0), ack_nr + 9 (bit 7 of byte 0),
  // ack_nr + 10 (bit 0 of byte 1) and ack_nr + 33 (bit 7 of byte 3, the last).
  const Bytes sack{0x81, 0x01, 0x00, 0x80};
  const Bytes out = encode(sample_header(), sack, {0xee});
  Bytes want = header_bytes(0x01, utp::kExtensionSelectiveAck);
  append(want, {0x00, 0x04, 0x81, 0x01, 0x00, 0x80, 0xee});  // next: none, length 4, mask, payload
  BOOST_TEST(out == want, boost::test_tools::per_element());

  const auto p = utp::decode_packet(want);
  BOOST_REQUIRE(p);
  const std::uint16_t ack = p->header.ack_nr;
  for (int i = 2; i < 2 + 32; ++i) {
    const auto seq = static_cast<std::uint16_t>(ack + i);
    const bool want_bit = i == 2 || i == 9 || i == 10 || i == 33;
    BOOST_TEST(sack_says_received(p->sack, ack, seq) == want_bit, "ack_nr + " << i);
  }
}

BOOST_AUTO_TEST_CASE(too_short) {
  BOOST_TEST((decode_error({}) == utp::PacketErrc::too_short));
  Bytes bytes = header_bytes();
  bytes.pop_back();
  BOOST_TEST((decode_error(bytes) == utp::PacketErrc::too_short));
}

BOOST_AUTO_TEST_CASE(bad_version) {
  for (const std::uint8_t type_ver : {0x00, 0x02, 0x0f, 0x10, 0x42}) {
    BOOST_TEST((decode_error(header_bytes(type_ver)) == utp::PacketErrc::bad_version), int{type_ver});
  }
}

BOOST_AUTO_TEST_CASE(bad_type) {
  for (int type = 5; type <= 15; ++type) {
    BOOST_TEST((decode_error(header_bytes(static_cast<std::uint8_t>(type << 4 | 1))) == utp::PacketErrc::bad_type),
               type);
  }
}

BOOST_AUTO_TEST_CASE(truncated_extension) {
  Bytes no_room = header_bytes(0x01, 1);  // a selective ack announced, nothing after
  BOOST_TEST((decode_error(no_room) == utp::PacketErrc::truncated_extension));
  Bytes half = header_bytes(0x01, 1);
  append(half, {0x00});  // next, without the length
  BOOST_TEST((decode_error(half) == utp::PacketErrc::truncated_extension));
  Bytes short_body = header_bytes(0x01, 1);
  append(short_body, {0x00, 0x08, 1, 2, 3, 4});  // 8 announced, 4 present
  BOOST_TEST((decode_error(short_body) == utp::PacketErrc::truncated_extension));
  Bytes chain = header_bytes(0x01, 2);
  append_extension(chain, 1, 4);  // a close reason, then a selective ack that is missing
  BOOST_TEST((decode_error(chain) == utp::PacketErrc::truncated_extension));
}

BOOST_AUTO_TEST_CASE(bad_sack_length) {
  for (const std::size_t length : {std::size_t{0}, utp::kMaxSackBytes + 1, utp::kMaxSackBytes + 4}) {
    Bytes bytes = header_bytes(0x01, utp::kExtensionSelectiveAck);
    append_extension(bytes, 0, length);
    BOOST_TEST((decode_error(bytes) == utp::PacketErrc::bad_sack_length), length);
  }
}

// libtorrent sends the bitmask bytes it needs, 1 or 2 as often as 4 (seen on loopback):
// BEP 29's "multiple of 4" holds for what we send only.
BOOST_AUTO_TEST_CASE(a_sack_of_any_length_up_to_the_limit_decodes) {
  for (const std::size_t length : {std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{6}}) {
    Bytes bytes = header_bytes(0x01, utp::kExtensionSelectiveAck);
    append_extension(bytes, 0, length, 0x01);
    const auto p = utp::decode_packet(bytes);
    BOOST_REQUIRE(p);
    BOOST_TEST(p->sack.size() == length);
  }
}

BOOST_AUTO_TEST_CASE(sack_at_the_limit_decodes_and_one_word_more_does_not) {
  BOOST_TEST(utp::kMaxSackBytes == 128u);
  Bytes at_limit = header_bytes(0x01, utp::kExtensionSelectiveAck);
  append_extension(at_limit, 0, utp::kMaxSackBytes, 0xff);
  const auto p = utp::decode_packet(at_limit);
  BOOST_REQUIRE(p);
  BOOST_TEST(p->sack.size() == utp::kMaxSackBytes);
  BOOST_TEST(p->payload.empty());
  BOOST_TEST(sack_says_received(p->sack, p->header.ack_nr, static_cast<std::uint16_t>(p->header.ack_nr + 1025)));

  Bytes past = header_bytes(0x01, utp::kExtensionSelectiveAck);
  append_extension(past, 0, utp::kMaxSackBytes + 4, 0xff);
  BOOST_TEST((decode_error(past) == utp::PacketErrc::bad_sack_length));
}

BOOST_AUTO_TEST_CASE(extension_chain_at_the_limit_decodes_and_one_more_does_not) {
  // kMaxExtensions unknown extensions (type 9), the last ending the chain.
  const auto chain = [](std::size_t count) {
    Bytes bytes = header_bytes(0x01, 9);
    for (std::size_t i = 0; i < count; ++i) append_extension(bytes, i + 1 == count ? 0 : 9, 2);
    append(bytes, {'p'});
    return bytes;
  };
  const Bytes at_limit = chain(utp::kMaxExtensions);
  const auto p = utp::decode_packet(at_limit);
  BOOST_REQUIRE(p);
  BOOST_TEST(p->sack.empty());
  BOOST_REQUIRE_EQUAL(p->payload.size(), 1u);
  BOOST_TEST(p->payload[0] == 'p');
  BOOST_TEST((decode_error(chain(utp::kMaxExtensions + 1)) == utp::PacketErrc::too_many_extensions));
}

BOOST_AUTO_TEST_CASE(unknown_extension_is_skipped) {
  // libtorrent's close reason (type 2, 4 bytes), then a selective ack, then the payload.
  Bytes bytes = header_bytes(0x01, 2);
  append(bytes, {utp::kExtensionSelectiveAck, 4, 0xde, 0xad, 0xbe, 0xef});
  append(bytes, {0, 4, 0x03, 0, 0, 0});
  append(bytes, {'x', 'y'});
  const auto p = utp::decode_packet(bytes);
  BOOST_REQUIRE(p);
  BOOST_TEST(Bytes(p->sack.begin(), p->sack.end()) == (Bytes{0x03, 0, 0, 0}), boost::test_tools::per_element());
  BOOST_TEST(Bytes(p->payload.begin(), p->payload.end()) == (Bytes{'x', 'y'}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_second_sack_replaces_the_first) {
  Bytes bytes = header_bytes(0x01, utp::kExtensionSelectiveAck);
  append(bytes, {utp::kExtensionSelectiveAck, 4, 1, 1, 1, 1});
  append(bytes, {0, 8, 2, 2, 2, 2, 2, 2, 2, 2});
  const auto p = utp::decode_packet(bytes);
  BOOST_REQUIRE(p);
  BOOST_TEST(Bytes(p->sack.begin(), p->sack.end()) == Bytes(8, 2), boost::test_tools::per_element());
  BOOST_TEST(p->payload.empty());
}

BOOST_AUTO_TEST_CASE(encode_refuses_a_small_buffer_and_a_sack_decode_would_refuse) {
  const Bytes payload{1, 2, 3};
  Bytes out(utp::encoded_size(4, payload.size()) - 1, 0x77);
  BOOST_TEST(utp::encode_packet(sample_header(), Bytes{0, 0, 0, 0}, payload, out) == 0u);
  BOOST_TEST(out == Bytes(out.size(), 0x77), boost::test_tools::per_element());  // nothing written
  Bytes big(256);
  BOOST_TEST(utp::encode_packet(sample_header(), Bytes{0, 0, 0}, payload, big) == 0u);
  BOOST_TEST(utp::encode_packet(sample_header(), Bytes(utp::kMaxSackBytes + 4), payload, big) == 0u);
  BOOST_TEST(utp::encode_packet(sample_header(), Bytes(utp::kMaxSackBytes), payload, big) ==
             utp::encoded_size(utp::kMaxSackBytes, payload.size()));
}

BOOST_AUTO_TEST_CASE(looks_like_utp_accepts_every_type_and_rejects_dht_and_trackers) {
  for (std::uint8_t t = 0; t <= 4; ++t) {
    BOOST_TEST(utp::looks_like_utp(encode(sample_header(static_cast<utp::PacketType>(t)), {}, {})), int{t});
  }
  Bytes sixteen = header_bytes(0x41);
  sixteen.resize(16);
  BOOST_TEST(!utp::looks_like_utp(sixteen));
  BOOST_TEST(!utp::looks_like_utp(header_bytes(0x51)));  // type 5
  BOOST_TEST(!utp::looks_like_utp(header_bytes(0x02)));  // version 2

  constexpr std::string_view krpc = "d1:ad2:id20:abcdefghij0123456789e1:q4:ping1:t2:aa1:y1:qe";
  const Bytes dht(krpc.begin(), krpc.end());
  BOOST_TEST(!utp::looks_like_utp(dht));
  BOOST_TEST(!utp::decode_packet(dht));
  // UDP tracker replies (BEP 15): a big-endian action 0..3 first, so the first byte is 0.
  Bytes connect_reply{0, 0, 0, 0, 0x12, 0x34, 0x56, 0x78, 1, 2, 3, 4, 5, 6, 7, 8};
  BOOST_TEST(!utp::looks_like_utp(connect_reply));
  Bytes announce_reply{0, 0, 0, 1, 0x12, 0x34, 0x56, 0x78, 0, 0, 0x07, 0x08, 0, 0, 0, 3, 0, 0, 0, 9};
  announce_reply.insert(announce_reply.end(), {127, 0, 0, 1, 0x1a, 0xe1});
  BOOST_TEST(!utp::looks_like_utp(announce_reply));
  BOOST_TEST(!utp::decode_packet(announce_reply));
}

BOOST_AUTO_TEST_CASE(seq_before_wraps_at_2_to_the_16) {
  BOOST_TEST(utp::seq_before(1, 2));
  BOOST_TEST(!utp::seq_before(2, 1));
  BOOST_TEST(!utp::seq_before(7, 7));
  BOOST_TEST(utp::seq_before(0xffff, 0));
  BOOST_TEST(utp::seq_before(0xfff0, 0x0010));
  BOOST_TEST(!utp::seq_before(0x0010, 0xfff0));
  BOOST_TEST(utp::seq_before(0, 0x7fff));   // half the space minus one ahead: after
  BOOST_TEST(!utp::seq_before(0, 0x8000));  // half the space apart: neither is before
  BOOST_TEST(!utp::seq_before(0x8000, 0));
  BOOST_TEST(utp::seq_before(0x8001, 0));   // 0 is 0x7fff past 0x8001
  static_assert(utp::seq_before(0xfffe, 1));
}

BOOST_AUTO_TEST_CASE(errors_have_the_utp_packet_category) {
  const std::error_code ec = utp::PacketErrc::bad_sack_length;
  BOOST_TEST(std::string_view(ec.category().name()) == "utp_packet");
  BOOST_TEST(ec.message().find("selective ack") != std::string::npos);
  BOOST_TEST(ec == utp::make_error_code(utp::PacketErrc::bad_sack_length));
  BOOST_TEST(ec != utp::make_error_code(utp::PacketErrc::too_short));
}

BOOST_AUTO_TEST_SUITE_END()
