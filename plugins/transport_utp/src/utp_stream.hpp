#pragma once
// UtpStream: a uTP connection as a net::Stream. Reads and writes wait on the entry's
// Condition, which the socket manager notifies after every packet and tick. close() is
// graceful, as TCP's: what was written is still delivered, then FIN; the manager keeps the
// connection until then (within its linger bound).
#include <memory>
#include "corrent/net/stream.hpp"
#include "utp_entry.hpp"

namespace corrent::transport_utp {

class UtpStream final : public net::Stream {
 public:
  explicit UtpStream(std::shared_ptr<UtpEntry> entry);
  ~UtpStream() override;
  UtpStream(const UtpStream&) = delete;
  UtpStream& operator=(const UtpStream&) = delete;

  Task<Result<std::size_t>> read_some(std::span<std::byte> into) override;
  Task<Result<void>> write_gather(net::ConstBuffers parts) override;
  void close() noexcept override;
  [[nodiscard]] net::Endpoint remote() const override { return entry_->remote; }
  [[nodiscard]] net::Endpoint local() const override { return entry_->local; }

 private:
  /// Why nothing more can be read or written, or empty while the connection is open.
  [[nodiscard]] std::error_code failure() const;

  std::shared_ptr<UtpEntry> entry_;
  bool closed_ = false;
};

}  // namespace corrent::transport_utp
