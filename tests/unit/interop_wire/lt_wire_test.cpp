// The wire against python3-libtorrent on 127.0.0.1, with only PeerConnection and
// transport_tcp: fetch piece 0 from a libtorrent seed; accept a libtorrent peer and check
// it reports the client name we sent in "v".
#include <boost/test/unit_test.hpp>

#include <map>

#include "corrent/crypto/sha1.hpp"
#include "corrent/metainfo/torrent_file.hpp"
#include "corrent/net/task_group.hpp"
#include "support/child_process.hpp"
#include "support/temp_dir.hpp"
#include "tcp_transport.hpp"
#include "unit/peer/peer_fixture.hpp"

using namespace peer_test;
using corrent::net::Endpoint;
using corrent::net::TaskGroup;
using corrent::test::ChildProcess;

namespace {

constexpr auto kLineWait = 60000ms;  // libtorrent checks the payload before "ready"

struct LtPeer {
  ChildProcess process;
  corrent::metainfo::Metainfo torrent;
  std::uint16_t port = 0;
};

// Starts lt_peer.py; fails the test (never skips) if it does not come up.
LtPeer start_lt_peer(const corrent::test::TempDir& dir, std::vector<std::string> extra = {}) {
  std::vector<std::string> argv{CORRENT_INTEROP_PYTHON, CORRENT_LT_PEER_SCRIPT, "--dir",
                                dir.path().string(), "--size", "1000000", "--piece-length",
                                "65536"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  auto process = ChildProcess::start(argv);
  const auto torrent_path = process.wait_for_line("torrent: ", kLineWait);
  BOOST_REQUIRE_MESSAGE(torrent_path, "lt_peer.py did not start: " + process.transcript());
  const auto port = process.wait_for_line("port: ", kLineWait);
  BOOST_REQUIRE_MESSAGE(port, "lt_peer.py did not listen: " + process.transcript());
  BOOST_REQUIRE_MESSAGE(process.wait_for_line("ready", kLineWait), process.transcript());
  auto torrent = corrent::metainfo::load_torrent_file(*torrent_path);
  BOOST_REQUIRE(torrent);
  return {std::move(process), std::move(*torrent), static_cast<std::uint16_t>(std::stoi(*port))};
}

wire::TorrentShape shape_of(const corrent::metainfo::Metainfo& m) {
  return {m.layout.piece_count(), m.layout.piece_length(), m.layout.total_size()};
}

// Keeps what the seed says and the blocks of piece 0.
class Downloader : public RecordingHandler {
 public:
  bool has_piece0 = false;
  std::map<std::uint32_t, std::vector<std::byte>> piece0;
  Result<void> on_have_all() override {
    has_piece0 = true;
    return RecordingHandler::on_have_all();
  }
  Result<void> on_bitfield(const wire::Bitfield& b) override {
    has_piece0 = !b.bits.empty() && (std::to_integer<unsigned>(b.bits[0]) & 0x80U) != 0;
    return RecordingHandler::on_bitfield(b);
  }
  Task<Result<void>> on_piece(const wire::Piece& p) override {
    if (p.piece.value == 0) piece0[p.begin].assign(p.block.begin(), p.block.end());
    co_return Result<void>{};
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(interop_wire)

BOOST_AUTO_TEST_CASE(fetches_piece_0_from_a_libtorrent_seed) {
  corrent::test::TempDir dir;
  auto lt = start_lt_peer(dir);
  asio::io_context io;
  corrent::transport_tcp::TcpTransport transport(io.get_executor(), {});
  auto stream = run_coro(io, transport.connect(Endpoint::v4({127, 0, 0, 1}, lt.port), 5000ms));
  BOOST_REQUIRE_MESSAGE(stream, (stream ? std::string() : stream.error().message()));
  const wire::Handshake ours{all_bits(), lt.torrent.info_hash, corrent::make_peer_id()};
  auto conn = run_coro(io, wire::PeerConnection::connect(std::move(*stream), ours,
                                                         shape_of(lt.torrent), quick_settings()),
                       10s);
  BOOST_REQUIRE_MESSAGE(conn, (conn ? std::string() : conn.error().message()));
  Downloader handler;
  std::optional<std::error_code> ended;
  TaskGroup group(io.get_executor());
  group.spawn(run_to_end(conn->get(), &handler, {}, &ended));
  auto& c = **conn;

  BOOST_REQUIRE_MESSAGE(run_until(io, [&] { return handler.has_piece0 || ended; }, 10000ms),
                        "no bitfield or have-all from libtorrent");
  BOOST_TEST(handler.has_piece0);
  BOOST_REQUIRE(run_coro(io, c.send(wire::Interested{})));
  BOOST_REQUIRE_MESSAGE(run_until(io, [&] { return !c.peer_choking() || ended; }, 10000ms),
                        "libtorrent did not unchoke us");
  const auto size = lt.torrent.layout.piece_size(PieceIndex{0});
  for (std::uint32_t begin = 0; begin < size; begin += wire::kBlockSize) {
    const auto length = std::min(wire::kBlockSize, size - begin);
    BOOST_REQUIRE(run_coro(io, c.send(wire::Request{PieceIndex{0}, begin, length})));
  }
  const std::size_t blocks = (size + wire::kBlockSize - 1) / wire::kBlockSize;
  BOOST_REQUIRE_MESSAGE(run_until(io, [&] { return handler.piece0.size() == blocks || ended; }, 10000ms),
                        "not every block arrived");
  corrent::crypto::Sha1 sha;
  for (const auto& [begin, block] : handler.piece0) sha.update(block);
  BOOST_TEST((sha.finish() == lt.torrent.piece_hash(PieceIndex{0})));
  BOOST_TEST(c.client_name().find("libtorrent") != std::string::npos, c.client_name());
  BOOST_TEST(!ended.has_value());
  c.close();
  BOOST_REQUIRE(run_until(io, [&] { return ended.has_value(); }));
  run_coro(io, group.stop());
  lt.process.stop();
}

BOOST_AUTO_TEST_CASE(a_libtorrent_peer_connects_to_us_and_sees_our_client_name) {
  corrent::test::TempDir dir;
  asio::io_context io;
  corrent::transport_tcp::TcpTransport transport(io.get_executor(), {});
  auto listener = transport.listen(Endpoint::v4({127, 0, 0, 1}, 0));
  BOOST_REQUIRE(listener);
  const auto port = (*listener)->local_endpoints().at(0).port();
  auto lt = start_lt_peer(dir, {"--connect", "127.0.0.1:" + std::to_string(port)});

  const auto info_hash = lt.torrent.info_hash;
  const wire::TorrentLookup lookup = [info_hash, shape = shape_of(lt.torrent)](
                                         const corrent::metainfo::InfoHash& h) {
    return h == info_hash ? std::optional<wire::TorrentMatch>(wire::TorrentMatch{shape}) : std::nullopt;
  };
  auto stream = run_coro(io, (*listener)->accept(), 20s);
  BOOST_REQUIRE(stream);
  auto conn = run_coro(io, wire::PeerConnection::accept(std::move(*stream),
                                                        {all_bits(), corrent::make_peer_id()},
                                                        lookup, quick_settings("corrent-interop/0.1")),
                       10s);
  BOOST_REQUIRE_MESSAGE(conn, (conn ? std::string() : conn.error().message()));
  RecordingHandler handler;
  std::optional<std::error_code> ended;
  TaskGroup group(io.get_executor());
  group.spawn(run_to_end(conn->get(), &handler, {}, &ended));
  BOOST_REQUIRE_MESSAGE(run_until(io, [&] { return handler.extensions.has_value() || ended; }, 10000ms),
                        "no extension handshake from libtorrent");
  BOOST_TEST(handler.extensions->client.find("libtorrent") != std::string::npos);
  // libtorrent read our "v": the script prints its peer_info().client.
  std::optional<std::string> client;
  const auto deadline = std::chrono::steady_clock::now() + 15s;
  while (!client && std::chrono::steady_clock::now() < deadline) {
    io.restart();
    io.run_for(50ms);  // keep our side of the connection serviced meanwhile
    client = lt.process.wait_for_line("peer: ", 50ms);
  }
  BOOST_REQUIRE_MESSAGE(client, "libtorrent reported no peer: " + lt.process.transcript());
  BOOST_TEST(*client == "corrent-interop/0.1");
  (*conn)->close();
  BOOST_REQUIRE(run_until(io, [&] { return ended.has_value(); }));
  run_coro(io, group.stop());
  lt.process.stop();
}

BOOST_AUTO_TEST_SUITE_END()
