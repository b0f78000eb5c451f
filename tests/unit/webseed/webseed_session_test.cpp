// End to end: a Session with the webseed plugin and no peer at all downloads a
// single-file and a multi-file torrent (with pad files) whose url-list points at a local
// HTTP server, and the bytes on disk are the source's; a server with a wrong piece is
// dropped: nothing of that piece reaches the engine, the torrent does not complete, and
// the URL is never asked again.
#include <boost/test/unit_test.hpp>

#include <asio/experimental/awaitable_operators.hpp>
#include <asio/io_context.hpp>

#include "corrent/engine/session.hpp"
#include "corrent/events/event_bus.hpp"
#include "corrent/metainfo/creator.hpp"
#include "corrent/plugins/standard.hpp"
#include "corrent/registry/registry.hpp"
#include "support/run_coro.hpp"
#include "support/temp_dir.hpp"
#include "webseed_test_support.hpp"

namespace {

using namespace std::chrono_literals;
using namespace asio::experimental::awaitable_operators;
using corrent::Task;
namespace fs = std::filesystem;

constexpr std::uint32_t kPiece = 32 * 1024;

Task<void> sleep_for(std::chrono::milliseconds d) {
  corrent::Timer t(co_await asio::this_coro::executor);
  t.expires_after(d);
  co_await t.async_wait(corrent::use_nothrow);
}

template <class F>
Task<bool> eventually(F done, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done() && std::chrono::steady_clock::now() < deadline) co_await sleep_for(10ms);
  co_return done();
}

// The source files under `root`, by URL path ("/seed/<relative path>", percent-encoded
// spaces), for webseed_test::serve_file.
std::map<std::string, std::string> served_files(const fs::path& root, const std::string& prefix) {
  std::map<std::string, std::string> out;
  if (fs::is_regular_file(root)) {
    out[prefix + "/" + root.filename().string()] = corrent::test::read_file(root);
    return out;
  }
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    std::string rel = fs::relative(entry.path(), root.parent_path()).generic_string();
    std::string encoded;
    for (const char c : rel) encoded += c == ' ' ? std::string("%20") : std::string(1, c);
    out[prefix + "/" + encoded] = corrent::test::read_file(entry.path());
  }
  return out;
}

corrent::metainfo::Metainfo make_meta(const fs::path& source, const std::string& web_seed, bool pad) {
  corrent::metainfo::CreateOptions options;
  options.piece_length = kPiece;
  options.web_seeds = {web_seed};
  options.pad_files = pad;
  options.threads = 1;
  auto bytes = corrent::metainfo::create_torrent(source, options);
  BOOST_TEST_REQUIRE(bytes.has_value());
  auto parsed = corrent::metainfo::parse_torrent(*bytes);
  BOOST_TEST_REQUIRE(parsed.has_value());
  return std::move(*parsed);
}

struct Node {
  corrent::Registry registry;
  corrent::test::TempDir work;
  std::unique_ptr<corrent::engine::Session> session;

  explicit Node(asio::io_context& io) {
    corrent::plugins::register_standard(registry);
    corrent::engine::SessionSettings settings;
    settings.listen = {"127.0.0.1:0"};
    settings.resume_dir = work.path() / "resume";
    corrent::Config config;
    config.set("webseed", "retry_delay_ms", "100");
    config.set("webseed", "readopt_delay_ms", "100");
    config.set("webseed", "request_timeout_ms", "2000");
    auto made = corrent::engine::Session::create(io.get_executor(), registry, config, settings);
    BOOST_TEST_REQUIRE(made.has_value());
    session = std::move(*made);
  }
};

// Downloads `meta` from the server alone and checks every file against `source`.
// `host` names the server in the URL: 127.0.0.1, or "localhost" (a name: the stream's
// remote() is then 0.0.0.0 with the port).
void download_and_compare(const fs::path& source_root, const std::string& prefix, bool pad,
                          const std::string& url_tail, const std::string& host = "127.0.0.1") {
  asio::io_context io;
  corrent::test::LoopbackHttpServer server(io);
  const auto url = "http://" + host + ":" + std::to_string(server.port()) + url_tail;
  const auto meta = make_meta(source_root, url, pad);
  const auto files = served_files(source_root, prefix);
  Node node(io);
  const auto out = node.work.path() / "out";
  bool finished = false;
  auto scenario = [&]() -> Task<void> {
    const auto started = co_await node.session->start();
    BOOST_TEST_REQUIRE(started.has_value());
    corrent::engine::AddTorrentParams params{meta, out};  // named: GCC 12 and co_await temporaries
    const auto added = co_await node.session->add_torrent(std::move(params));
    BOOST_TEST_REQUIRE(added.has_value());
    finished = co_await eventually([&] { return node.session->status(meta.info_hash)->finished; }, 20s);
    const auto status = node.session->status(meta.info_hash);
    BOOST_TEST_MESSAGE(server.requests.size() << " GETs; " << status->pieces_have << " pieces had, "
                                              << status->peers << " peers");
    co_await node.session->stop();
  };
  corrent::test::run_coro(
      io, [&]() -> Task<void> { co_await (server.serve([&](const std::string& head) -> std::optional<std::string> {
                                            return webseed_test::serve_file(files, head);
                                          }) ||
                                          scenario()); }(),
      30s);
  BOOST_TEST_REQUIRE(finished);
  for (const auto& file : meta.layout.files()) {
    if (file.pad) continue;
    const auto src = meta.multi_file ? source_root.parent_path() / file.path : source_root;
    BOOST_TEST((corrent::test::read_file(out / file.path) == corrent::test::read_file(src)), file.path);
  }
  BOOST_TEST_MESSAGE(server.requests.size() << " GETs for " << meta.layout.piece_count() << " pieces");
  BOOST_TEST(server.requests.size() >= meta.layout.piece_count());
  for (const auto& head : server.requests) BOOST_TEST(head.find(".pad") == std::string::npos);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(webseed_session)

BOOST_AUTO_TEST_CASE(a_single_file_torrent_downloads_from_its_web_seed_alone) {
  corrent::test::TempDir src;
  const auto file = src.write("movie.bin", corrent::test::pattern_bytes(300'000, 11));
  download_and_compare(file, "/files", false, "/files/");  // a trailing '/': + the name
}

BOOST_AUTO_TEST_CASE(a_web_seed_named_by_host_name_works_too) {
  corrent::test::TempDir src;
  const auto file = src.write("named.bin", corrent::test::pattern_bytes(100'000, 15));
  download_and_compare(file, "/named", false, "/named/named.bin", "localhost");
}

BOOST_AUTO_TEST_CASE(a_multi_file_torrent_with_pad_files_downloads_from_its_web_seed_alone) {
  corrent::test::TempDir src;
  src.write("album/one.bin", corrent::test::pattern_bytes(70'000, 12));
  src.write("album/sub dir/two.bin", corrent::test::pattern_bytes(90'000, 13));
  src.write("album/three.bin", corrent::test::pattern_bytes(5'000, 14));
  download_and_compare(src.path() / "album", "/mirror", true, "/mirror");  // '/' appended
}

// A server down at first: the stream retries (3 attempts), ends, and the service adopts
// the URL again after its back-off; the torrent completes, and once it is complete the
// server is not asked again.
BOOST_AUTO_TEST_CASE(a_server_down_at_first_is_used_again_after_the_back_off) {
  asio::io_context io;
  corrent::test::TempDir src;
  const auto file = src.write("data.bin", corrent::test::pattern_bytes(6 * kPiece, 31));
  corrent::test::LoopbackHttpServer server(io);
  const auto meta = make_meta(file, server.url("/data.bin"), false);
  const std::map<std::string, std::string> files{{"/data.bin", corrent::test::read_file(file)}};
  Node node(io);
  bool finished = false;
  std::size_t requests_when_finished = 0;
  std::size_t requests_later = 0;
  auto scenario = [&]() -> Task<void> {
    const auto started = co_await node.session->start();
    BOOST_TEST_REQUIRE(started.has_value());
    corrent::engine::AddTorrentParams params{meta, src.path() / "out"};  // named: GCC 12
    const auto added = co_await node.session->add_torrent(std::move(params));
    BOOST_TEST_REQUIRE(added.has_value());
    finished = co_await eventually([&] { return node.session->status(meta.info_hash)->finished; }, 20s);
    requests_when_finished = server.requests.size();
    co_await sleep_for(1000ms);
    requests_later = server.requests.size();
    co_await node.session->stop();
  };
  corrent::test::run_coro(
      io, [&]() -> Task<void> { co_await (server.serve([&](const std::string& head) -> std::optional<std::string> {
                                            if (server.requests.size() <= 4) {
                                              return corrent::test::http_reply("down", "503 Service Unavailable");
                                            }
                                            return webseed_test::serve_file(files, head);
                                          }) ||
                                          scenario()); }(),
      30s);
  BOOST_TEST_REQUIRE(finished);
  BOOST_TEST(corrent::test::read_file(src.path() / "out" / "data.bin") == corrent::test::read_file(file));
  BOOST_TEST(requests_when_finished == 4u + 6u);  // 3 + 1 failed, then one GET per piece
  BOOST_TEST(requests_later == requests_when_finished);
}

BOOST_AUTO_TEST_CASE(a_web_seed_with_a_wrong_piece_is_dropped_and_never_asked_again) {
  asio::io_context io;
  corrent::test::TempDir src;
  const auto file = src.write("data.bin", corrent::test::pattern_bytes(10 * kPiece, 21));
  corrent::test::LoopbackHttpServer server(io);
  const auto meta = make_meta(file, server.url("/data.bin"), false);
  std::string wrong = corrent::test::read_file(file);
  for (std::size_t i = 0; i < 10; ++i) wrong[i * kPiece + 7] = static_cast<char>(wrong[i * kPiece + 7] ^ 0x55);
  const std::map<std::string, std::string> files{{"/data.bin", wrong}};  // every piece wrong
  Node node(io);
  std::size_t failed_pieces = 0;
  std::size_t requests_after_ban = 0;
  std::optional<corrent::TorrentStatus> status;
  auto scenario = [&]() -> Task<void> {
    auto subscription = node.session->events().subscribe(
        [&](const corrent::events::Event&) { ++failed_pieces; },
        corrent::events::EventMask::of<corrent::events::PieceFailed, corrent::events::PeerBanned>());
    const auto started = co_await node.session->start();
    BOOST_TEST_REQUIRE(started.has_value());
    corrent::engine::AddTorrentParams params{meta, src.path() / "out"};  // named: GCC 12
    const auto added = co_await node.session->add_torrent(std::move(params));
    BOOST_TEST_REQUIRE(added.has_value());
    const bool asked = co_await eventually([&] { return !server.requests.empty(); }, 10s);
    BOOST_TEST_REQUIRE(asked);
    // With a 100 ms re-adoption delay, a URL not banned would be asked again many times.
    co_await sleep_for(1500ms);
    requests_after_ban = server.requests.size();
    status = node.session->status(meta.info_hash);
    co_await node.session->stop();
  };
  corrent::test::run_coro(
      io, [&]() -> Task<void> { co_await (server.serve([&](const std::string& head) -> std::optional<std::string> {
                                            return webseed_test::serve_file(files, head);
                                          }) ||
                                          scenario()); }(),
      30s);
  BOOST_TEST(requests_after_ban == 1u);  // the first piece's GET, then banned
  BOOST_TEST_REQUIRE(status.has_value());
  BOOST_TEST(!status->finished);
  BOOST_TEST(status->pieces_have == 0u);
  BOOST_TEST(status->downloaded == 0u);  // not one byte of a wrong piece reached the engine
  BOOST_TEST(failed_pieces == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
