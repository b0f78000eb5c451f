// The only file of the stream_http plugin that reads configuration (STYLE.md rule 9).
#include <memory>
#include <string>
#include <utility>

#include "corrent/core/encoding.hpp"
#include "corrent/crypto/random.hpp"
#include "corrent/net/endpoint.hpp"
#include "corrent/plugins/stream_http.hpp"
#include "corrent/registry/registry.hpp"
#include "serve_limits.hpp"
#include "stream_errc.hpp"
#include "stream_service.hpp"
#include "url_path.hpp"

namespace corrent::plugins {
namespace {

// A token of 128 random bits, as hex.
std::string new_token() {
  std::array<std::byte, 16> bytes{};
  crypto::random_bytes(bytes);
  return to_hex(std::span(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()));
}

Result<stream_http::StreamSettings> read_settings(const ConfigSection& config) {
  stream_http::StreamSettings s;
  CORRENT_TRY(const auto bind, config.get_string("bind", "127.0.0.1"));
  CORRENT_TRY(const auto port, config.get_int("port", 0, 0, 65535));
  // An address alone ("::1", "0.0.0.0"): Endpoint::parse wants the port too.
  const std::string with_port = bind.find(':') != std::string::npos && bind.front() != '['
                                    ? "[" + bind + "]:" + std::to_string(port)
                                    : bind + ":" + std::to_string(port);
  CORRENT_TRY(s.bind, net::Endpoint::parse(with_port));
  CORRENT_TRY(const auto max, config.get_int("max_connections", static_cast<std::int64_t>(stream_http::kDefaultMaxConnections),
                                             1, static_cast<std::int64_t>(stream_http::kMaxConnectionsLimit)));
  s.max_connections = static_cast<std::size_t>(max);
  CORRENT_TRY(s.token, config.get_string("token", ""));
  if (s.token.empty()) s.token = new_token();
  CORRENT_TRY(s.allowed_hosts, config.get_strings("allowed_hosts", {}));
  CORRENT_TRY(const auto ahead, config.get_int("read_ahead_seconds", stream_http::kDefaultReadAheadSeconds, 1,
                                               stream_http::kMaxReadAheadSeconds));
  s.read_ahead = std::chrono::seconds(ahead);
  CORRENT_TRY(s.download_dir, config.get_string("download_dir", ""));
  CORRENT_TRY(s.picker, config.get_string("picker", ""));
  return s;
}

}  // namespace

void register_stream_http(Registry& registry, StreamHttpObserver on_listening) {
  ConfigSchema schema;
  schema.string("bind", "127.0.0.1", "the address to listen on (a public one exposes every torrent: see docs/streaming.md)")
      .integer("port", 0, 0, 65535, "the port to listen on; 0 picks a free one")
      .integer("max_connections", static_cast<std::int64_t>(stream_http::kDefaultMaxConnections), 1,
               static_cast<std::int64_t>(stream_http::kMaxConnectionsLimit),
               "connections served at once; one more is answered 503")
      .string("token", "", "the X-Corrent-Token of calls that add or remove torrents; empty: a random one")
      .strings("allowed_hosts", {}, "more Host names to accept besides the server's address and localhost")
      .integer("read_ahead_seconds", stream_http::kDefaultReadAheadSeconds, 1, stream_http::kMaxReadAheadSeconds,
               "how far ahead of a reader pieces get deadlines, in seconds of its rate")
      .string("download_dir", "", "where torrents added through the API download; empty: adding is off")
      .string("picker", "", "the picker of torrents added through the API; empty: the session's");
  const auto factory = [on_listening](PluginContext& context) -> Result<std::unique_ptr<Service>> {
    CORRENT_TRY(auto settings, read_settings(context.config));
    return std::unique_ptr<Service>(
        std::make_unique<stream_http::StreamService>(context.executor, std::move(settings), on_listening));
  };
  // A rejection (the name is taken) is kept in registry.rejected().
  (void)registry.add_service("stream_http", factory, std::move(schema));
}

std::string stream_http_file_path(const metainfo::InfoHash& info_hash, std::string_view path) {
  return "/files/" + info_hash.hex() + "/" + stream_http::percent_encode_path(path);
}

std::string stream_http_origin(const net::Endpoint& endpoint) { return "http://" + endpoint.to_string(); }

}  // namespace corrent::plugins
