#pragma once
// Scripted peers for engine tests: a real Session on 127.0.0.1 (TCP, file storage) and
// peers that this test drives message by message over their own PeerConnection, so that a
// test can make a peer reject, stay silent, keep us choked, or claim to be a seed, and see
// exactly what the engine sends.

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>

#include "corrent/core/peer_id.hpp"
#include "corrent/engine/session.hpp"
#include "corrent/metainfo/creator.hpp"
#include "corrent/metainfo/metainfo.hpp"
#include "corrent/net/task_group.hpp"
#include "corrent/registry/plugin_set.hpp"
#include "corrent/plugins/standard.hpp"
#include "corrent/wire/peer_connection.hpp"
#include "support/temp_dir.hpp"

namespace scripted {

using namespace std::chrono_literals;
using corrent::PieceIndex;
using corrent::TorrentState;
using corrent::Task;
namespace wire = corrent::wire;

// One file of random bytes and its torrent.
struct Payload {
  corrent::test::TempDir dir;
  std::string data;
  corrent::metainfo::Metainfo meta;

  Payload(std::size_t size, std::uint32_t piece_length, bool is_private = false) {
    std::mt19937 gen(7);
    data.resize(size);
    for (auto& c : data) c = static_cast<char>(gen());
    dir.write("payload.bin", data);
    corrent::metainfo::CreateOptions options;
    options.piece_length = piece_length;
    options.is_private = is_private;
    auto bytes = corrent::metainfo::create_torrent(dir.path() / "payload.bin", options);
    BOOST_TEST_REQUIRE(bytes.has_value());
    auto parsed = corrent::metainfo::parse_torrent(*bytes);
    BOOST_TEST_REQUIRE(parsed.has_value());
    meta = std::move(*parsed);
  }
  [[nodiscard]] std::uint32_t blocks() const {
    return static_cast<std::uint32_t>((data.size() + 16383) / 16384);
  }
};

// A Session listening on 127.0.0.1 (a random port), with the standard plugins and any the
// test adds to `registry` first; and a TCP transport of its own for the scripted peers.
struct Node {
  corrent::Registry registry;
  corrent::Registry transport_registry;  // outlives `transports`, built from it
  corrent::engine::SessionSettings settings;
  std::unique_ptr<corrent::engine::Session> session;
  std::optional<corrent::PluginSet> transports;

  explicit Node(const std::filesystem::path& resume_dir) {
    corrent::plugins::register_standard(registry);
    settings.listen = {"127.0.0.1:0"};
    settings.resume_dir = resume_dir;
  }
  void create(asio::io_context& io) {
    auto made = corrent::engine::Session::create(io.get_executor(), registry, corrent::Config{}, settings);
    BOOST_TEST_REQUIRE(made.has_value());
    session = std::move(*made);
    corrent::plugins::register_standard(transport_registry);
    auto built = corrent::build_plugins(transport_registry, corrent::Config{}, io.get_executor());
    BOOST_TEST_REQUIRE(built.has_value());
    transports.emplace(std::move(*built));
  }
  corrent::net::Transport& tcp() { return *transports->all<corrent::net::Transport>().front(); }
  Task<void> stop() {
    co_await session->stop();
    co_await transports->stop();
  }
};

enum class First { nothing, have_all, have_none, bitfield };
// corrupt: the right length of wrong bytes (the real block, inverted).
enum class Answer { serve, reject, silent, corrupt };

// One scripted peer: what it does with requests, and what it saw.
struct Peer final : wire::MessageHandler {
  const Payload* payload = nullptr;
  Answer answer = Answer::serve;
  // When set, decides per request instead of `answer` (silent: the request is dropped).
  std::function<Answer(const wire::Request&)> answer_of;
  std::chrono::milliseconds answer_delay{0};

  First first = First::nothing;  // the first of HAVE ALL / HAVE NONE / BITFIELD received
  std::vector<wire::Request> requests;
  std::vector<wire::Request> rejected;  // what we answered with REJECT
  std::vector<wire::Request> served;
  std::vector<wire::Cancel> cancels;
  std::vector<wire::Reject> rejects;  // REJECTs received
  std::optional<wire::ExtensionHandshake> their_extensions;
  std::vector<PieceIndex> haves;                        // every HAVE received, in order
  std::optional<std::size_t> haves_before_upload_only;  // haves.size() when upload_only came
  std::optional<std::error_code> ended;
  wire::PeerConnection::Ptr conn;
  std::deque<wire::Request> pending;
  // Extensions the peer attaches (its own ids and objects), before dial_by runs it.
  std::vector<wire::ExtensionSlot> extensions;

  void saw(First f) {
    if (first == First::nothing) first = f;
  }
  corrent::Result<void> on_have_all() override {
    saw(First::have_all);
    return {};
  }
  corrent::Result<void> on_have_none() override {
    saw(First::have_none);
    return {};
  }
  corrent::Result<void> on_bitfield(const wire::Bitfield&) override {
    saw(First::bitfield);
    return {};
  }
  corrent::Result<void> on_request(const wire::Request& r) override {
    requests.push_back(r);
    pending.push_back(r);
    return {};
  }
  corrent::Result<void> on_reject(const wire::Reject& r) override {
    rejects.push_back(r);
    return {};
  }
  corrent::Result<void> on_cancel(const wire::Cancel& c) override {
    cancels.push_back(c);
    std::erase(pending, wire::Request{c.piece, c.begin, c.length});
    return {};
  }
  corrent::Result<void> on_have(PieceIndex piece) override {
    haves.push_back(piece);
    return {};
  }
  corrent::Result<void> on_extension_handshake(const wire::ExtensionHandshake& theirs) override {
    their_extensions = theirs;
    if (theirs.upload_only && !haves_before_upload_only) haves_before_upload_only = haves.size();
    return {};
  }
  [[nodiscard]] bool was_asked_for(const wire::Request& r, std::size_t from = 0) const {
    return std::find(requests.begin() + static_cast<std::ptrdiff_t>(std::min(from, requests.size())),
                     requests.end(), r) != requests.end();
  }
};

inline Task<void> run_peer(Peer* p) {
  const std::error_code why = co_await p->conn->run(*p, p->extensions);
  p->ended = why;
}

// Answers the peer's pending requests as its script says, until the connection ends.
inline Task<void> answer_requests(Peer* p) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  while (!p->ended) {
    if (p->pending.empty() || (!p->answer_of && p->answer == Answer::silent)) {
      timer.expires_after(2ms);
      co_await timer.async_wait(corrent::use_nothrow);
      continue;
    }
    if (p->answer_delay.count() > 0) {
      timer.expires_after(p->answer_delay);
      co_await timer.async_wait(corrent::use_nothrow);
      if (p->pending.empty()) continue;
    }
    const wire::Request r = p->pending.front();
    p->pending.pop_front();
    const Answer how = p->answer_of ? p->answer_of(r) : p->answer;
    if (how == Answer::silent) continue;
    if (how == Answer::reject) {
      p->rejected.push_back(r);
      const wire::Reject reject{r.piece, r.begin, r.length};
      (void)co_await p->conn->send(reject);
      continue;
    }
    const auto at = static_cast<std::size_t>(r.piece.value) * p->payload->meta.layout.piece_length() + r.begin;
    const auto* bytes = reinterpret_cast<const std::byte*>(p->payload->data.data() + at);
    std::vector<std::byte> inverted;
    if (how == Answer::corrupt) {
      inverted.assign(bytes, bytes + r.length);
      for (auto& b : inverted) b = ~b;
      bytes = inverted.data();
    }
    p->served.push_back(r);
    const wire::Piece piece{r.piece, r.begin, std::span<const std::byte>(bytes, r.length)};
    (void)co_await p->conn->send(piece);
  }
}

// Dials `to` by `transport` as peer `p` (fast extension and BEP 10 on), and runs it in
// `group`. `upload_only` goes into its extension handshake (BEP 21). False if the
// connection or the handshake failed.
inline Task<bool> dial_by(corrent::net::Transport& transport, corrent::net::Endpoint to, const Payload& payload,
                          Peer& p, corrent::net::TaskGroup& group, bool upload_only = false) {
  auto stream = co_await transport.connect(to, 2000ms);
  if (!stream) {
    BOOST_TEST_MESSAGE("connect to " << to.to_string() << ": " << stream.error().message());
    co_return false;
  }
  wire::Reserved reserved;
  reserved.set_fast(true);
  reserved.set_extension_protocol(true);
  const wire::Handshake ours{reserved, payload.meta.info_hash, corrent::make_peer_id()};
  const wire::TorrentShape shape{payload.meta.layout.piece_count(), payload.meta.layout.piece_length(),
                                 payload.meta.layout.total_size()};
  wire::PeerSettings settings;
  auto conn = co_await wire::PeerConnection::connect(std::move(*stream), ours, shape, std::move(settings));
  if (!conn) {
    BOOST_TEST_MESSAGE("handshake with " << to.to_string() << ": " << conn.error().message());
    co_return false;
  }
  p.payload = &payload;
  p.conn = std::move(*conn);
  if (upload_only) p.conn->set_upload_only(true);
  group.spawn(run_peer(&p));
  group.spawn(answer_requests(&p));
  co_return true;
}

// Dials the session of `node` over TCP as peer `p`: dial_by, which must succeed.
inline Task<void> dial(Node& node, const Payload& payload, Peer& p, corrent::net::TaskGroup& group,
                       bool upload_only = false) {
  const auto to = node.session->listen_endpoints().front();  // named: GCC 12 and co_await temporaries
  const bool dialed = co_await dial_by(node.tcp(), to, payload, p, group, upload_only);
  BOOST_TEST_REQUIRE(dialed);
}

// Polls `done` every 5 ms for at most `limit`.
template <class F>
Task<bool> eventually(F done, std::chrono::milliseconds limit) {
  asio::steady_timer t(co_await asio::this_coro::executor);
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done() && std::chrono::steady_clock::now() < deadline) {
    t.expires_after(5ms);
    co_await t.async_wait(corrent::use_nothrow);
  }
  co_return done();
}

// Whether the condition holds within `limit` (polled every 5 ms). Macros, so that the
// awaited result is named before Boost.Test's temporaries see it (GCC 12 coroutines).
#define EXPECT_WITHIN(limit, ...)                                                         \
  do {                                                                                    \
    const bool within_ = co_await eventually([&] { return __VA_ARGS__; }, limit);         \
    BOOST_TEST(within_, #__VA_ARGS__ " within " #limit);                                  \
  } while (false)
#define REQUIRE_WITHIN(limit, ...)                                                        \
  do {                                                                                    \
    const bool within_ = co_await eventually([&] { return __VA_ARGS__; }, limit);         \
    BOOST_TEST_REQUIRE(within_, #__VA_ARGS__ " within " #limit);                          \
  } while (false)

inline Task<void> sleep(std::chrono::milliseconds d) {
  asio::steady_timer t(co_await asio::this_coro::executor);
  t.expires_after(d);
  co_await t.async_wait(corrent::use_nothrow);
}

inline Task<void> add(Node& node, const Payload& payload, const std::filesystem::path& save_path) {
  corrent::engine::AddTorrentParams params{payload.meta, save_path};
  const auto added = co_await node.session->add_torrent(std::move(params));
  BOOST_TEST_REQUIRE(added.has_value());
}

inline Task<void> wait_state(Node& node, const Payload& payload, TorrentState state) {
  const auto ih = payload.meta.info_hash;
  REQUIRE_WITHIN(10000ms, node.session->status(ih)->state == state);
}

inline bool finished(Node& node, const Payload& payload) { return node.session->status(payload.meta.info_hash)->finished; }

inline Task<void> start(Node& node) {
  const auto started = co_await node.session->start();
  BOOST_TEST_REQUIRE(started.has_value());
}

inline Task<void> tell(Peer& peer, wire::Message m) {
  const auto sent = co_await peer.conn->send(m);
  BOOST_TEST_REQUIRE(sent.has_value());
}

}  // namespace scripted
