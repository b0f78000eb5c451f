#include <boost/test/unit_test.hpp>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "corrent/wire/codec.hpp"
#include "corrent/wire/errc.hpp"
#include "wire_test_util.hpp"

namespace {

using namespace corrent::wire;
using corrent::PieceIndex;
using wire_test::body;
using wire_test::bytes;

/// encode(m), then the body must decode back to m and re-encode to the same bytes.
void check_round_trip(const Message& m) {
  std::vector<std::byte> out;
  encode(m, out);
  BOOST_TEST_CONTEXT("message " << message_name(m)) {
    BOOST_TEST(out.size() == encoded_size(m));
    const std::uint32_t length = (std::to_integer<std::uint32_t>(out[0]) << 24) |
                                 (std::to_integer<std::uint32_t>(out[1]) << 16) |
                                 (std::to_integer<std::uint32_t>(out[2]) << 8) |
                                 std::to_integer<std::uint32_t>(out[3]);
    BOOST_TEST(length + 4 == out.size());
    const auto decoded = decode_message(std::span(out).subspan(4));
    BOOST_REQUIRE(decoded.has_value());
    BOOST_TEST((*decoded == m));
    std::vector<std::byte> again;
    encode(*decoded, again);
    BOOST_TEST((again == out));
  }
}

/// The error decode_message() gives for `b` (none when it decodes).
std::error_code decode_error(const std::vector<std::byte>& b) {
  const auto r = decode_message(b);
  return r ? std::error_code{} : r.error().code;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(wire_codec)

BOOST_AUTO_TEST_CASE(every_message_type_round_trips) {
  const auto block = wire_test::bytes_of("some block bytes");
  const auto bits = bytes({0xff, 0x80});
  const auto payload = wire_test::bytes_of("d1:ai1ee");
  const std::vector<Message> all = {
      KeepAlive{}, Choke{}, Unchoke{}, Interested{}, NotInterested{},
      Have{PieceIndex{0xdeadbeef}}, Bitfield{bits}, Bitfield{},
      Request{PieceIndex{7}, 16384, 16384}, Piece{PieceIndex{3}, 32768, block},
      Piece{PieceIndex{3}, 0, {}}, Cancel{PieceIndex{1}, 2, 3}, Port{6881}, Port{65535},
      Suggest{PieceIndex{42}}, HaveAll{}, HaveNone{}, Reject{PieceIndex{9}, 0, 100},
      AllowedFast{PieceIndex{1312}}, Extended{0, payload}, Extended{255, {}},
  };
  for (const auto& m : all) check_round_trip(m);
}

BOOST_AUTO_TEST_CASE(known_encodings) {
  std::vector<std::byte> out;
  encode(KeepAlive{}, out);
  BOOST_TEST((out == bytes({0, 0, 0, 0})));
  out.clear();
  encode(Have{PieceIndex{0x01020304}}, out);
  BOOST_TEST((out == bytes({0, 0, 0, 5, 4, 1, 2, 3, 4})));
  out.clear();
  encode(Port{0x1ae1}, out);
  BOOST_TEST((out == bytes({0, 0, 0, 3, 9, 0x1a, 0xe1})));
  out.clear();
  encode(HaveAll{}, out);
  BOOST_TEST((out == bytes({0, 0, 0, 1, 14})));
  out.clear();
  encode(Request{PieceIndex{1}, 2, 3}, out);
  BOOST_TEST((out == bytes({0, 0, 0, 13, 6, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3})));
}

BOOST_AUTO_TEST_CASE(decoded_payloads_borrow_the_body) {
  auto b = body(7, {5, 16});
  b.push_back(std::byte{0xab});
  const auto m = decode_message(b);
  BOOST_REQUIRE(m.has_value());
  const auto& piece = std::get<Piece>(*m);
  BOOST_TEST(piece.block.data() == b.data() + 9);  // no copy
  BOOST_TEST(piece.block.size() == 1u);
}

BOOST_AUTO_TEST_CASE(piece_header_matches_the_full_encoding) {
  const auto block = wire_test::bytes_of("0123456789");
  std::vector<std::byte> full;
  encode(Piece{PieceIndex{77}, 1024, block}, full);
  const auto header = encode_piece_header(PieceIndex{77}, 1024, static_cast<std::uint32_t>(block.size()));
  BOOST_TEST(std::equal(header.begin(), header.end(), full.begin()));
  BOOST_TEST(full.size() == header.size() + block.size());
}

BOOST_AUTO_TEST_CASE(extended_header_matches_the_full_encoding) {
  const auto payload = wire_test::bytes_of("d1:xi1ee");
  std::vector<std::byte> full;
  encode(Extended{3, payload}, full);
  const auto header = encode_extended_header(3, static_cast<std::uint32_t>(payload.size()));
  BOOST_TEST(std::equal(header.begin(), header.end(), full.begin()));
  BOOST_TEST(full.size() == header.size() + payload.size());
}

BOOST_AUTO_TEST_CASE(fixed_size_messages_reject_any_other_length) {
  const std::error_code bad = errc::bad_message_length;
  // id -> the one valid body size.
  const std::vector<std::pair<int, std::size_t>> sizes = {
      {0, 1}, {1, 1}, {2, 1}, {3, 1}, {4, 5}, {6, 13}, {8, 13}, {9, 3},
      {13, 5}, {14, 1}, {15, 1}, {16, 13}, {17, 5}};
  for (const auto& [id, size] : sizes) {
    BOOST_TEST_CONTEXT("id " << id) {
      std::vector<std::byte> b(size, std::byte{0});
      b[0] = static_cast<std::byte>(id);
      BOOST_TEST(decode_error(b) == std::error_code{});
      b.push_back(std::byte{0});  // one byte too long
      BOOST_TEST(decode_error(b) == bad);
      if (size > 1) {  // one byte short (a bare id cannot be: empty is a keep-alive)
        b.resize(size - 1);
        BOOST_TEST(decode_error(b) == bad);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(variable_messages_need_their_headers) {
  const std::error_code bad = errc::bad_message_length;
  BOOST_TEST(decode_error(bytes({5})) == std::error_code{});             // empty bitfield
  BOOST_TEST(decode_error(bytes({7, 0, 0, 0, 0, 0, 0, 0, 0})) == std::error_code{});
  BOOST_TEST(decode_error(bytes({7, 0, 0, 0, 0, 0, 0, 0})) == bad);      // piece: 8 bytes
  BOOST_TEST(decode_error(bytes({20, 0})) == std::error_code{});
  BOOST_TEST(decode_error(bytes({20})) == bad);                          // no extended id
}

BOOST_AUTO_TEST_CASE(unknown_ids_are_a_distinct_error) {
  for (const int id : {10, 11, 12, 18, 19, 21, 22, 23, 100, 255}) {
    const auto r = decode_message(bytes({id, 1, 2, 3}));
    BOOST_REQUIRE(!r.has_value());
    BOOST_TEST(r.error().code == std::error_code(errc::unknown_message));
    BOOST_TEST(r.error().offset == 0u);
  }
  BOOST_TEST(std::error_code(errc::unknown_message).category().name() == std::string("corrent.wire"));
}

BOOST_AUTO_TEST_CASE(empty_body_is_keep_alive) {
  const auto r = decode_message({});
  BOOST_REQUIRE(r.has_value());
  BOOST_TEST(std::holds_alternative<KeepAlive>(*r));
}

BOOST_AUTO_TEST_CASE(names_for_logs) {
  BOOST_TEST(message_name(KeepAlive{}) == "keep-alive");
  BOOST_TEST(message_name(NotInterested{}) == "not interested");
  BOOST_TEST(message_name(AllowedFast{}) == "allowed fast");
  BOOST_TEST(message_name(Extended{}) == "extended");
}

BOOST_AUTO_TEST_SUITE_END()
