#include "piece_fetcher.hpp"

#include <algorithm>
#include <cstring>

#include <asio/error.hpp>
#include "corrent/core/clock.hpp"
#include <asio/this_coro.hpp>

#include "content_range.hpp"
#include "corrent/crypto/sha1.hpp"
#include "corrent/net/http/http_client.hpp"
#include "url_mapping.hpp"
#include "webseed_errc.hpp"

namespace corrent::webseed {

std::chrono::milliseconds retry_delay(std::chrono::milliseconds first, std::uint32_t attempt) {
  auto delay = first;
  for (std::uint32_t i = 1; i < attempt && delay < kMaxRetryDelay; ++i) delay *= 2;
  return std::min(delay, kMaxRetryDelay);
}

bool verify_piece(const metainfo::Metainfo& meta, PieceIndex piece, std::span<const std::byte> bytes) {
  crypto::Sha1 hasher;
  hasher.update(bytes);
  return hasher.finish() == meta.piece_hash(piece);
}

Task<Result<std::vector<std::byte>>> fetch_piece_once(asio::any_io_executor executor, std::string base,
                                                      std::shared_ptr<const metainfo::Metainfo> meta,
                                                      PieceIndex piece, std::chrono::milliseconds timeout,
                                                      std::optional<net::ProxySettings> proxy) {
  std::vector<std::byte> out(meta->layout.piece_size(piece));  // zeros: pad files stay so
  std::size_t at = 0;
  for (const auto& range : piece_ranges(meta->layout, piece)) {
    if (!range.pad) {
      const RangeAsked asked{range.offset, range.length, meta->layout.files()[range.file.value].size};
      net::http::HttpOptions options;
      options.receive_timeout = timeout;
      options.total_timeout = timeout;
      options.max_body_bytes = body_bound(asked);
      options.headers.emplace_back("Range", range_header(asked));
      options.proxy = proxy;
      auto response = co_await net::http::http_get(executor, file_url(base, *meta, range.file), std::move(options));
      if (!response) co_return tl::make_unexpected(response.error());
      CORRENT_CO_TRY(const auto body, range_body(*response, asked));
      std::memcpy(out.data() + at, body.data(), body.size());
    }
    at += static_cast<std::size_t>(range.length);
  }
  co_return out;
}

Task<Result<std::vector<std::byte>>> fetch_verified_piece(asio::any_io_executor executor, std::string base,
                                                          std::shared_ptr<const metainfo::Metainfo> meta,
                                                          PieceIndex piece, FetchSettings settings) {
  Timer timer(executor);
  const std::uint32_t attempts = std::max<std::uint32_t>(settings.max_retries, 1);
  for (std::uint32_t attempt = 1; attempt <= attempts; ++attempt) {
    if (attempt > 1) {
      timer.expires_after(retry_delay(settings.retry_delay, attempt - 1));
      const auto [ec] = co_await timer.async_wait(use_nothrow);
      if (ec) co_return fail(asio::error::operation_aborted);
    }
    auto bytes = co_await fetch_piece_once(executor, base, meta, piece, settings.request_timeout, settings.proxy);
    if (!bytes) {
      if (bytes.error() == asio::error::operation_aborted) co_return tl::make_unexpected(bytes.error());
      continue;  // refused, 5xx, timeout, a wrong range: try again
    }
    if (!verify_piece(*meta, piece, *bytes)) co_return fail(errc::bad_data);
    co_return bytes;
  }
  co_return fail(errc::fetch_failed);
}

}  // namespace corrent::webseed
