#include <boost/test/unit_test.hpp>

#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

#include "corrent/wire/codec.hpp"
#include "corrent/wire/framer.hpp"
#include "corrent/wire/limits.hpp"
#include "corrent/wire/recv_buffer.hpp"
#include "wire_test_util.hpp"

namespace {

using namespace corrent::wire;
using corrent::PieceIndex;

/// A stream of many messages of every size class, and the messages in it.
std::vector<std::byte> sample_stream(std::vector<Message>& messages,
                                     const std::vector<std::byte>& block) {
  messages = {KeepAlive{}, Interested{}, Have{PieceIndex{1}}, Request{PieceIndex{2}, 0, 16384},
              Piece{PieceIndex{2}, 0, block}, KeepAlive{}, Port{6881}, Extended{1, block},
              Unchoke{}, Piece{PieceIndex{3}, 16384, block}};
  std::vector<std::byte> stream;
  for (const auto& m : messages) encode(m, stream);
  return stream;
}

/// Feeds `stream` through a RecvBuffer in chunks from `next_chunk`, framing and decoding
/// as a connection would; returns the decoded messages re-encoded.
template <class NextChunk>
std::vector<std::byte> run_stream(const std::vector<std::byte>& stream, NextChunk next_chunk) {
  RecvBuffer buf;
  Framer framer;
  std::vector<std::byte> reencoded;
  std::size_t fed = 0;
  while (fed < stream.size()) {
    const auto space = buf.free_space();
    const std::size_t n = std::min({next_chunk(), space.size(), stream.size() - fed});
    std::copy_n(stream.begin() + static_cast<std::ptrdiff_t>(fed), n, space.begin());
    buf.commit(n);
    fed += n;
    while (true) {
      auto frame = framer.next(buf.data());
      BOOST_REQUIRE(frame.has_value());
      if (!*frame) {
        BOOST_TEST(framer.bytes_needed() > 0u);
        break;
      }
      const auto msg = decode_message((*frame)->body);
      BOOST_REQUIRE(msg.has_value());
      encode(*msg, reencoded);
      buf.consume((*frame)->consumed);
    }
  }
  BOOST_TEST(buf.empty());
  return reencoded;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(wire_framer)

BOOST_AUTO_TEST_CASE(byte_by_byte) {
  std::vector<Message> messages;
  const std::vector<std::byte> block(16384, std::byte{0x5a});
  const auto stream = sample_stream(messages, block);
  BOOST_TEST((run_stream(stream, [] { return std::size_t{1}; }) == stream));
}

BOOST_AUTO_TEST_CASE(random_chunk_sizes) {
  std::vector<Message> messages;
  const std::vector<std::byte> block(16384, std::byte{0x33});
  const auto stream = sample_stream(messages, block);
  for (unsigned seed = 1; seed <= 20; ++seed) {
    std::mt19937 rng(seed);
    std::uniform_int_distribution<std::size_t> size(1, 40000);
    BOOST_TEST((run_stream(stream, [&] { return size(rng); }) == stream));
  }
}

BOOST_AUTO_TEST_CASE(many_messages_in_one_buffer) {
  std::vector<Message> messages;
  const std::vector<std::byte> block(100, std::byte{1});
  const auto stream = sample_stream(messages, block);
  Framer framer;
  std::span<const std::byte> rest(stream);
  std::size_t count = 0;
  while (true) {
    const auto frame = framer.next(rest);
    BOOST_REQUIRE(frame.has_value());
    if (!*frame) break;
    const auto msg = decode_message((*frame)->body);
    BOOST_REQUIRE(msg.has_value());
    BOOST_REQUIRE(count < messages.size());
    BOOST_TEST((*msg == messages[count]));
    rest = rest.subspan((*frame)->consumed);
    ++count;
  }
  BOOST_TEST(count == messages.size());
  BOOST_TEST(rest.empty());
  BOOST_TEST(framer.bytes_needed() == 4u);  // the next length prefix
}

BOOST_AUTO_TEST_CASE(bytes_needed_counts_what_is_missing) {
  Framer framer;
  const auto whole = wire_test::framed(wire_test::body(4, {7}));  // 9 bytes
  for (std::size_t have = 0; have < whole.size(); ++have) {
    const auto r = framer.next(std::span(whole).first(have));
    BOOST_REQUIRE(r.has_value());
    BOOST_TEST(!r->has_value());
    // First the rest of the length prefix, then the rest of the body.
    BOOST_TEST(framer.bytes_needed() == (have < 4 ? 4 - have : whole.size() - have));
  }
  const auto r = framer.next(whole);
  BOOST_REQUIRE(r.has_value());
  BOOST_REQUIRE(r->has_value());
  BOOST_TEST((*r)->consumed == whole.size());
  BOOST_TEST(framer.bytes_needed() == 0u);
}

BOOST_AUTO_TEST_CASE(length_at_the_maximum_is_accepted) {
  Framer framer(100);
  std::vector<std::byte> b;
  wire_test::put_u32(b, 100);
  const auto r = framer.next(b);
  BOOST_REQUIRE(r.has_value());
  BOOST_TEST(!r->has_value());
  BOOST_TEST(framer.bytes_needed() == 100u);
}

BOOST_AUTO_TEST_CASE(oversize_length_rejected_after_exactly_four_bytes) {
  Framer framer;  // 1 MiB
  std::vector<std::byte> b;
  wire_test::put_u32(b, kDefaultMaxMessageLength + 1);
  for (std::size_t have = 0; have < 4; ++have) {
    const auto r = framer.next(std::span(b).first(have));
    BOOST_REQUIRE(r.has_value());  // cannot tell yet
  }
  const auto r = framer.next(b);
  BOOST_REQUIRE(!r.has_value());
  BOOST_TEST(r.error().code == std::error_code(errc::message_too_long));
  BOOST_TEST(r.error().offset == 0u);

  std::vector<std::byte> at_limit;
  wire_test::put_u32(at_limit, kDefaultMaxMessageLength);
  BOOST_TEST(framer.next(at_limit).has_value());
}

BOOST_AUTO_TEST_CASE(max_message_length_fits_large_bitfields) {
  BOOST_TEST(max_message_length(0) == kDefaultMaxMessageLength);
  BOOST_TEST(max_message_length(0x200000) == kDefaultMaxMessageLength);
  // 8 Mi pieces need 1 MiB of bits, plus the id byte.
  BOOST_TEST(max_message_length(8u * 1024 * 1024) == kDefaultMaxMessageLength + 1);
  BOOST_TEST(max_message_length(8u * 1024 * 1024 + 1) == kDefaultMaxMessageLength + 2);
  BOOST_TEST(max_message_length(8u * 1024 * 1024 - 8) == kDefaultMaxMessageLength);
  Framer framer(max_message_length(8u * 1024 * 1024));
  std::vector<std::byte> b;
  wire_test::put_u32(b, kDefaultMaxMessageLength + 1);
  BOOST_TEST(framer.next(b).has_value());
  framer.set_max_message_length(kDefaultMaxMessageLength);
  BOOST_TEST(!framer.next(b).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
