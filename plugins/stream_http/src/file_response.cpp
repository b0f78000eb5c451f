#include "file_response.hpp"

#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

#include <asio/experimental/awaitable_operators.hpp>
#include <asio/this_coro.hpp>

#include "byte_range.hpp"
#include "content_type.hpp"
#include "corrent/net/timeout.hpp"
#include "http_response.hpp"
#include "read_ahead.hpp"
#include "serve_limits.hpp"
#include "socket_io.hpp"
#include "stream_limits.hpp"

namespace corrent::stream_http {

namespace {

// The pieces a body has given deadlines to, to clear when it ends.
struct Window {
  std::optional<PieceIndex> first, last;
  void cover(PieceIndex from, PieceIndex to) {
    first = from;
    last = last ? std::max(*last, to) : to;
  }
};

Task<Result<void>> stream_body(asio::ip::tcp::socket& socket, SessionView& session, const ServerState& server,
                               const FileTarget& file, ByteRange range, Window& window) {
  const std::uint64_t end = file.offset + range.last + 1;
  std::uint64_t position = file.offset + range.first;
  ReaderRate rate(Clock::now());
  while (position < end) {
    const auto plan =
        read_ahead_plan(position, end, file.piece_length, rate.rate(Clock::now()), server.settings.read_ahead);
    for (const auto& d : plan) (void)session.set_piece_deadline(file.info_hash, d.piece, d.due);
    if (!plan.empty()) window.cover(plan.front().piece, plan.back().piece);
    const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(kChunkBytes, end - position));
    auto read = session.read(file.info_hash, position, n);
    auto bytes = co_await net::with_timeout(std::move(read), kReadTimeout);
    if (!bytes) co_return fail(bytes.error());
    const std::span<const char> text(reinterpret_cast<const char*>(bytes->data()), bytes->size());
    auto written = co_await write_all(socket, text, kWriteTimeout);
    if (!written) co_return written;
    rate.add(n);
    position += n;
  }
  co_return Result<void>{};
}

// Reads what the client sends while the body goes out: a close (the player seeks on a
// new connection, or stopped) ends this, and so the body; a pipelined request is kept.
Task<Result<void>> watch_close(asio::ip::tcp::socket& socket, std::string& pending) {
  while (pending.size() <= kMaxRequestHead) {
    auto more = co_await read_more(socket, pending, kWriteTimeout + kReadTimeout);
    if (!more && more.error() != net::errc::timed_out) co_return more;
  }
  // Enough is held for the next request: read no more until the body ends.
  Timer never(co_await asio::this_coro::executor, std::chrono::hours(24));
  (void)co_await never.async_wait(use_nothrow);
  co_return Result<void>{};
}

}  // namespace

Task<Result<void>> send_file(asio::ip::tcp::socket& socket, std::string& pending, SessionView& session,
                             ServerState& server, const HttpRequest& request, const FileTarget& file) {
  using asio::experimental::awaitable_operators::operator||;
  const auto asked = resolve_range(request.header("range"), file.size);
  Headers headers{{"Accept-Ranges", "bytes"}, {"X-Content-Type-Options", "nosniff"}};
  if (!request.keep_alive()) headers.emplace_back("Connection", "close");
  if (asked.kind == RangeKind::unsatisfiable || asked.kind == RangeKind::multiple) {
    const std::string body = asked.kind == RangeKind::multiple
                                 ? "several ranges in one request are not served: ask for one at a time\n"
                                 : "the range asked lies past the end of the file\n";
    headers.emplace_back("Content-Range", unsatisfied_content_range(file.size));
    headers.emplace_back("Content-Type", "text/plain; charset=utf-8");
    headers.emplace_back("Content-Length", std::to_string(body.size()));
    const std::string text = format_head(416, headers) + (request.method == "HEAD" ? "" : body);
    ++server.counters.responses;
    auto sent = co_await write_all(socket, text, kWriteTimeout);
    co_return sent;
  }
  const bool partial = asked.kind == RangeKind::partial;
  const ByteRange range = partial ? asked.range : ByteRange{0, file.size == 0 ? 0 : file.size - 1};
  const std::uint64_t length = file.size == 0 ? 0 : range.length();
  headers.emplace_back("Content-Type", std::string(content_type_for(file.path)));
  headers.emplace_back("Content-Length", std::to_string(length));
  if (partial) headers.emplace_back("Content-Range", content_range(range, file.size));
  const std::string head = format_head(partial ? 206 : 200, headers);
  ++server.counters.responses;
  auto sent = co_await write_all(socket, head, kWriteTimeout);
  if (!sent || request.method == "HEAD" || length == 0) co_return sent;

  Window window;
  auto body = stream_body(socket, session, server, file, range, window);
  auto watch = watch_close(socket, pending);
  auto outcome = co_await (std::move(body) || std::move(watch));
  const bool whole = outcome.index() == 0 && std::get<0>(outcome).has_value();
  if (window.first) {
    // Whole: every piece of the window was read, so this cancels nothing; cut short, the
    // old position's requests give their bandwidth to the reader's next position now.
    const auto cancelled = session.clear_piece_deadlines(file.info_hash, *window.first, *window.last);
    if (cancelled) server.counters.requests_cancelled += *cancelled;
  }
  if (whole) co_return Result<void>{};
  ++server.counters.bodies_cut;
  if (outcome.index() == 1) co_return fail(asio::error::eof);  // the reader left, or sent too much
  co_return std::move(std::get<0>(outcome));
}

}  // namespace corrent::stream_http
