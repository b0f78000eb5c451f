#pragma once
// The engine's side of a web seed stream, for tests: handshake, INTERESTED and REQUESTs
// written, whole messages read back.

#include <boost/test/unit_test.hpp>

#include <array>
#include <cstddef>
#include <vector>

#include "corrent/core/peer_id.hpp"
#include "corrent/core/result.hpp"
#include "corrent/core/task.hpp"
#include "corrent/metainfo/metainfo.hpp"
#include "corrent/net/stream.hpp"
#include "corrent/wire/codec.hpp"
#include "corrent/wire/handshake.hpp"
#include "corrent/wire/message.hpp"

namespace webseed_test {

using corrent::Result;
using corrent::Task;
namespace wire = corrent::wire;

// The engine's side: reads whole messages off the stream.
struct Engine {
  corrent::net::Stream& stream;
  std::vector<std::byte> buffer;

  Task<Result<std::vector<std::byte>>> read_exactly(std::size_t n) {
    while (buffer.size() < n) {
      std::array<std::byte, 4096> chunk{};
      auto got = co_await stream.read_some(chunk);
      if (!got) co_return tl::make_unexpected(got.error());
      buffer.insert(buffer.end(), chunk.begin(), chunk.begin() + static_cast<std::ptrdiff_t>(*got));
    }
    std::vector<std::byte> out(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(n));
    buffer.erase(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(n));
    co_return out;
  }
  // One message's body (after its length prefix).
  Task<Result<std::vector<std::byte>>> read_message() {
    auto prefix = co_await read_exactly(4);
    if (!prefix) co_return tl::make_unexpected(prefix.error());
    std::size_t length = 0;
    for (const auto b : *prefix) length = (length << 8) | std::to_integer<std::size_t>(b);
    co_return co_await read_exactly(length);
  }
  Task<Result<void>> send(const wire::Message& m) {
    std::vector<std::byte> bytes;
    wire::encode(m, bytes);
    co_return co_await stream.write_all(bytes);
  }
  // Handshakes, reads the BITFIELD, says INTERESTED and reads the UNCHOKE.
  Task<void> open(const corrent::metainfo::Metainfo& meta) {
    const auto theirs = co_await read_exactly(wire::kHandshakeLength);
    BOOST_TEST_REQUIRE(theirs.has_value());
    const auto hs = wire::decode_handshake(*theirs);
    BOOST_TEST_REQUIRE(hs.has_value());
    BOOST_TEST((hs->info_hash == meta.info_hash));
    const auto ours = wire::encode_handshake({wire::Reserved{}, meta.info_hash, corrent::make_peer_id()});
    const auto written = co_await stream.write_all(ours);
    BOOST_TEST_REQUIRE(written.has_value());
    const auto bitfield = co_await read_message();
    BOOST_TEST_REQUIRE(bitfield.has_value());
    BOOST_TEST_REQUIRE(bitfield->size() == 1 + (meta.layout.piece_count() + 7) / 8);
    BOOST_TEST((bitfield->front() == std::byte{5}));
    const auto interested = co_await send(wire::Interested{});
    BOOST_TEST_REQUIRE(interested.has_value());
    const auto unchoke = co_await read_message();
    BOOST_TEST_REQUIRE(unchoke.has_value());
    BOOST_TEST((*unchoke == std::vector<std::byte>{std::byte{1}}));
  }
};

}  // namespace webseed_test
