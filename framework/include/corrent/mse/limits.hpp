#pragma once
// Every size and bound of message stream encryption (MSE/PE). Sources: the Vuze/Azureus
// "Message Stream Encryption" specification and libtorrent's bt_peer_connection.

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace corrent::mse {

/// A Diffie-Hellman public key and the shared secret S: 768 bits, big-endian (spec).
inline constexpr std::size_t kKeyLength = 96;
/// Private keys are 160 bits, as the spec says current implementations use.
inline constexpr std::size_t kPrivateKeyLength = 20;
/// PadA, PadB, PadC and PadD are 0..512 bytes (spec); a longer len(PadC) or len(PadD)
/// ends the handshake.
inline constexpr std::size_t kMaxPadLength = 512;
/// The verification constant: 8 zero bytes.
inline constexpr std::size_t kVcLength = 8;
/// SHA-1 digests: HASH('req1', S) and the obfuscated info-hash.
inline constexpr std::size_t kHashLength = 20;
/// RC4 keystream bytes thrown away before use (spec: the first 1024).
inline constexpr std::size_t kRc4Discard = 1024;
/// The receiver must find HASH('req1', S) within 532 bytes after Ya (PadA + the hash):
/// the hash ends at most this many bytes into the stream.
inline constexpr std::size_t kReq1SearchBound = kKeyLength + kMaxPadLength + kHashLength;  // 628
/// The initiator must find ENCRYPT(VC) within 520 bytes after Yb (PadB + VC).
inline constexpr std::size_t kVcSearchBound = kKeyLength + kMaxPadLength + kVcLength;  // 616
/// len(IA) is a 16-bit field; the IA is held whole (it carries the BitTorrent handshake),
/// so this is also the most the receiver buffers for it.
inline constexpr std::size_t kMaxInitialPayload = 65535;
/// The whole encryption handshake (both Diffie-Hellman halves, padding, the crypto
/// negotiation) must complete in this time; the BitTorrent handshake that follows has its
/// own (wire's PeerSettings::handshake_timeout). libtorrent's handshake_timeout is 10 s.
inline constexpr std::chrono::seconds kHandshakeTimeout{15};
/// Bytes asked of the stream per read during the handshake.
inline constexpr std::size_t kReadChunk = 1024;

// crypto_provide / crypto_select bits.
inline constexpr std::uint32_t kCryptoPlaintext = 0x01;
inline constexpr std::uint32_t kCryptoRc4 = 0x02;

}  // namespace corrent::mse
