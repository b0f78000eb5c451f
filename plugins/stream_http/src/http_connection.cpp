#include "http_connection.hpp"

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "corrent/metainfo/magnet.hpp"
#include "corrent/net/error.hpp"
#include "file_response.hpp"
#include "http_response.hpp"
#include "serve_limits.hpp"
#include "socket_io.hpp"
#include "stream_errc.hpp"
#include "stream_limits.hpp"
#include "torrents_json.hpp"
#include "url_path.hpp"
#include "web_page.hpp"

namespace corrent::stream_http {

namespace {

using tcp = asio::ip::tcp;

constexpr std::string_view kFilesPrefix = "/files/";
constexpr std::string_view kTorrentsPath = "/api/torrents";
constexpr std::string_view kTokenHeader = "x-corrent-token";

// What a handler answers; the connection writes it.
struct Reply {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  Headers extra;
};

Reply text(int status, std::string body) { return Reply{status, "text/plain; charset=utf-8", std::move(body) + "\n", {}}; }

Reply json(int status, std::string body) { return Reply{status, "application/json", std::move(body), {}}; }

Reply not_allowed(std::string allow) {
  Reply r = text(405, "method not allowed here; allowed: " + allow);
  r.extra.emplace_back("Allow", std::move(allow));
  return r;
}

// A head from `pending` (and the socket), within `limit`: a slow or endless head is cut.
Task<Result<std::string>> read_head(tcp::socket& socket, std::string& pending, Clock::duration limit) {
  const auto deadline = Clock::now() + limit;
  while (true) {
    if (const auto end = find_head_end(pending)) {
      std::string head = pending.substr(0, *end);
      pending.erase(0, *end);
      co_return head;
    }
    if (pending.size() > kMaxRequestHead) co_return fail(errc::head_too_large);
    const auto now = Clock::now();
    if (now >= deadline) co_return fail(net::errc::timed_out);
    auto more = co_await read_more(socket, pending, deadline - now);
    if (!more) co_return fail(more.error());
  }
}

bool token_ok(const HttpRequest& request, const ServerState& server) {
  const auto given = request.header(kTokenHeader);
  return given && *given == server.settings.token;
}

std::string stats_json(const ServeCounters& c) {
  return nlohmann::json{{"connections", c.connections},
                        {"refused", c.refused},
                        {"responses", c.responses},
                        {"bodies_cut", c.bodies_cut},
                        {"requests_cancelled", c.requests_cancelled}}
      .dump();
}

// The file a "/files/<hex>/<path>" URL names. No part of the URL reaches the filesystem:
// the decoded path is compared with the torrent's own file list, and nothing else.
std::optional<FileTarget> find_file(const SessionView& session, std::string_view rest, Reply& refusal) {
  const auto slash = rest.find('/');
  const auto info_hash = metainfo::InfoHash::from_hex(rest.substr(0, slash));
  if (!info_hash || slash == std::string_view::npos) {
    refusal = text(404, "no such file: the URL is /files/<info-hash>/<path>");
    return std::nullopt;
  }
  const auto path = percent_decode(rest.substr(slash + 1));
  if (!path) {
    refusal = text(400, "the file path is badly percent-encoded");
    return std::nullopt;
  }
  if (!session.status(*info_hash)) {
    refusal = text(404, "no such torrent in this session");
    return std::nullopt;
  }
  const auto layout = session.files(*info_hash);
  if (!layout) {
    refusal = text(503, "the torrent's metadata has not arrived yet; ask again shortly");
    refusal.extra.emplace_back("Retry-After", "2");
    return std::nullopt;
  }
  for (const auto& file : layout->files()) {
    if (file.pad || file.path != *path) continue;
    return FileTarget{*info_hash, file.offset, file.size, layout->piece_length(), file.path};
  }
  refusal = text(404, "the torrent has no file at that path");
  return std::nullopt;
}

Task<Reply> add_magnet(SessionView& session, const ServerState& server, std::string_view query) {
  if (server.settings.download_dir.empty()) co_return text(501, "adding torrents is off: no download_dir is set");
  const auto uri = query_param(query, "magnet");
  if (!uri) co_return text(400, "say which: POST /api/torrents?magnet=<percent-encoded magnet URI>");
  auto magnet = metainfo::parse_magnet_or_info_hash(*uri);
  if (!magnet) co_return text(400, "not a magnet link: " + magnet.error().message());
  AddTorrentParams params;
  params.magnet = std::move(*magnet);
  params.save_path = server.settings.download_dir;
  params.picker = server.settings.picker;
  auto added = co_await session.add_torrent(std::move(params));
  if (!added) co_return text(409, "not added: " + added.error().message());
  co_return json(200, nlohmann::json{{"info_hash", added->hex()}}.dump());
}

// POST /api/torrents/<hex>/pause and /resume.
Reply pause_or_resume(SessionView& session, std::string_view rest) {
  const auto slash = rest.find('/');
  const auto info_hash = metainfo::InfoHash::from_hex(rest.substr(0, slash));
  const auto verb = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
  if (!info_hash || (verb != "pause" && verb != "resume")) return text(404, "nothing here; the page is at /");
  const auto done = verb == "pause" ? session.pause(*info_hash) : session.resume(*info_hash);
  if (!done) return text(404, "no such torrent in this session");
  return Reply{204, "", "", {}};
}

Task<Reply> remove(SessionView& session, std::string_view hex) {
  const auto info_hash = metainfo::InfoHash::from_hex(hex);
  if (!info_hash || !session.status(*info_hash)) co_return text(404, "no such torrent in this session");
  auto removed = co_await session.remove_torrent(*info_hash);
  if (!removed) co_return text(500, "not removed: " + removed.error().message());
  co_return Reply{204, "", "", {}};
}

Task<Result<void>> send_reply(tcp::socket& socket, ServerState& server, const HttpRequest* request, Reply reply,
                              bool keep_alive) {
  Headers headers = std::move(reply.extra);
  if (!reply.content_type.empty()) headers.emplace_back("Content-Type", reply.content_type);
  if (reply.status != 204) headers.emplace_back("Content-Length", std::to_string(reply.body.size()));
  headers.emplace_back("Cache-Control", "no-store");
  headers.emplace_back("X-Content-Type-Options", "nosniff");
  if (!keep_alive) headers.emplace_back("Connection", "close");
  std::string bytes = format_head(reply.status, headers);
  if (request == nullptr || request->method != "HEAD") bytes += reply.body;
  ++server.counters.responses;
  auto sent = co_await write_all(socket, bytes, kWriteTimeout);
  co_return sent;
}

// The answer to a request that needs no waiting (or the refusal of one that would).
Reply answer_now(const HttpRequest& request, std::string_view path, const SessionView& session,
                 const ServerState& server) {
  const bool reading = request.method == "GET" || request.method == "HEAD";
  if (path == "/") {
    if (!reading) return not_allowed("GET, HEAD");
    Reply page{200, "text/html; charset=utf-8", web_page(server.settings.token), {}};
    // The page may not be framed by another site (clickjacking its add box).
    page.extra.emplace_back("X-Frame-Options", "DENY");
    return page;
  }
  if (path == kTorrentsPath) return reading ? json(200, torrents_json(session)) : not_allowed("GET, HEAD, POST");
  if (path == "/api/stats") return reading ? json(200, stats_json(server.counters)) : not_allowed("GET, HEAD");
  if (path.starts_with(kTorrentsPath)) {
    return not_allowed(path.ends_with("/pause") || path.ends_with("/resume") ? "POST" : "DELETE");
  }
  if (path.starts_with(kFilesPrefix)) return not_allowed("GET, HEAD");
  return text(404, "nothing here; the page is at /");
}

bool is_torrent_path(std::string_view path) {
  return path.size() > kTorrentsPath.size() + 1 && path.starts_with(kTorrentsPath) && path[kTorrentsPath.size()] == '/';
}

// Answers one request. False: close the connection.
Task<bool> answer(tcp::socket& socket, std::string& pending, SessionView& session, ServerState& server,
                  const HttpRequest& request) {
  const bool keep = request.keep_alive();
  const auto target = split_target(request.target);
  const std::string_view path = target.path;
  const bool reading = request.method == "GET" || request.method == "HEAD";
  Reply reply;
  if (!server.hosts.allows(request.header("host"))) {
    reply = text(421, "the Host header does not name this server");  // DNS rebinding
  } else if (reading && path.starts_with(kFilesPrefix)) {
    const auto file = find_file(session, path.substr(kFilesPrefix.size()), reply);
    if (file) {
      auto sent = co_await send_file(socket, pending, session, server, request, *file);
      co_return sent.has_value() && keep;
    }
  } else if ((request.method == "POST" && (path == kTorrentsPath || is_torrent_path(path))) ||
             (request.method == "DELETE" && is_torrent_path(path))) {
    if (!token_ok(request, server)) {
      reply = text(409, "this call needs the X-Corrent-Token header the server printed");
    } else if (request.method == "POST" && path == kTorrentsPath) {
      reply = co_await add_magnet(session, server, target.query);
    } else if (request.method == "POST") {
      reply = pause_or_resume(session, path.substr(kTorrentsPath.size() + 1));
    } else {
      reply = co_await remove(session, path.substr(kTorrentsPath.size() + 1));
    }
  } else {
    reply = answer_now(request, path, session, server);
  }
  auto sent = co_await send_reply(socket, server, &request, std::move(reply), keep);
  co_return sent.has_value() && keep;
}

}  // namespace

Task<void> serve_connection(tcp::socket socket, SessionView& session, ServerState& server) {
  ++server.counters.connections;
  std::string pending;
  Clock::duration limit = server.settings.head_timeout;
  while (true) {
    auto head = co_await read_head(socket, pending, limit);
    limit = kIdleTimeout;
    if (!head) {
      // A head too large, or one that began and did not end in time, is told why; a
      // client that closed or idled out between requests is just closed.
      if (head.error() == errc::head_too_large) {
        Reply too_large = text(431, std::string(describe(errc::head_too_large)));
        (void)co_await send_reply(socket, server, nullptr, std::move(too_large), false);
      } else if (head.error() == net::errc::timed_out && !pending.empty()) {
        Reply too_slow = text(408, "the request head did not arrive in time");
        (void)co_await send_reply(socket, server, nullptr, std::move(too_slow), false);
      }
      break;
    }
    auto request = parse_request(*head);
    if (!request) {
      const auto why = static_cast<errc>(request.error().value());
      const int status = request.error().category() == make_error_code(why).category() ? status_for(why) : 400;
      Reply refused = text(status, request.error().message());
      (void)co_await send_reply(socket, server, nullptr, std::move(refused), false);
      break;
    }
    const bool keep = co_await answer(socket, pending, session, server, *request);
    if (!keep) break;
  }
  co_await linger_close(socket);
}

}  // namespace corrent::stream_http
