#pragma once
// The ut_pex message (BEP 11), sans-I/O: a bencoded dict of compact peer lists
//   added, added.f, added6, added6.f, dropped, dropped6
// IPv4 peers are 6 bytes (address, port; network order), IPv6 peers 18; "added.f" has one
// flag byte per added peer (pex_limits.hpp, kFlag*).
//
// Decoding is strict about what it uses: the payload must be a dict within
// kMaxPexMessageSize and the bencode limits; each known key, if present, must be a string
// of whole compact entries; a flags string, if present, must have exactly one byte per
// added peer (absent, every flag is 0: BEP 11 makes it optional). Unknown keys are
// ignored (BEP 10). Entries are kept as sent, port 0 and duplicates included: the torrent
// filters what it offers.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "corrent/core/result.hpp"
#include "corrent/net/endpoint.hpp"

namespace corrent::pex {

/// One added peer with its "added.f" byte.
struct AddedPeer {
  net::Endpoint endpoint;
  std::uint8_t flags = 0;
  friend bool operator==(const AddedPeer&, const AddedPeer&) = default;
};

/// A decoded (or to-be-encoded) ut_pex message. IPv4 and IPv6 peers share each list; the
/// codec splits them by family. Decoding gives the IPv4 entries first, in wire order.
struct PexMessage {
  std::vector<AddedPeer> added;
  std::vector<net::Endpoint> dropped;

  [[nodiscard]] bool empty() const { return added.empty() && dropped.empty(); }
  friend bool operator==(const PexMessage&, const PexMessage&) = default;
};

/// Decodes a ut_pex payload (the bytes after the extended message id). Errors are
/// pex::errc values with the byte offset of the problem.
[[nodiscard]] ParseResult<PexMessage> decode_pex_message(std::span<const std::byte> payload);

/// The canonical encoding of `m`: all six keys, empty strings for empty lists (as
/// libtorrent sends them).
[[nodiscard]] std::string encode_pex_message(const PexMessage& m);

}  // namespace corrent::pex
