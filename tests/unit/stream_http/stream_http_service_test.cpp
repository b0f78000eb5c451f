// The stream_http service over real sockets on 127.0.0.1, in front of a FakeSession: files
// with Range, HEAD and keep-alive; the routes, the Host check and the token; hostile
// requests (a huge head, a slow one, too many connections); and a reader that leaves in
// the middle of a body (a seek), whose window is cleared at once.
#include <boost/test/unit_test.hpp>

#include <asio/connect.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/read.hpp>
#include <asio/write.hpp>

#include <nlohmann/json.hpp>

#include "corrent/net/task_group.hpp"
#include "corrent/net/timeout.hpp"
#include "corrent/plugins/stream_http.hpp"
#include "stream_http_fake_session.hpp"
#include "stream_service.hpp"
#include "support/run_coro.hpp"

using namespace std::chrono_literals;
using namespace stream_test;
using tcp = asio::ip::tcp;

namespace {

constexpr std::string_view kToken = "secret-token";

// The service on a free port of 127.0.0.1, serving `session`.
struct Server {
  explicit Server(asio::io_context& io, std::size_t max_connections = 4)
      : session(io.get_executor()), group(io.get_executor()) {
    corrent::stream_http::StreamSettings settings;
    settings.token = std::string(kToken);
    settings.max_connections = max_connections;
    settings.head_timeout = 400ms;
    settings.download_dir = "/downloads";
    settings.picker = "picker_streaming";
    service = std::make_unique<corrent::stream_http::StreamService>(
        io.get_executor(), settings, [this](const corrent::plugins::StreamHttpListening& l) { port = l.endpoint.port(); });
  }
  Task<void> start() {
    group.spawn([](corrent::stream_http::StreamService* s, FakeSession* f) -> Task<void> {
      (void)co_await s->run(*f);
    }(service.get(), &session));
    corrent::Timer t(co_await asio::this_coro::executor);
    for (int i = 0; i < 200 && port == 0; ++i) {
      t.expires_after(5ms);
      (void)co_await t.async_wait(corrent::use_nothrow);
    }
    BOOST_TEST_REQUIRE(port != 0);
  }
  Task<void> stop() { co_await group.stop(); }

  [[nodiscard]] std::string host() const { return "127.0.0.1:" + std::to_string(port); }
  [[nodiscard]] std::string file_path() const {
    return corrent::plugins::stream_http_file_path(session.info_hash, "movie/a b.mp4");
  }

  FakeSession session;
  corrent::net::TaskGroup group;
  std::unique_ptr<corrent::stream_http::StreamService> service;
  std::uint16_t port = 0;
};

Task<tcp::socket> connect(std::uint16_t port) {
  tcp::socket socket(co_await asio::this_coro::executor);
  auto done = co_await socket.async_connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), corrent::use_nothrow);
  BOOST_TEST_REQUIRE(!std::get<0>(done));
  co_return socket;
}

Task<Result<std::string>> read_to_end_unbounded(tcp::socket& socket) {
  std::string all;
  std::array<char, 8192> chunk{};
  while (true) {
    auto got = co_await socket.async_read_some(asio::buffer(chunk), corrent::use_nothrow);
    all.append(chunk.data(), std::get<1>(got));
    if (std::get<0>(got)) co_return all;
  }
}

// Everything the server sends until it closes (5 s at most).
Task<std::string> read_to_end(tcp::socket& socket) {
  auto op = read_to_end_unbounded(socket);
  auto all = co_await corrent::net::with_timeout(std::move(op), 5s);
  BOOST_TEST_REQUIRE(all.has_value(), "the server did not close the connection");
  co_return *all;
}

// Sends `text` on a new connection and returns all the server answers.
Task<std::string> exchange(std::uint16_t port, std::string text) {
  auto socket = co_await connect(port);
  auto sent = co_await asio::async_write(socket, asio::buffer(text), corrent::use_nothrow);
  BOOST_TEST_REQUIRE(!std::get<0>(sent));
  auto all = co_await read_to_end(socket);
  co_return all;
}

std::string get(const Server& s, std::string_view target, std::string_view extra = {},
                std::string_view method = "GET") {
  return std::string(method) + " " + std::string(target) + " HTTP/1.1\r\nHost: " + s.host() +
         "\r\nConnection: close\r\n" + std::string(extra) + "\r\n";
}

struct Response {
  int status = 0;
  std::string head;
  std::string body;
};

Response parse(const std::string& text) {
  Response r;
  const auto end = text.find("\r\n\r\n");
  if (end == std::string::npos || text.size() < 12) return r;
  r.head = text.substr(0, end + 4);
  r.body = text.substr(end + 4);
  r.status = std::stoi(text.substr(9, 3));
  return r;
}

bool has_header(const Response& r, std::string_view line) {
  return r.head.find("\r\n" + std::string(line) + "\r\n") != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(stream_http_service)

BOOST_AUTO_TEST_CASE(a_file_whole_in_ranges_and_by_head) {
  asio::io_context io;
  Server server(io);
  auto scenario = [&]() -> Task<void> {
    co_await server.start();
    const auto path = server.file_path();
    BOOST_TEST(path.ends_with("/movie/a%20b.mp4"));

    const auto whole = parse(co_await exchange(server.port, get(server, path)));
    BOOST_TEST(whole.status == 200);
    BOOST_TEST(has_header(whole, "Content-Length: " + std::to_string(kMovieSize)));
    BOOST_TEST(has_header(whole, "Content-Type: video/mp4"));
    BOOST_TEST(has_header(whole, "Accept-Ranges: bytes"));
    BOOST_TEST((whole.body == bytes_at(0, kMovieSize)));

    const auto middle = parse(co_await exchange(server.port, get(server, path, "Range: bytes=100000-100009\r\n")));
    BOOST_TEST(middle.status == 206);
    BOOST_TEST(has_header(middle, "Content-Range: bytes 100000-100009/" + std::to_string(kMovieSize)));
    BOOST_TEST((middle.body == bytes_at(100000, 10)));
    // The read-ahead began at the range's piece, due at once.
    BOOST_TEST_REQUIRE(!server.session.deadlines.empty());
    BOOST_TEST(server.session.deadlines.back().piece.value == 100000u / kPieceLength);

    const auto suffix = parse(co_await exchange(server.port, get(server, path, "Range: bytes=-5\r\n")));
    BOOST_TEST(suffix.status == 206);
    BOOST_TEST((suffix.body == bytes_at(kMovieSize - 5, 5)));

    // The second file starts where the first ends: its bytes are the torrent's from there.
    const auto subtitle_path = corrent::plugins::stream_http_file_path(server.session.info_hash, "movie/sub/x.srt");
    const auto subtitle = parse(co_await exchange(server.port, get(server, subtitle_path, "Range: bytes=990-\r\n")));
    BOOST_TEST(subtitle.status == 206);
    BOOST_TEST((subtitle.body == bytes_at(kMovieSize + 990, 10)));
    BOOST_TEST(has_header(subtitle, "Content-Type: application/x-subrip"));

    const auto past = parse(co_await exchange(server.port, get(server, path, "Range: bytes=300000-\r\n")));
    BOOST_TEST(past.status == 416);
    BOOST_TEST(has_header(past, "Content-Range: bytes */" + std::to_string(kMovieSize)));
    const auto several = parse(co_await exchange(server.port, get(server, path, "Range: bytes=0-1,5-6\r\n")));
    BOOST_TEST(several.status == 416);

    const auto head = parse(co_await exchange(server.port, get(server, path, "Range: bytes=0-99\r\n", "HEAD")));
    BOOST_TEST(head.status == 206);
    BOOST_TEST(has_header(head, "Content-Length: 100"));
    BOOST_TEST(head.body.empty());
    co_await server.stop();
  };
  corrent::test::run_coro(io, scenario(), 30s);
}

BOOST_AUTO_TEST_CASE(keep_alive_serves_pipelined_requests_in_order) {
  asio::io_context io;
  Server server(io);
  auto scenario = [&]() -> Task<void> {
    co_await server.start();
    const auto path = server.file_path();
    const std::string first = "GET " + path + " HTTP/1.1\r\nHost: " + server.host() + "\r\nRange: bytes=0-3\r\n\r\n";
    const std::string second = get(server, path, "Range: bytes=4-7\r\n");
    const auto all = co_await exchange(server.port, first + second);
    const auto one = parse(all);
    BOOST_TEST(one.status == 206);
    const auto split = all.find("HTTP/1.1", 1);
    BOOST_TEST_REQUIRE(split != std::string::npos);
    const auto two = parse(all.substr(split));
    BOOST_TEST(two.status == 206);
    BOOST_TEST((two.body == bytes_at(4, 4)));
    BOOST_TEST((one.body.substr(0, 4) == bytes_at(0, 4)));
    co_await server.stop();
  };
  corrent::test::run_coro(io, scenario(), 30s);
}

BOOST_AUTO_TEST_CASE(the_page_the_list_and_the_calls_that_need_the_token) {
  asio::io_context io;
  Server server(io);
  auto scenario = [&]() -> Task<void> {
    co_await server.start();
    const auto page = parse(co_await exchange(server.port, get(server, "/")));
    BOOST_TEST(page.status == 200);
    BOOST_TEST(has_header(page, "Content-Type: text/html; charset=utf-8"));
    BOOST_TEST(page.body.find(std::string(kToken)) != std::string::npos);

    const auto list = parse(co_await exchange(server.port, get(server, "/api/torrents")));
    BOOST_TEST(list.status == 200);
    const auto json = nlohmann::json::parse(list.body);
    BOOST_TEST_REQUIRE(json["torrents"].size() == 1u);
    const auto& t = json["torrents"][0];
    BOOST_TEST(t["info_hash"].get<std::string>() == server.session.info_hash.hex());
    BOOST_TEST(t["pieces"].get<std::string>().substr(0, 2) == "80");  // piece 0 had
    BOOST_TEST_REQUIRE(t["files"].size() == 2u);
    BOOST_TEST(t["files"][0]["url"].get<std::string>() == server.file_path());
    BOOST_TEST(t["files"][0]["type"].get<std::string>() == "video/mp4");

    const std::string magnet = "/api/torrents?magnet=magnet%3A%3Fxt%3Durn%3Abtih%3A" + std::string(40, 'a');
    const auto no_token = parse(co_await exchange(server.port, get(server, magnet, {}, "POST")));
    BOOST_TEST(no_token.status == 409);
    const auto wrong_token = parse(co_await exchange(server.port, get(server, magnet, "X-Corrent-Token: guess\r\n", "POST")));
    BOOST_TEST(wrong_token.status == 409);
    BOOST_TEST(server.session.added.empty());
    const auto added =
        parse(co_await exchange(server.port, get(server, magnet, "X-Corrent-Token: " + std::string(kToken) + "\r\n", "POST")));
    BOOST_TEST(added.status == 200);
    BOOST_TEST_REQUIRE(server.session.added.size() == 1u);
    BOOST_TEST(server.session.added[0] == std::string(40, 'a') + " into /downloads with picker_streaming");

    const std::string torrent = "/api/torrents/" + server.session.info_hash.hex();
    const auto no_token_delete = parse(co_await exchange(server.port, get(server, torrent, {}, "DELETE")));
    BOOST_TEST(no_token_delete.status == 409);
    BOOST_TEST(server.session.removed.empty());
    const auto removed = parse(
        co_await exchange(server.port, get(server, torrent, "X-Corrent-Token: " + std::string(kToken) + "\r\n", "DELETE")));
    BOOST_TEST(removed.status == 204);
    BOOST_TEST(server.session.removed.size() == 1u);

    const std::string pause = torrent + "/pause";
    const std::string token_header = "X-Corrent-Token: " + std::string(kToken) + "\r\n";
    BOOST_TEST(parse(co_await exchange(server.port, get(server, pause, {}, "POST"))).status == 409);
    BOOST_TEST((server.session.state() == corrent::TorrentState::downloading));
    BOOST_TEST(parse(co_await exchange(server.port, get(server, pause, token_header, "POST"))).status == 204);
    BOOST_TEST((server.session.state() == corrent::TorrentState::paused));
    BOOST_TEST(parse(co_await exchange(server.port, get(server, torrent + "/resume", token_header, "POST"))).status == 204);
    BOOST_TEST((server.session.state() == corrent::TorrentState::downloading));
    const auto pause_by_get = parse(co_await exchange(server.port, get(server, pause)));
    BOOST_TEST(pause_by_get.status == 405);
    BOOST_TEST(has_header(pause_by_get, "Allow: POST"));
    const auto unknown_verb = parse(co_await exchange(server.port, get(server, torrent + "/explode", token_header, "POST")));
    BOOST_TEST(unknown_verb.status == 404);

    const auto put = parse(co_await exchange(server.port, get(server, server.file_path(), {}, "PUT")));
    BOOST_TEST(put.status == 405);
    BOOST_TEST(has_header(put, "Allow: GET, HEAD"));
    const auto nothing = parse(co_await exchange(server.port, get(server, "/nothing")));
    BOOST_TEST(nothing.status == 404);
    co_await server.stop();
  };
  corrent::test::run_coro(io, scenario(), 30s);
}

// DNS rebinding, path tricks and broken encodings: refused, and nothing reaches the
// session (no read, no add) or the filesystem.
BOOST_AUTO_TEST_CASE(a_wrong_host_and_path_tricks_are_refused) {
  asio::io_context io;
  Server server(io);
  auto scenario = [&]() -> Task<void> {
    co_await server.start();
    const std::string rebound = "GET " + server.file_path() + " HTTP/1.1\r\nHost: attacker.example:" +
                                std::to_string(server.port) + "\r\nConnection: close\r\n\r\n";
    const auto misdirected = parse(co_await exchange(server.port, rebound));
    BOOST_TEST(misdirected.status == 421);
    const std::string other_port = "GET / HTTP/1.1\r\nHost: 127.0.0.1:1\r\nConnection: close\r\n\r\n";
    BOOST_TEST(parse(co_await exchange(server.port, other_port)).status == 421);
    const std::string localhost = "GET / HTTP/1.1\r\nHost: LocalHost:" + std::to_string(server.port) +
                                  "\r\nConnection: close\r\n\r\n";
    BOOST_TEST(parse(co_await exchange(server.port, localhost)).status == 200);
    BOOST_TEST(server.session.deadlines.empty());

    const std::string prefix = "/files/" + server.session.info_hash.hex() + "/";
    for (const std::string trick : {"../../../etc/passwd", "movie/..%2f..%2fetc%2fpasswd", "%2fetc%2fpasswd",
                                    "movie/a%20b.mp4%00.txt", "movie//a%20b.mp4", "movie/./a%20b.mp4"}) {
      const auto r = parse(co_await exchange(server.port, get(server, prefix + trick)));
      BOOST_TEST((r.status == 404 || r.status == 400), trick << " gave " << r.status);
    }
    const auto bad_escape = parse(co_await exchange(server.port, get(server, prefix + "movie/a%zzb.mp4")));
    BOOST_TEST(bad_escape.status == 400);
    const auto unknown = parse(co_await exchange(server.port, get(server, "/files/" + std::string(40, 'f') + "/x")));
    BOOST_TEST(unknown.status == 404);
    BOOST_TEST(server.session.deadlines.empty());  // nothing was read
    co_await server.stop();
  };
  corrent::test::run_coro(io, scenario(), 30s);
}

BOOST_AUTO_TEST_CASE(hostile_heads_and_too_many_connections_get_a_clear_status) {
  asio::io_context io;
  Server server(io, 2);
  auto scenario = [&]() -> Task<void> {
    co_await server.start();
    // A head past kMaxRequestHead: 431, without waiting for its end.
    std::string huge = "GET / HTTP/1.1\r\nHost: " + server.host() + "\r\nX-Junk: " + std::string(20000, 'a');
    BOOST_TEST(parse(co_await exchange(server.port, huge)).status == 431);
    // A head that never ends (slowloris): 408 after the head time-out.
    const auto start = std::chrono::steady_clock::now();
    BOOST_TEST(parse(co_await exchange(server.port, "GET / HTTP/1.1\r\nHost: x")).status == 408);
    BOOST_TEST((std::chrono::steady_clock::now() - start < 3s));
    // Malformed and unsupported: 400 and 505.
    BOOST_TEST(parse(co_await exchange(server.port, "NONSENSE\r\n\r\n")).status == 400);
    BOOST_TEST(parse(co_await exchange(server.port, "GET / HTTP/2.0\r\nHost: x\r\n\r\n")).status == 505);

    // Two connections held open fill the server: a third is told 503 and closed.
    auto held1 = co_await connect(server.port);
    auto held2 = co_await connect(server.port);
    corrent::Timer t(co_await asio::this_coro::executor);
    t.expires_after(100ms);
    (void)co_await t.async_wait(corrent::use_nothrow);
    const auto busy = parse(co_await exchange(server.port, get(server, "/")));
    BOOST_TEST(busy.status == 503);
    held1.close();
    held2.close();
    t.expires_after(100ms);
    (void)co_await t.async_wait(corrent::use_nothrow);
    BOOST_TEST(parse(co_await exchange(server.port, get(server, "/"))).status == 200);
    co_await server.stop();
  };
  corrent::test::run_coro(io, scenario(), 30s);
}

// A player seeks: it drops the connection of the old position mid-body. The service sees
// the close at once (it is not left waiting on the read), clears the old window's
// deadlines and counts the requests that cancelled.
BOOST_AUTO_TEST_CASE(a_reader_that_leaves_mid_body_clears_its_window_at_once) {
  asio::io_context io;
  Server server(io);
  auto scenario = [&]() -> Task<void> {
    co_await server.start();
    server.session.hold_from = 200'000;  // the bytes from here have not come yet
    auto socket = co_await connect(server.port);
    const auto text = get(server, server.file_path(), "Range: bytes=150000-\r\n");
    (void)co_await asio::async_write(socket, asio::buffer(text), corrent::use_nothrow);
    corrent::Timer t(co_await asio::this_coro::executor);
    for (int i = 0; i < 400 && server.session.reads_waiting == 0; ++i) {
      t.expires_after(5ms);
      (void)co_await t.async_wait(corrent::use_nothrow);
    }
    BOOST_TEST_REQUIRE(server.session.reads_waiting == 1u);
    // The window: from the position's piece to the end of the file (4 MiB of read-ahead
    // covers it), the first due at once.
    BOOST_TEST_REQUIRE(!server.session.deadlines.empty());
    BOOST_TEST(server.session.deadlines.front().piece.value == 150000u / kPieceLength);
    BOOST_TEST(server.session.deadlines.front().due.count() == 0);
    BOOST_TEST(server.session.clears.empty());

    socket.close();  // the seek
    for (int i = 0; i < 400 && server.session.clears.empty(); ++i) {
      t.expires_after(5ms);
      (void)co_await t.async_wait(corrent::use_nothrow);
    }
    BOOST_TEST_REQUIRE(server.session.clears.size() == 1u);
    BOOST_TEST(server.session.clears[0].first.value == 150000u / kPieceLength);
    BOOST_TEST(server.session.clears[0].last.value == (kMovieSize - 1) / kPieceLength);
    BOOST_TEST(server.session.reads_waiting == 0u);  // the read was given up

    const auto stats = parse(co_await exchange(server.port, get(server, "/api/stats")));
    const auto json = nlohmann::json::parse(stats.body);
    BOOST_TEST(json["bodies_cut"].get<int>() == 1);
    BOOST_TEST(json["requests_cancelled"].get<int>() == 7);
    co_await server.stop();
  };
  corrent::test::run_coro(io, scenario(), 30s);
}

BOOST_AUTO_TEST_SUITE_END()
