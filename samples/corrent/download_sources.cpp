#include "download_sources.hpp"

#include <arpa/inet.h>
#include <netdb.h>

#include <asio/co_spawn.hpp>
#include <asio/io_context.hpp>

#include <exception>
#include <filesystem>

#include "cli_common.hpp"
#include "corrent/metainfo/limits.hpp"
#include "corrent/metainfo/torrent_file.hpp"
#include "corrent/net/http/errc.hpp"
#include "corrent/net/http/http_client.hpp"

namespace corrent::cli {

std::size_t max_fetched_torrent_size() { return metainfo::kDefaultMaxTorrentSize; }

namespace {

// A magnet URI, or a bare info-hash as a magnet with nothing else; nullopt if `text` is
// neither (then it is a file name; an existing file of that name wins).
std::optional<ArgResult<metainfo::Magnet>> as_magnet(const std::string& text) {
  const bool looks_like_hash = text.size() == 40 || text.size() == 32;
  if (!text.starts_with("magnet:") && (!looks_like_hash || std::filesystem::exists(text))) return std::nullopt;
  auto m = metainfo::parse_magnet_or_info_hash(text);
  if (!m) {
    if (!text.starts_with("magnet:")) return std::nullopt;  // not a hash after all: a file name
    return ArgResult<metainfo::Magnet>(tl::make_unexpected("bad magnet link: " + m.error().message()));
  }
  if (!m->info_hash) {
    return ArgResult<metainfo::Magnet>(tl::make_unexpected(std::string("the magnet link has no v1 info-hash (xt=urn:btih:...)")));
  }
  return ArgResult<metainfo::Magnet>(std::move(*m));
}

// A magnet's x.pe peers given by host name (x.pe=localhost:6881): resolved here, before the
// session starts, and added to `peers`; one that cannot be resolved is a warning, never
// dropped in silence. Numeric ones stay in the magnet for the engine.
void resolve_magnet_peers(metainfo::Magnet& magnet, std::vector<net::Endpoint>& peers) {
  std::vector<std::string> numeric;
  for (const auto& text : magnet.peers) {
    if (net::Endpoint::parse(text)) {
      numeric.push_back(text);
      continue;
    }
    const auto colon = text.rfind(':');
    const auto host = colon == std::string::npos ? text : text.substr(0, colon);
    const auto port = colon == std::string::npos ? std::string() : text.substr(colon + 1);
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV;
    addrinfo* found = nullptr;
    const int rc = port.empty() ? EAI_SERVICE : ::getaddrinfo(host.c_str(), port.c_str(), &hints, &found);
    std::size_t added = 0;
    for (const addrinfo* a = rc == 0 ? found : nullptr; a != nullptr; a = a->ai_next) {
      char ip[INET6_ADDRSTRLEN] = {};
      const bool v6 = a->ai_family == AF_INET6;
      const void* raw = v6 ? static_cast<const void*>(&reinterpret_cast<const sockaddr_in6*>(a->ai_addr)->sin6_addr)
                           : static_cast<const void*>(&reinterpret_cast<const sockaddr_in*>(a->ai_addr)->sin_addr);
      if ((a->ai_family != AF_INET && !v6) || ::inet_ntop(a->ai_family, raw, ip, sizeof ip) == nullptr) continue;
      if (auto e = net::Endpoint::parse(v6 ? "[" + std::string(ip) + "]:" + port : std::string(ip) + ":" + port)) {
        peers.push_back(*e);
        ++added;
      }
    }
    if (found != nullptr) ::freeaddrinfo(found);
    if (added == 0) {
      const std::string why = port.empty() ? "no port (expected HOST:PORT)" : ::gai_strerror(rc);
      report_error("download", "warning: magnet peer x.pe=" + text + " ignored: " + why);
    }
  }
  magnet.peers = std::move(numeric);
}

// Where the torrent's files go, looked at before anything is fetched: a file where the
// torrent has a folder, or a folder where it has a file, is named (else the first write
// would fail with only "Not a directory"). Nothing is created here.
std::optional<std::string> layout_conflict(const metainfo::Metainfo& meta, const std::filesystem::path& out) {
  namespace fs = std::filesystem;
  for (const auto& file : meta.layout.files()) {
    if (file.pad) continue;
    auto at = out;
    const fs::path rel(file.path);
    for (auto part = rel.begin(); part != rel.end(); ++part) {
      at /= *part;
      std::error_code ec;
      const auto status = fs::symlink_status(at, ec);
      if (!fs::exists(status)) break;
      const bool last = std::next(part) == rel.end();
      if (!last && !fs::is_directory(fs::status(at, ec))) {
        return at.string() + ": " + std::make_error_code(std::errc::not_a_directory).message() +
               " (the torrent puts " + file.path + " inside it)";
      }
      if (last && fs::is_directory(fs::status(at, ec))) {
        return at.string() + ": " + std::make_error_code(std::errc::is_a_directory).message() +
               " (the torrent has the file " + file.path + " there)";
      }
    }
  }
  return std::nullopt;
}

bool is_http_url(const std::string& text) { return text.starts_with("http://") || text.starts_with("https://"); }

}  // namespace

ArgResult<std::string> fetch_torrent(const std::string& url) {
  asio::io_context io;
  net::http::HttpOptions options;
  options.total_timeout = kTorrentFetchTimeout;
  options.max_body_bytes = max_fetched_torrent_size();
  std::optional<Result<net::http::HttpResponse>> got;
  std::exception_ptr failed;
  auto request = net::http::http_get(io.get_executor(), url, options);
  asio::co_spawn(io, std::move(request), [&](std::exception_ptr e, Result<net::http::HttpResponse> r) {
    failed = e;
    got = std::move(r);
  });
  io.run();
  if (failed || !got) return tl::make_unexpected(url + ": the request failed");
  if (!*got) {
    const auto ec = got->error();
    if (ec == net::http::errc::body_too_large) {
      return tl::make_unexpected(url + ": " + ec.message() + " (a .torrent is at most " +
                                 std::to_string(max_fetched_torrent_size()) + " bytes)");
    }
    if (ec == net::http::errc::timed_out) {
      return tl::make_unexpected(url + ": " + ec.message() + " (no .torrent within " +
                                 std::to_string(kTorrentFetchTimeout.count()) + " s)");
    }
    return tl::make_unexpected(url + ": " + ec.message());
  }
  auto& response = **got;
  if (response.status != 200) {
    return tl::make_unexpected(url + ": HTTP " + std::to_string(response.status) +
                               (response.reason.empty() ? "" : " " + response.reason));
  }
  return std::move(response.body);
}

tl::expected<Source, SourceError> read_source(const std::string& text, const std::vector<std::uint32_t>& only,
                                              const std::string& out_dir) {
  Source source;
  source.given = text;
  if (auto magnet = as_magnet(text)) {
    if (!*magnet) return tl::make_unexpected(SourceError{text + ": " + magnet->error(), kExitUsage});
    source.magnet = std::move(**magnet);
    // --only as BEP 53's "so": the file indices are checked once the metadata is known.
    for (const auto f : only) source.magnet->select_only.emplace_back(FileIndex{f}, FileIndex{f});
    resolve_magnet_peers(*source.magnet, source.peers);
    return source;
  }
  Result<metainfo::Metainfo> meta = tl::make_unexpected(std::error_code());
  if (is_http_url(text)) {
    auto bytes = fetch_torrent(text);
    if (!bytes) return tl::make_unexpected(SourceError{bytes.error(), kExitFailure});
    auto parsed = metainfo::parse_torrent(*bytes);
    if (!parsed) return tl::make_unexpected(SourceError{text + ": " + parsed.error().message(), kExitFailure});
    meta = std::move(*parsed);
  } else {
    meta = metainfo::load_torrent_file(text);
    if (!meta) return tl::make_unexpected(SourceError{text + ": " + meta.error().message(), kExitFailure});
  }
  auto prios = only_priorities(only, meta->layout);
  if (!prios) return tl::make_unexpected(SourceError{prios.error(), kExitUsage});
  if (auto conflict = layout_conflict(*meta, out_dir)) return tl::make_unexpected(SourceError{*conflict, kExitFailure});
  source.meta = std::move(*meta);
  source.priorities = std::move(*prios);
  return source;
}

}  // namespace corrent::cli
