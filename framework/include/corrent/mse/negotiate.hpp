#pragma once
// The MSE/PE handshake over a net::Stream, bounded in time (kHandshakeTimeout by default)
// and memory (see handshake.hpp), and the detection of plaintext vs encrypted incoming
// connections. Both return a stream the wire's PeerConnection then runs over.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "corrent/core/clock.hpp"
#include "corrent/core/result.hpp"
#include "corrent/core/task.hpp"
#include "corrent/metainfo/info_hash.hpp"
#include "corrent/mse/handshake.hpp"
#include "corrent/mse/limits.hpp"
#include "corrent/mse/policy.hpp"
#include "corrent/net/stream.hpp"

namespace corrent::mse {

/// Outgoing: side A over `stream`, offering crypto_provide(policy) (policy must not be
/// disabled). `initial_payload` (our BitTorrent handshake) travels in the IA; the
/// returned stream drops the connection's own first write of the same bytes, so the
/// wire code runs unchanged. Fails with an mse::errc (handshake_timeout after
/// `timeout`), or the stream's error (a plaintext-only peer usually just closes).
Task<Result<std::unique_ptr<net::Stream>>> connect_encrypted(
    std::unique_ptr<net::Stream> stream, metainfo::InfoHash info_hash, EncryptionPolicy policy,
    std::vector<std::byte> initial_payload, Clock::duration timeout = kHandshakeTimeout);

/// An incoming connection after detection (and, if it was encrypted, the handshake).
struct Accepted {
  std::unique_ptr<net::Stream> stream;
  /// 0: a plaintext BitTorrent handshake; else the MSE method selected.
  std::uint32_t method = 0;
  /// The torrent the obfuscated hash matched (encrypted connections only): the
  /// BitTorrent handshake that follows must name the same.
  std::optional<metainfo::InfoHash> info_hash;
};

/// Incoming: a connection whose first 20 bytes are 19 and "BitTorrent protocol" is
/// plaintext (refused with errc::plaintext_refused under forced); anything else is taken
/// as MSE side B (refused with errc::encryption_refused under disabled), `lookup`
/// finding the torrent from HASH('req2', SKEY). The bytes read to decide are handed on:
/// the returned stream replays them.
Task<Result<Accepted>> accept_any(std::unique_ptr<net::Stream> stream, EncryptionPolicy policy,
                                  Receiver::Lookup lookup,
                                  Clock::duration timeout = kHandshakeTimeout);

/// Whether `head` (the first bytes of a connection) may still be, or is, a plaintext
/// BitTorrent handshake: each byte matches 19, "BitTorrent protocol" so far.
[[nodiscard]] bool plaintext_prefix(std::span<const std::byte> head) noexcept;

}  // namespace corrent::mse
