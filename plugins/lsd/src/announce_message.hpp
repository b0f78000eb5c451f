#pragma once
// The BEP 14 announce, sans I/O: encode_announce() writes one, parse_announce() reads one
// strictly and within named bounds (lsd_limits.hpp), refusing anything malformed with an
// lsd::errc and the offset where it went wrong.
//
//   BT-SEARCH * HTTP/1.1\r\n
//   Host: 239.192.152.143:6771\r\n
//   Port: 6881\r\n
//   Infohash: <40 hex digits>\r\n      (one or more, at most kMaxInfohashesPerAnnounce)
//   cookie: <opaque>\r\n               (optional: lets a sender drop its own announces)
//   \r\n
//   \r\n
//
// Header names are case-insensitive (HTTP); headers we do not know are ignored (BEP 14).

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "corrent/core/result.hpp"
#include "corrent/plugin/info_hash_bytes.hpp"

namespace corrent::lsd {

/// Which BEP 14 group an announce goes to; it decides the Host header.
enum class Group { v4, v6 };

/// A parsed announce. `host` and `cookie` borrow from the parsed bytes.
struct AnnounceMessage {
  std::string_view host;                 ///< the Host value, unchecked beyond being ASCII
  std::uint16_t port = 0;                ///< where the sender takes BitTorrent connections
  std::vector<InfoHashBytes> info_hashes;  ///< 1..kMaxInfohashesPerAnnounce, in order
  std::string_view cookie;               ///< empty when absent
};

/// The announce of `info_hashes` for `group` (Host "<group>:<group_port>"), saying we
/// listen on `listen_port`, with `cookie` (printable, no blanks, at most kMaxCookieSize;
/// empty: none). Errors: errc::missing_infohash, too_many_infohashes, bad_port (0),
/// bad_cookie, too_large (kMaxAnnounceSize, reachable only with a long cookie).
[[nodiscard]] Result<std::string> encode_announce(Group group, std::uint16_t group_port, std::uint16_t listen_port,
                                                  std::span<const InfoHashBytes> info_hashes,
                                                  std::string_view cookie);

/// Parses one datagram. Errors: ParseError with an lsd::errc (lsd_errc.hpp).
[[nodiscard]] ParseResult<AnnounceMessage> parse_announce(std::span<const std::uint8_t> datagram);

}  // namespace corrent::lsd
