#pragma once
// One HTTP/1.1 connection of the server: requests read one at a time (the head bounded in
// size and time), each answered in full before the next is read (pipelined requests wait
// in the buffer), until the client closes, asks to, errs, or idles past kIdleTimeout.
// Routes:
//   GET|HEAD /                         the page
//   GET|HEAD /api/torrents             torrents_json
//   GET|HEAD /api/stats                the ServeCounters
//   POST     /api/torrents?magnet=URI  adds a magnet link       (token)
//   DELETE   /api/torrents/<hex>       removes a torrent        (token)
//   POST     /api/torrents/<hex>/pause, /resume                 (token)
//   GET|HEAD /files/<hex>/<path>       a file, with Range        (file_response.hpp)

#include <asio/ip/tcp.hpp>

#include "corrent/core/task.hpp"
#include "corrent/view/session_view.hpp"
#include "server_state.hpp"

namespace corrent::stream_http {

/// Serves `socket` until it ends. `session` and `server` outlive the call.
Task<void> serve_connection(asio::ip::tcp::socket socket, SessionView& session, ServerState& server);

}  // namespace corrent::stream_http
