#pragma once
// EncryptedStream: the net::Stream a connection uses once the MSE/PE handshake is done.
// It wraps the raw stream: RC4 on the way in and out when that was selected, plain bytes
// otherwise; and it first hands out the payload bytes the handshake already received.
// The wire code (PeerConnection) runs over it unchanged.

#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "corrent/crypto/rc4.hpp"
#include "corrent/mse/handshake.hpp"
#include "corrent/net/stream.hpp"

namespace corrent::mse {

class EncryptedStream final : public net::Stream {
 public:
  /// `negotiated` is the handshake's outcome. `already_sent` is an initial payload the
  /// handshake carried (our BitTorrent handshake, in the IA): the connection writes it
  /// again, unaware, and those first bytes are checked equal and dropped here
  /// (errc::payload_mismatch if they differ).
  EncryptedStream(std::unique_ptr<net::Stream> inner, Negotiated negotiated,
                  std::vector<std::byte> already_sent = {});

  Task<Result<std::size_t>> read_some(std::span<std::byte> into) override;
  Task<Result<void>> write_gather(net::ConstBuffers parts) override;
  void close() noexcept override { inner_->close(); }
  [[nodiscard]] net::Endpoint remote() const override { return inner_->remote(); }
  [[nodiscard]] net::Endpoint local() const override { return inner_->local(); }

  /// The method in use: kCryptoRc4 or kCryptoPlaintext.
  [[nodiscard]] std::uint32_t method() const { return method_; }

 private:
  Result<void> skip_already_sent(std::span<const std::byte>& part);

  std::unique_ptr<net::Stream> inner_;
  std::uint32_t method_;
  std::optional<crypto::Rc4> encrypt_;
  std::optional<crypto::Rc4> decrypt_;
  std::vector<std::byte> received_;  // plain bytes to hand out before reading more
  std::size_t received_pos_ = 0;
  std::vector<std::byte> already_sent_;
  std::size_t sent_pos_ = 0;
  std::vector<std::byte> out_;  // encrypted copy of what is being written
};

}  // namespace corrent::mse
