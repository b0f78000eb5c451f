#pragma once
// What `stream` and `download --serve` share: the stream_http plugin turned on with the
// flags' port and address, the wait until it listens, and the lines that give its URLs
// (one http:// URL per line: the page, then each file of a torrent).

#include <memory>
#include <optional>
#include <string>

#include "cli_args.hpp"
#include "corrent/core/task.hpp"
#include "corrent/engine/session.hpp"
#include "corrent/plugins/stream_http.hpp"
#include "event_printer.hpp"
#include "plugin_options.hpp"

namespace corrent::cli {

/// How long the server may take to listen once the session started.
inline constexpr std::chrono::seconds kServeStartTimeout{10};

/// Where the server said it listens; filled by the observer, on the session's executor.
using ServeState = std::shared_ptr<std::optional<plugins::StreamHttpListening>>;

/// Registers stream_http for the session of `plugins`, listening on `bind`:`port`, adding
/// torrents (the page's magnet box) into `out_dir` with the streaming picker. After every
/// --set: the flags win.
ServeState enable_serving(PluginOptions& plugins, std::uint32_t port, const std::string& bind,
                          const std::string& out_dir);

/// Waits until the server listens (kServeStartTimeout at most; it may fail to bind, and
/// the session then says why in a warning).
Task<ArgResult<plugins::StreamHttpListening>> wait_for_server(ServeState state);

/// "http://127.0.0.1:PORT": the server's origin, with a loopback address for a server
/// bound to every address.
std::string serve_origin(const plugins::StreamHttpListening& listening);

/// Prints the page's URL and the token (`{"event": "serving", "url", "token"}` in JSON).
void print_serving(const plugins::StreamHttpListening& listening, EventPrinter& out);

/// Prints the URL of each file of `info_hash` (`{"event": "stream_file", "index", "path",
/// "size", "url"}` in JSON), or of file `only` alone. False while the torrent has no
/// metadata yet (a magnet link): nothing is printed then.
bool print_file_urls(engine::Session& session, const metainfo::InfoHash& info_hash,
                     const plugins::StreamHttpListening& listening, std::optional<std::uint32_t> only,
                     EventPrinter& out);

}  // namespace corrent::cli
