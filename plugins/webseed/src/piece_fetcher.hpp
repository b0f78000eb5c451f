#pragma once
// Fetching one whole piece from a web seed: one ranged GET per file the piece spans (pad
// files are zeros, never fetched), retried with a doubling back-off, then checked against
// the piece's SHA-1.

#include <chrono>
#include <optional>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <asio/any_io_executor.hpp>

#include "corrent/core/result.hpp"
#include "corrent/core/strong_types.hpp"
#include "corrent/core/task.hpp"
#include "corrent/metainfo/metainfo.hpp"
#include "corrent/net/socks5.hpp"
#include "webseed_limits.hpp"

namespace corrent::webseed {

/// How the fetches of one web seed behave (WebSeedSettings' part of it).
struct FetchSettings {
  std::uint32_t max_retries = kDefaultMaxRetries;  ///< attempts per piece
  std::chrono::milliseconds retry_delay = kDefaultRetryDelay;
  std::chrono::milliseconds request_timeout = kDefaultRequestTimeout;
  /// Every request goes through this SOCKS5 proxy when set (the "proxy" key).
  std::optional<net::ProxySettings> proxy;
};

/// The wait before attempt `attempt` (1-based: the first retry waits `first`), doubled
/// each time, at most kMaxRetryDelay.
[[nodiscard]] std::chrono::milliseconds retry_delay(std::chrono::milliseconds first, std::uint32_t attempt);

/// Whether `bytes` are piece `piece` of `meta` (its SHA-1).
[[nodiscard]] bool verify_piece(const metainfo::Metainfo& meta, PieceIndex piece, std::span<const std::byte> bytes);

/// One attempt: the bytes of `piece`, unverified. Errors: the HTTP client's (refused,
/// timed_out, ...), bad_status, bad_content_range, bad_body_length.
Task<Result<std::vector<std::byte>>> fetch_piece_once(asio::any_io_executor executor, std::string base,
                                                      std::shared_ptr<const metainfo::Metainfo> meta,
                                                      PieceIndex piece, std::chrono::milliseconds timeout,
                                                      std::optional<net::ProxySettings> proxy);

/// Up to settings.max_retries attempts, then the SHA-1 check. Errors: bad_data (the hash
/// did not match: no retry), fetch_failed (every attempt failed), operation_aborted.
Task<Result<std::vector<std::byte>>> fetch_verified_piece(asio::any_io_executor executor, std::string base,
                                                          std::shared_ptr<const metainfo::Metainfo> meta,
                                                          PieceIndex piece, FetchSettings settings);

}  // namespace corrent::webseed
