#pragma once
// The two sides of the MSE/PE handshake as sans-I/O state machines: feed them the bytes
// the peer sent, send what take_output() returns, until feed() says done. No sockets,
// no clock: the coroutines in negotiate.hpp pump them over a net::Stream, and the unit
// tests and the fuzz target drive them directly. Memory is bounded: the sync search
// looks at most kReq1SearchBound / kVcSearchBound bytes, pads are at most kMaxPadLength,
// the IA at most kMaxInitialPayload, and feed() is given at most what the caller read.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <vector>

#include "corrent/core/result.hpp"
#include "corrent/crypto/rc4.hpp"
#include "corrent/crypto/sha1.hpp"
#include "corrent/metainfo/info_hash.hpp"
#include "corrent/mse/key_exchange.hpp"
#include "corrent/mse/policy.hpp"

namespace corrent::mse {

/// Randomness a side uses, injectable so tests and fuzzers are reproducible.
struct HandshakeOptions {
  PrivateKey private_key = random_private_key();
  /// Our pad lengths: PadA/PadB (plain, random bytes) and PadC/PadD (encrypted zeros).
  std::size_t key_pad_length = random_pad_length();
  std::size_t crypto_pad_length = random_pad_length();

  /// Uniform in [0, kMaxPadLength].
  static std::size_t random_pad_length();
};

/// What a completed handshake leaves.
struct Negotiated {
  std::uint32_t method = 0;  ///< kCryptoRc4 or kCryptoPlaintext
  /// For RC4: our sending and receiving ciphers, positioned after the handshake.
  std::optional<crypto::Rc4> encrypt;
  std::optional<crypto::Rc4> decrypt;
  /// Payload bytes already received, decrypted: the receiver's IA first, then whatever
  /// followed the handshake in the last read.
  std::vector<std::byte> received;
  /// The torrent: the initiator's own, or the one the receiver's lookup matched.
  metainfo::InfoHash info_hash;
};

/// Side A, who connects: knows the torrent.
class Initiator {
 public:
  /// Offers `provide` (kCryptoRc4 and/or kCryptoPlaintext); `initial_payload` (at most
  /// kMaxInitialPayload bytes, usually our BitTorrent handshake) goes in step 3 as the IA.
  Initiator(metainfo::InfoHash info_hash, std::uint32_t provide, std::vector<std::byte> initial_payload,
            HandshakeOptions options = {});

  /// Bytes to send now (step 1 at first, step 3 once Yb came); empties the queue.
  [[nodiscard]] std::vector<std::byte> take_output();
  /// Takes the peer's bytes; true once the handshake is complete. After an error or
  /// completion, further calls are not allowed.
  [[nodiscard]] Result<bool> feed(std::span<const std::byte> bytes);
  /// The outcome, once feed() returned true. Call once.
  [[nodiscard]] Negotiated take_result();

 private:
  enum class State { read_yb, find_vc, read_head, read_pad, done };
  Result<bool> step();
  Result<bool> on_yb();
  Result<bool> on_find_vc();
  Result<bool> on_head();
  Result<bool> on_pad();

  metainfo::InfoHash info_hash_;
  std::uint32_t provide_;
  std::vector<std::byte> initial_payload_;
  HandshakeOptions options_;
  State state_ = State::read_yb;
  std::vector<std::byte> in_;
  std::size_t pos_ = 0;  // bytes of in_ consumed
  std::vector<std::byte> out_;
  std::vector<std::byte> vc_pattern_;
  std::size_t pad_length_ = 0;
  Negotiated result_;
};

/// Side B, who accepts: learns the torrent from the obfuscated hash.
class Receiver {
 public:
  /// Given HASH('req2', SKEY), the info-hash of the torrent it names, if we have it.
  using Lookup = std::function<std::optional<metainfo::InfoHash>(const crypto::Sha1Digest& req2)>;

  Receiver(Lookup lookup, EncryptionPolicy policy, HandshakeOptions options = {});

  [[nodiscard]] std::vector<std::byte> take_output();
  [[nodiscard]] Result<bool> feed(std::span<const std::byte> bytes);
  [[nodiscard]] Negotiated take_result();

 private:
  enum class State { read_ya, find_req1, read_obfuscated, read_head, read_pad, read_ia, done };
  Result<bool> step();
  Result<bool> on_ya();
  Result<bool> on_find_req1();
  Result<bool> on_obfuscated();
  Result<bool> on_head();
  Result<bool> on_pad();
  Result<void> answer();

  Lookup lookup_;
  EncryptionPolicy policy_;
  HandshakeOptions options_;
  State state_ = State::read_ya;
  std::vector<std::byte> in_;
  std::size_t pos_ = 0;
  std::vector<std::byte> out_;
  Key secret_{};
  std::uint32_t provide_ = 0;
  std::size_t pad_length_ = 0;
  std::size_t ia_length_ = 0;
  Negotiated result_;
};

}  // namespace corrent::mse
