#include "corrent/mse/encrypted_stream.hpp"

#include <algorithm>
#include <cstring>

#include "corrent/mse/errc.hpp"

namespace corrent::mse {

EncryptedStream::EncryptedStream(std::unique_ptr<net::Stream> inner, Negotiated negotiated,
                                 std::vector<std::byte> already_sent)
    : inner_(std::move(inner)),
      method_(negotiated.method),
      encrypt_(std::move(negotiated.encrypt)),
      decrypt_(std::move(negotiated.decrypt)),
      received_(std::move(negotiated.received)),
      already_sent_(std::move(already_sent)) {}

Task<Result<std::size_t>> EncryptedStream::read_some(std::span<std::byte> into) {
  if (received_pos_ < received_.size()) {
    const std::size_t n = std::min(into.size(), received_.size() - received_pos_);
    std::memcpy(into.data(), received_.data() + received_pos_, n);
    received_pos_ += n;
    if (received_pos_ == received_.size()) {
      received_.clear();
      received_.shrink_to_fit();
      received_pos_ = 0;
    }
    co_return n;
  }
  CORRENT_CO_TRY(const std::size_t n, co_await inner_->read_some(into));
  if (decrypt_) decrypt_->apply(into.first(n));
  co_return n;
}

// Drops the front of `part` while it is still the initial payload already sent.
Result<void> EncryptedStream::skip_already_sent(std::span<const std::byte>& part) {
  const std::size_t n = std::min(part.size(), already_sent_.size() - sent_pos_);
  if (!std::equal(part.begin(), part.begin() + static_cast<std::ptrdiff_t>(n),
                  already_sent_.begin() + static_cast<std::ptrdiff_t>(sent_pos_))) {
    return fail(errc::payload_mismatch);
  }
  sent_pos_ += n;
  part = part.subspan(n);
  if (sent_pos_ == already_sent_.size()) {
    already_sent_.clear();
    sent_pos_ = 0;
  }
  return {};
}

Task<Result<void>> EncryptedStream::write_gather(net::ConstBuffers parts) {
  std::vector<std::span<const std::byte>> pass;
  pass.reserve(parts.size());
  std::size_t total = 0;
  for (auto part : parts) {
    if (!already_sent_.empty()) CORRENT_CO_TRY_VOID(skip_already_sent(part));
    if (part.empty()) continue;
    pass.push_back(part);
    total += part.size();
  }
  if (total == 0) co_return Result<void>{};
  if (!encrypt_) co_return co_await inner_->write_gather(pass);
  // The caller's bytes are borrowed and const: encrypt a copy.
  out_.clear();
  out_.reserve(total);
  for (const auto& part : pass) out_.insert(out_.end(), part.begin(), part.end());
  encrypt_->apply(out_);
  co_return co_await inner_->write_all(out_);
}

}  // namespace corrent::mse
