#pragma once
// The BEP 10 extension handshake: the bencoded dict sent as EXTENDED message id 0. It
// maps extension names to the ids the *sender* wants to receive them under ("m"), and
// carries a few well-known fields. A peer may send it again to add or disable extensions.
//
// Decoding is lenient per field, as BEP 10 asks of implementations (every key is
// optional, and unknown ones must be ignored): a field with the wrong type or an
// impossible value is treated as absent, and an "m" entry whose id is not an integer in
// 0..255, or whose name is empty or over kMaxExtensionNameLength, is skipped. Only what
// makes the whole payload suspect is an error: over kMaxExtensionHandshakeSize, bad
// bencode, deeper than kExtensionHandshakeMaxDepth or more than
// kExtensionHandshakeMaxTokens items, a top level that is not a dict, or an "m" with more
// than kMaxExtensionNames entries.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "corrent/bencode/value.hpp"
#include "corrent/core/result.hpp"
#include "corrent/wire/errc.hpp"
#include "corrent/wire/limits.hpp"

namespace corrent::wire {

/// The extended message id of the extension handshake itself.
inline constexpr std::uint8_t kExtensionHandshakeId = 0;

/// A decoded (or to-be-encoded) extension handshake.
struct ExtensionHandshake {
  /// "m": extension name -> the id the sender receives it under; id 0 = disabled.
  /// Sorted by name (byte order) whatever order the sender used; no duplicate names.
  std::vector<std::pair<std::string, std::uint8_t>> m;
  /// "p": the sender's TCP listen port (1..65535).
  std::optional<std::uint16_t> listen_port;
  /// "v": client name and version, cut to kMaxClientNameLength bytes; empty if absent.
  std::string client;
  /// "reqq": how many outstanding requests the sender queues (1..2^32-1). When absent,
  /// assume kDefaultPeerReqq.
  std::optional<std::uint32_t> reqq;
  /// "yourip": our address as the sender sees it, 4 (IPv4) or 16 (IPv6) raw bytes.
  std::optional<std::string> yourip;
  /// "metadata_size" (BEP 9): size of the info dict, >= 0; ut_metadata bounds it further.
  std::optional<std::int64_t> metadata_size;
  /// "upload_only" (BEP 21): the sender only seeds (a nonzero integer).
  bool upload_only = false;
  /// The whole decoded dict, owned, so an extension can read its own keys. Ignored by
  /// encode_extension_handshake(); empty dict by default.
  bencode::Value dict = bencode::Value::dict();

  /// The id the sender gave `name` in "m", if present and not 0 (disabled).
  [[nodiscard]] std::optional<std::uint8_t> id_of(std::string_view name) const;
};

/// Decodes an extension handshake payload (the bytes after the extended id 0).
[[nodiscard]] ParseResult<ExtensionHandshake> decode_extension_handshake(
    std::span<const std::byte> payload);

/// Encodes `h` as a canonical bencoded dict, with the entries of `extra_fields` (a dict
/// from extensions, e.g. {"metadata_size": ...}; anything else adds nothing) merged into
/// the top level. The struct's own fields win over extra_fields on the same key;
/// `h.dict` is not used. m entries with id 0 are sent (they disable an extension).
[[nodiscard]] std::string encode_extension_handshake(const ExtensionHandshake& h,
                                                     const bencode::Value& extra_fields = {});

}  // namespace corrent::wire
