#include "torrent_source.hpp"

#include <fstream>
#include <iterator>
#include <system_error>
#include <variant>

#include "corrent/client/limits.hpp"
#include "corrent/metainfo/magnet.hpp"
#include "corrent/metainfo/magnet_errc.hpp"
#include "corrent/metainfo/metainfo.hpp"
#include "corrent/net/http/errc.hpp"
#include "corrent/net/http/http_client.hpp"

namespace corrent::client::detail {


ClientResult<AddTorrentParams> from_magnet(metainfo::Magnet magnet) {
  if (!magnet.info_hash) {
    return client_fail(errc::invalid_info_hash, "a magnet link without a v1 info-hash (btih)");
  }
  AddTorrentParams params;
  params.magnet = std::move(magnet);
  return params;
}

ClientResult<AddTorrentParams> from_text(const std::string& text) {
  auto parsed = metainfo::parse_magnet_or_info_hash(text);
  if (!parsed) {
    const auto code = parsed.error().code;
    const bool about_hash = !text.starts_with("magnet:") || code == metainfo::magnet_errc::invalid_info_hash ||
                            code == metainfo::magnet_errc::missing_info_hash;
    return client_fail(about_hash ? errc::invalid_info_hash : errc::invalid_torrent, parsed.error().message(), code);
  }
  return from_magnet(std::move(*parsed));
}

ClientResult<AddTorrentParams> from_path(const std::filesystem::path& path, std::size_t max_bytes) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec == std::errc::no_such_file_or_directory) return client_fail(errc::file_not_found, path.string(), ec);
  if (ec) return client_fail(errc::storage, path.string(), ec);
  if (size > max_bytes) return client_fail(errc::too_large, path.string());
  std::ifstream in(path, std::ios::binary);
  if (!in) return client_fail(errc::storage, "cannot open " + path.string());
  const std::string bytes{std::istreambuf_iterator<char>(in), {}};
  return from_torrent_bytes(bytes, max_bytes);
}

Task<ClientResult<AddTorrentParams>> fetch_url(asio::any_io_executor executor, std::string url, std::size_t max_bytes) {
  net::http::HttpOptions options;
  options.max_body_bytes = max_bytes;
  options.total_timeout = kTorrentFetchTimeout;
  options.max_redirects = kTorrentFetchMaxRedirects;
  auto response = co_await net::http::http_get(executor, url, options);
  if (!response) {
    const bool too_big = response.error() == net::http::errc::body_too_large;
    co_return client_fail(too_big ? errc::too_large : errc::network, url, response.error());
  }
  if (response->status != 200) {
    co_return client_fail(errc::network, url + ": HTTP status " + std::to_string(response->status));
  }
  co_return from_torrent_bytes(response->body, max_bytes);
}

ClientResult<AddTorrentParams> from_torrent_bytes(std::string_view bytes, std::size_t max_bytes) {
  if (bytes.size() > max_bytes) return client_fail(errc::too_large, std::to_string(bytes.size()) + " bytes");
  auto parsed = metainfo::parse_torrent(bytes);
  if (!parsed) return client_fail(errc::invalid_torrent, parsed.error().message(), parsed.error().code);
  AddTorrentParams params;
  params.metainfo = std::move(*parsed);
  return params;
}

void add_defaults(const ClientState& state, AddTorrentParams& params) {
  if (state.directory) params.save_path = *state.directory;
  if (state.default_trackers.empty()) return;
  if (params.magnet) {
    for (const auto& url : state.default_trackers) params.magnet->trackers.push_back(url);
  } else {
    params.metainfo.trackers.push_back(state.default_trackers);  // a last tier (BEP 12)
  }
}

std::optional<metainfo::InfoHash> info_hash_of(const AddTorrentParams& params) {
  if (params.magnet) return params.magnet->info_hash;
  return params.metainfo.info_hash;
}

}  // namespace corrent::client::detail
