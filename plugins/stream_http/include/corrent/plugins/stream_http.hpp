#pragma once
// stream_http: an HTTP/1.1 server (a Service plugin) that streams every torrent of the
// session while it downloads: one URL per file, with Range requests (206, 416), HEAD and
// keep-alive; reading drives the download (deadlines on the pieces under the reading
// position, and a read-ahead window that grows with the rate the reader consumes); a seek
// cancels the old position's requests at once. It also serves a web page (GET /) and a
// JSON list of the torrents (GET /api/torrents). docs/streaming.md has the API and the
// security rules; in short: it binds 127.0.0.1 unless told otherwise, answers only
// requests whose Host names the server (DNS rebinding: 421), and state-changing calls
// (add, remove) need the token it prints (X-Corrent-Token; 409 without it).
//
// Not in the standard bundle: register it to have a server. Configuration section
// "stream_http":
//   bind              (string, default "127.0.0.1"): the address to listen on
//   port              (integer, default 0, 0..65535): 0 picks a free port
//   max_connections   (integer, default 32, 1..1024): connections served at once; one
//                     more is answered 503 and closed
//   token             (string, default ""): the token of state-changing calls; empty:
//                     32 random hex characters, made at start
//   allowed_hosts     (strings, default []): more Host names to accept (a name the server
//                     is reached by, such as a LAN host name), beside its own address,
//                     "localhost", 127.0.0.1 and [::1]
//   read_ahead_seconds (integer, default 20, 1..600): how far ahead of the reader pieces
//                     get deadlines, in seconds of the rate it reads at

#include <functional>
#include <string>
#include <string_view>

#include "corrent/metainfo/info_hash.hpp"
#include "corrent/net/endpoint.hpp"

namespace corrent {
class Registry;
}

namespace corrent::plugins {

/// Where the server listens, once it does.
struct StreamHttpListening {
  net::Endpoint endpoint;  ///< the bound address, with the real port
  std::string token;       ///< for state-changing calls (header X-Corrent-Token)
};

/// Told once the server listens (on the session's executor), so that a program can print
/// its URLs.
using StreamHttpObserver = std::function<void(const StreamHttpListening&)>;

/// Registers the "stream_http" service plugin; `on_listening` (optional) hears where it
/// listens each time a session builds it.
void register_stream_http(Registry& registry, StreamHttpObserver on_listening = {});

/// The URL path that serves file `path` (a metainfo::FileEntry::path) of the torrent
/// `info_hash`: "/files/<40 hex>/<path, percent-encoded but for '/'>".
[[nodiscard]] std::string stream_http_file_path(const metainfo::InfoHash& info_hash, std::string_view path);

/// "http://ADDRESS:PORT" for `endpoint` ("[::1]" for IPv6).
[[nodiscard]] std::string stream_http_origin(const net::Endpoint& endpoint);

}  // namespace corrent::plugins
