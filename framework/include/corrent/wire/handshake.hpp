#pragma once
// The BitTorrent handshake (BEP 3): <19>"BitTorrent protocol"<8 reserved><info-hash>
// <peer id>. Decoding comes in two steps so that a listener can pick the torrent by its
// info-hash (and answer with its own handshake) before the peer id arrives.

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "corrent/core/peer_id.hpp"
#include "corrent/core/result.hpp"
#include "corrent/metainfo/info_hash.hpp"
#include "corrent/wire/errc.hpp"
#include "corrent/wire/limits.hpp"

namespace corrent::wire {

/// The 8 reserved bytes: one bit per protocol extension. Unknown bits are kept as sent.
struct Reserved {
  std::array<std::byte, 8> bytes{};

  /// BEP 5: the peer runs a DHT node (reserved[7] & 0x01); it may send PORT.
  [[nodiscard]] bool dht() const noexcept { return test(7, 0x01); }
  void set_dht(bool on) noexcept { assign(7, 0x01, on); }
  /// BEP 6: the fast extension (reserved[7] & 0x04); in use only if both sides set it.
  [[nodiscard]] bool fast() const noexcept { return test(7, 0x04); }
  void set_fast(bool on) noexcept { assign(7, 0x04, on); }
  /// BEP 10: the extension protocol (reserved[5] & 0x10); in use only if both set it.
  [[nodiscard]] bool extension_protocol() const noexcept { return test(5, 0x10); }
  void set_extension_protocol(bool on) noexcept { assign(5, 0x10, on); }

  friend bool operator==(const Reserved&, const Reserved&) = default;

 private:
  [[nodiscard]] bool test(std::size_t i, std::uint8_t mask) const noexcept {
    return (std::to_integer<std::uint8_t>(bytes[i]) & mask) != 0;
  }
  void assign(std::size_t i, std::uint8_t mask, bool on) noexcept {
    bytes[i] = on ? (bytes[i] | std::byte{mask}) : (bytes[i] & ~std::byte{mask});
  }
};

/// A whole handshake.
struct Handshake {
  Reserved reserved;
  metainfo::InfoHash info_hash;
  PeerId peer_id;

  friend bool operator==(const Handshake&, const Handshake&) = default;
};

/// What the first kHandshakeHeadLength bytes say: enough to find the torrent.
struct HandshakeHead {
  Reserved reserved;
  metainfo::InfoHash info_hash;

  friend bool operator==(const HandshakeHead&, const HandshakeHead&) = default;
};

/// The 68 bytes of `h` on the wire.
[[nodiscard]] std::array<std::byte, kHandshakeLength> encode_handshake(const Handshake& h);

/// Decodes the first kHandshakeHeadLength (48) bytes of `bytes` (more are ignored).
/// Errors: truncated (fewer than 48), bad_protocol_length (first byte not 19, offset 0),
/// bad_protocol_string (offset of the first differing byte).
[[nodiscard]] ParseResult<HandshakeHead> decode_handshake_head(std::span<const std::byte> bytes);

/// Decodes the peer id from the first kPeerIdLength (20) bytes of `bytes`, which are the
/// handshake's last 20. Errors: truncated.
[[nodiscard]] ParseResult<PeerId> decode_peer_id(std::span<const std::byte> bytes);

/// Both steps over the first kHandshakeLength (68) bytes of `bytes`.
[[nodiscard]] ParseResult<Handshake> decode_handshake(std::span<const std::byte> bytes);

}  // namespace corrent::wire
