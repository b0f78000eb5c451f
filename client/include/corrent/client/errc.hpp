#pragma once
// The error values of the client API (category "corrent.client"), and ClientError: the
// code to match on, the lower layer's code that caused it, and a detail for people (the
// info-hash of a duplicate, the path that is missing, the URL that failed).

#include <string>
#include <string_view>
#include <system_error>
#include <utility>

#include <tl/expected.hpp>

#include "corrent/core/error.hpp"

namespace corrent::client {

/// Why a Client or TorrentHandle call failed. Match ClientError::code against these.
enum class errc {
  ok = 0,
  invalid_torrent,     ///< the bytes are not a valid .torrent (or the magnet is malformed)
  invalid_info_hash,   ///< not 40 hex or 32 base32 characters, or a magnet with a bad xt
  network,             ///< fetching a .torrent URL failed (connection, status, redirects, time)
  storage,             ///< reading or writing local data failed (a path, the torrent's storage)
  torrent_destroyed,   ///< the torrent was removed from the client
  client_destroyed,    ///< destroy() was called on the client
  duplicate_torrent,   ///< the client already has this info-hash (ClientError::detail names it)
  option_unsupported,  ///< an option (or call) needs a plugin or engine feature not built yet
  file_not_found,      ///< a torrent path, or the blocklist file, does not exist
  too_large,           ///< a .torrent (file or URL) over ClientOptions::max_torrent_file_bytes
  invalid_option,      ///< an option's value is out of range (listen host, blocklist syntax)
  metadata_pending,    ///< a magnet link whose info dictionary has not arrived yet
  out_of_range,        ///< a file index or seek position past the end
  timed_out,           ///< a FileReader::read took longer than its timeout
  engine,              ///< the session refused for another reason (ClientError::cause says which)
  // What take_warnings() reports: things that went wrong while a torrent ran.
  protocol,                   ///< a peer broke the protocol (a handshake refused, a ban)
  nat,                        ///< a port mapper could not map our port (or lost it)
  discovery,                  ///< a tracker failed (ClientError::detail names it)
  connection_timed_out,       ///< a peer did not accept our connection in time
  handshake_timed_out,        ///< a peer accepted but did not complete its handshake in time
  piece_verification_failed,  ///< a piece failed its hash check (it is downloaded again)
};

/// A short text for each errc value.
std::string_view describe(errc e) noexcept;
/// The enumerator's name ("duplicate_torrent"), for logs and machine-readable output.
std::string_view name(errc e) noexcept;
/// name() of a ClientError::code (of this category), else "other".
std::string_view name(const std::error_code& code) noexcept;
constexpr const char* category_name(errc) noexcept { return "corrent.client"; }
CORRENT_ERROR_ENUM(errc)

/// A failed client call: `code` is a client::errc value to match on; `cause` the lower
/// layer's error when there was one (an http::errc, engine::errc, system error);
/// `detail` what it concerns, for people.
struct ClientError {
  std::error_code code;
  std::error_code cause;
  std::string detail;
  /// "reason: detail (cause)", parts left out when empty.
  [[nodiscard]] std::string message() const;
};

/// The result of a client call: a T, or a ClientError.
template <class T>
using ClientResult = tl::expected<T, ClientError>;

/// Builds the error side of a ClientResult.
[[nodiscard]] inline auto client_fail(errc code, std::string detail = {}, std::error_code cause = {}) {
  return tl::make_unexpected(ClientError{make_error_code(code), cause, std::move(detail)});
}

}  // namespace corrent::client

CORRENT_ERROR_ENUM_TRAIT(corrent::client::errc);
