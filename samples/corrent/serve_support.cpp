#include "serve_support.hpp"

#include <asio/steady_timer.hpp>
#include <asio/this_coro.hpp>

#include <nlohmann/json.hpp>

namespace corrent::cli {

namespace {

constexpr std::chrono::milliseconds kServePoll{20};

}  // namespace

ServeState enable_serving(PluginOptions& plugins, std::uint32_t port, const std::string& bind,
                          const std::string& out_dir) {
  auto state = std::make_shared<std::optional<plugins::StreamHttpListening>>();
  plugins.serve = true;
  plugins.serve_observer = [state](const plugins::StreamHttpListening& listening) { *state = listening; };
  plugins.sets.push_back("stream_http.port=" + std::to_string(port));
  plugins.sets.push_back("stream_http.bind=" + bind);
  plugins.sets.push_back("stream_http.download_dir=" + out_dir);
  plugins.sets.push_back("stream_http.picker=picker_streaming");
  return state;
}

Task<ArgResult<plugins::StreamHttpListening>> wait_for_server(ServeState state) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  const auto give_up = std::chrono::steady_clock::now() + kServeStartTimeout;
  while (!state->has_value()) {
    if (std::chrono::steady_clock::now() >= give_up) {
      co_return tl::make_unexpected(std::string("the streaming server did not start (see the warning above)"));
    }
    timer.expires_after(kServePoll);
    (void)co_await timer.async_wait(use_nothrow);
  }
  co_return **state;
}

std::string serve_origin(const plugins::StreamHttpListening& listening) {
  auto at = listening.endpoint;
  if (at.is_unspecified()) {
    at = at.is_v6() ? net::Endpoint::v6({0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, at.port())
                    : net::Endpoint::v4({127, 0, 0, 1}, at.port());
  }
  return plugins::stream_http_origin(at);
}

void print_serving(const plugins::StreamHttpListening& listening, EventPrinter& out) {
  const std::string url = serve_origin(listening) + "/";
  out.line({{"event", "serving"}, {"url", url}, {"token", listening.token}}, url);
  if (out.mode() != OutputMode::json) {
    out.line({}, "token: " + listening.token + " (X-Corrent-Token, for calls that add or remove torrents)");
  }
}

bool print_file_urls(engine::Session& session, const metainfo::InfoHash& info_hash,
                     const plugins::StreamHttpListening& listening, std::optional<std::uint32_t> only,
                     EventPrinter& out) {
  const auto layout = session.view().files(info_hash);
  if (!layout) return false;
  const std::string origin = serve_origin(listening);
  for (std::size_t i = 0; i < layout->files().size(); ++i) {
    const auto& file = layout->files()[i];
    if (file.pad || (only && *only != i)) continue;
    const std::string url = origin + plugins::stream_http_file_path(info_hash, file.path);
    out.line({{"event", "stream_file"}, {"index", i}, {"path", file.path}, {"size", file.size}, {"url", url}}, url);
  }
  return true;
}

}  // namespace corrent::cli
