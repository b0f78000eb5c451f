// UtMetadataPeer against a fake peer and torrent: what it serves and refuses, how it
// fetches, and each way a peer's answers get it dropped.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include <asio/io_context.hpp>

#include "corrent/bencode/encode.hpp"
#include "corrent/engine/errc.hpp"
#include "corrent/net/task_group.hpp"
#include "errc.hpp"
#include "limits.hpp"
#include "metadata_message.hpp"
#include "support/fake_extension_host.hpp"
#include "support/run_coro.hpp"
#include "ut_metadata.hpp"

namespace um = corrent::ut_metadata;
using corrent::Result;
using corrent::Task;
using corrent::net::Endpoint;

namespace {

std::string text(std::span<const std::byte> b) { return {reinterpret_cast<const char*>(b.data()), b.size()}; }
std::span<const std::byte> bytes(const std::string& s) { return std::as_bytes(std::span(s.data(), s.size())); }

using FakeTorrent = corrent::test::FakeTorrentView;
using FakePeer = corrent::test::FakePeerContext;

corrent::wire::ExtensionHandshake offering(std::int64_t metadata_size) {
  corrent::wire::ExtensionHandshake h;
  h.m = {{"ut_metadata", 3}};
  h.metadata_size = metadata_size;
  return h;
}

std::string data_message(std::uint32_t piece, std::uint64_t total, const std::string& chunk) {
  return text(um::encode_data(piece, total, bytes(chunk)));
}

// Runs `io` until `done()` (bounded): run_coro may have left it stopped, so restart first.
bool pump_until(asio::io_context& io, const std::function<bool()>& done) {
  io.restart();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  while (!done() && std::chrono::steady_clock::now() < deadline) io.run_one_for(std::chrono::milliseconds(10));
  return done();
}

struct Fixture {
  asio::io_context io;
  FakeTorrent torrent;
  FakePeer peer{&torrent};
  um::UtMetadata extension{io.get_executor()};

  std::unique_ptr<corrent::ExtensionPeer> attach() { return extension.attach(peer); }
  Result<void> deliver(corrent::ExtensionPeer& p, const std::string& message) {
    return corrent::test::run_coro(io, p.on_message(bytes(message)));
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(ut_metadata_peer)

BOOST_FIXTURE_TEST_CASE(serves_each_piece_a_few_times_then_rejects, Fixture) {
  torrent.info = std::string(2 * um::kMetadataPieceSize + 500, 'i');
  auto p = attach();
  BOOST_REQUIRE(p);
  auto fields = corrent::bencode::Value::dict();
  p->add_handshake_fields(fields);
  BOOST_TEST(corrent::bencode::encode(fields) == "d13:metadata_sizei33268ee");

  BOOST_REQUIRE(deliver(*p, text(um::encode_request(2))));
  BOOST_REQUIRE(peer.sent.size() == 1u);
  BOOST_TEST(peer.sent[0] == data_message(2, torrent.info.size(), std::string(500, 'i')));
  BOOST_REQUIRE(deliver(*p, text(um::encode_request(3))));  // past the end
  BOOST_TEST(peer.sent.back() == text(um::encode_reject(3)));
  for (std::uint32_t i = 0; i < um::kMaxServedPerPiece; ++i) BOOST_REQUIRE(deliver(*p, text(um::encode_request(0))));
  BOOST_TEST(peer.sent.back().size() > um::kMetadataPieceSize);  // the last one served
  BOOST_REQUIRE(deliver(*p, text(um::encode_request(0))));       // one too many
  BOOST_TEST(peer.sent.back() == text(um::encode_reject(0)));
  BOOST_TEST(!peer.closed);
}

BOOST_FIXTURE_TEST_CASE(rejects_requests_while_it_has_no_metadata_itself, Fixture) {
  auto p = attach();
  BOOST_REQUIRE(p);
  auto fields = corrent::bencode::Value::dict();
  p->add_handshake_fields(fields);
  BOOST_TEST(corrent::bencode::encode(fields) == "de");  // no metadata_size to offer
  BOOST_REQUIRE(deliver(*p, text(um::encode_request(0))));
  BOOST_TEST(peer.sent == std::vector<std::string>{text(um::encode_reject(0))});
}

BOOST_FIXTURE_TEST_CASE(declines_private_torrents_and_connections_without_a_torrent, Fixture) {
  torrent.info = "d4:infoe";
  torrent.is_private_torrent = true;
  BOOST_TEST(!attach());  // BEP 27: not handed out
  FakePeer bare(nullptr);
  BOOST_TEST(!extension.attach(bare));
}

BOOST_FIXTURE_TEST_CASE(fetches_every_piece_and_offers_the_whole, Fixture) {
  auto p = attach();
  BOOST_REQUIRE(p);
  const std::string whole = std::string(um::kMetadataPieceSize, 'a') + std::string(3000, 'b');
  p->on_handshake(offering(static_cast<std::int64_t>(whole.size())));
  corrent::net::TaskGroup group(io.get_executor());
  group.spawn(p->run());
  BOOST_REQUIRE(pump_until(io, [&] { return peer.sent.size() >= 2; }));
  const std::vector<std::string> asked{text(um::encode_request(0)), text(um::encode_request(1))};
  BOOST_TEST(peer.sent == asked, boost::test_tools::per_element());
  BOOST_REQUIRE(deliver(*p, data_message(1, whole.size(), whole.substr(um::kMetadataPieceSize))));
  BOOST_TEST(torrent.offered.empty());
  BOOST_REQUIRE(deliver(*p, data_message(0, whole.size(), whole.substr(0, um::kMetadataPieceSize))));
  BOOST_TEST(torrent.offered == std::vector<std::string>{whole});
  corrent::test::run_coro(io, group.stop());
  BOOST_TEST(!peer.closed);
}

BOOST_FIXTURE_TEST_CASE(each_bad_answer_drops_the_peer_with_its_reason, Fixture) {
  const std::size_t size = um::kMetadataPieceSize + 100;
  const auto one_bad = [&](const std::string& answer) -> std::error_code {
    auto p = attach();
    p->on_handshake(offering(static_cast<std::int64_t>(size)));
    corrent::net::TaskGroup group(io.get_executor());
    group.spawn(p->run());
    peer.sent.clear();
    BOOST_REQUIRE(pump_until(io, [&] { return !peer.sent.empty(); }));
    auto r = deliver(*p, answer);
    corrent::test::run_coro(io, group.stop());
    return r ? std::error_code{} : r.error();
  };
  const std::string full(um::kMetadataPieceSize, 'x');
  BOOST_TEST((one_bad(data_message(0, size + 1, full)) == um::errc::total_size_mismatch));
  BOOST_TEST((one_bad(data_message(0, size, full.substr(1))) == um::errc::wrong_piece_size));
  BOOST_TEST((one_bad(data_message(5, size, full)) == um::errc::piece_out_of_range));
  BOOST_TEST((one_bad(text(um::encode_reject(9))) == um::errc::piece_out_of_range));
  BOOST_TEST((one_bad("d8:msg_typei1e5:piecei0ee") == um::errc::bad_message));  // data without total_size
  BOOST_TEST((one_bad("garbage") == um::errc::bad_message));
}

BOOST_FIXTURE_TEST_CASE(metadata_the_torrent_refuses_drops_the_peer_with_the_torrents_reason, Fixture) {
  torrent.offer_error = corrent::engine::errc::metadata_hash_mismatch;  // not its info-hash
  auto p = attach();
  p->on_handshake(offering(100));
  corrent::net::TaskGroup group(io.get_executor());
  group.spawn(p->run());
  BOOST_REQUIRE(pump_until(io, [&] { return !peer.sent.empty(); }));
  BOOST_REQUIRE(peer.sent.size() == 1u);
  auto r = deliver(*p, data_message(0, 100, std::string(100, 'z')));
  BOOST_REQUIRE(!r);
  BOOST_TEST((r.error() == corrent::engine::errc::metadata_hash_mismatch));
  BOOST_TEST(torrent.offered.size() == 1u);
  corrent::test::run_coro(io, group.stop());
}

BOOST_FIXTURE_TEST_CASE(a_few_peers_fetch_at_once_and_a_waiting_one_takes_over, Fixture) {
  // Each fetcher holds a copy of metadata_size bytes: kMaxFetchingPeers bound the memory.
  std::vector<std::unique_ptr<FakePeer>> peers;
  std::vector<std::unique_ptr<corrent::ExtensionPeer>> handlers;
  corrent::net::TaskGroup group(io.get_executor());
  for (std::size_t i = 0; i <= um::kMaxFetchingPeers; ++i) {
    peers.push_back(std::make_unique<FakePeer>(&torrent));
    handlers.push_back(extension.attach(*peers.back()));
    handlers.back()->on_handshake(offering(100));
    group.spawn(handlers.back()->run());
  }
  const auto asking = [&] {
    return std::count_if(peers.begin(), peers.end(), [](const auto& p) { return !p->sent.empty(); });
  };
  BOOST_REQUIRE(pump_until(io, [&] { return asking() == static_cast<long>(um::kMaxFetchingPeers); }));
  BOOST_TEST(peers.back()->sent.empty());  // the last one waits
  // The first fetcher goes (its connection ended): the waiting one starts within a look.
  corrent::test::run_coro(io, group.stop());
  handlers.front().reset();
  corrent::net::TaskGroup again(io.get_executor());
  again.spawn(handlers.back()->run());
  BOOST_TEST(pump_until(io, [&] { return !peers.back()->sent.empty(); }));
  corrent::test::run_coro(io, again.stop());
}

BOOST_FIXTURE_TEST_CASE(an_absurd_metadata_size_closes_at_once, Fixture) {
  auto p = attach();
  p->on_handshake(offering(std::int64_t{64} * 1024 * 1024));
  BOOST_TEST((peer.closed == std::optional<std::error_code>(um::errc::metadata_size_too_large)));
  p->on_handshake(offering(0));
  BOOST_TEST(peer.sent.empty());
}

BOOST_FIXTURE_TEST_CASE(a_peer_that_keeps_rejecting_is_dropped, Fixture) {
  auto p = attach();
  p->on_handshake(offering(100));
  const auto reject = text(um::encode_reject(0));
  for (std::uint32_t i = 1; i < um::kMaxRejects; ++i) BOOST_REQUIRE(deliver(*p, reject));
  auto last = deliver(*p, reject);
  BOOST_REQUIRE(!last);
  BOOST_TEST((last.error() == um::errc::too_many_rejects));
}

BOOST_AUTO_TEST_SUITE_END()
