// Initiator: side A of the MSE/PE handshake (steps 1, 3, and reading 2 and 4).
#include <algorithm>

#include "corrent/crypto/random.hpp"
#include "corrent/mse/errc.hpp"
#include "corrent/mse/handshake.hpp"
#include "corrent/mse/keys.hpp"
#include "corrent/mse/messages.hpp"

namespace corrent::mse {
namespace {

void append(std::vector<std::byte>& out, std::span<const std::byte> bytes) {
  out.insert(out.end(), bytes.begin(), bytes.end());
}

bool single_method(std::uint32_t field) { return field == kCryptoRc4 || field == kCryptoPlaintext; }

}  // namespace

std::size_t HandshakeOptions::random_pad_length() { return crypto::random_below(kMaxPadLength + 1); }

Initiator::Initiator(metainfo::InfoHash info_hash, std::uint32_t provide, std::vector<std::byte> initial_payload,
                     HandshakeOptions options)
    : info_hash_(info_hash),
      provide_(provide),
      initial_payload_(std::move(initial_payload)),
      options_(options) {
  initial_payload_.resize(std::min(initial_payload_.size(), kMaxInitialPayload));
  const auto ya = public_key(options_.private_key);
  append(out_, ya);
  std::vector<std::byte> pad(std::min(options_.key_pad_length, kMaxPadLength));
  crypto::random_bytes(pad);
  append(out_, pad);
  result_.info_hash = info_hash_;
}

std::vector<std::byte> Initiator::take_output() { return std::exchange(out_, {}); }

Result<bool> Initiator::feed(std::span<const std::byte> bytes) {
  append(in_, bytes);
  for (;;) {
    CORRENT_TRY(const bool advanced, step());
    if (state_ == State::done) return true;
    if (!advanced) return false;
  }
}

Result<bool> Initiator::step() {
  switch (state_) {
    case State::read_yb: return on_yb();
    case State::find_vc: return on_find_vc();
    case State::read_head: return on_head();
    case State::read_pad: return on_pad();
    case State::done: return true;
  }
  return false;
}

// Yb arrived: compute S, the keys, B's encrypted VC; send step 3.
Result<bool> Initiator::on_yb() {
  if (in_.size() - pos_ < kKeyLength) return false;
  Key yb{};
  std::copy_n(in_.begin(), kKeyLength, yb.begin());
  CORRENT_TRY(const Key s, shared_secret(options_.private_key, yb));
  const auto keys = stream_keys(s, info_hash_);
  CORRENT_TRY(result_.encrypt, stream_cipher(keys.key_a));
  CORRENT_TRY(result_.decrypt, stream_cipher(keys.key_b));
  // B's ENCRYPT(VC) is keyB's keystream over 8 zeros; computing it here also moves the
  // receiving cipher past the VC, where the bytes after it start.
  vc_pattern_.assign(kVcLength, std::byte{0});
  result_.decrypt->apply(vc_pattern_);
  const auto req1 = req1_hash(s);
  const auto obfuscated = obfuscated_hash(info_hash_, s);
  append(out_, std::as_bytes(std::span(req1.bytes)));
  append(out_, std::as_bytes(std::span(obfuscated.bytes)));
  auto block = encode_crypto_block(provide_, std::min(options_.crypto_pad_length, kMaxPadLength),
                                   std::span<const std::byte>(initial_payload_));
  result_.encrypt->apply(block);
  append(out_, block);
  pos_ = kKeyLength;
  state_ = State::find_vc;
  return true;
}

Result<bool> Initiator::on_find_vc() {
  const auto sync = find_sync(in_, vc_pattern_, kKeyLength, kVcSearchBound);
  if (sync.exhausted) return fail(errc::no_sync);
  if (!sync.found) return false;
  pos_ = *sync.found + kVcLength;
  state_ = State::read_head;
  return true;
}

// crypto_select and len(PadD), after the VC.
Result<bool> Initiator::on_head() {
  if (in_.size() - pos_ < 6) return false;
  auto head = std::span(in_).subspan(pos_, 6);
  result_.decrypt->apply(head);
  std::uint32_t select = 0;
  for (std::size_t i = 0; i < 4; ++i) select = (select << 8) | std::to_integer<std::uint32_t>(head[i]);
  if (!single_method(select) || (select & provide_) == 0) return fail(errc::bad_crypto_select);
  pad_length_ = read_u16(head.subspan(4, 2));
  if (pad_length_ > kMaxPadLength) return fail(errc::bad_pad_length);
  result_.method = select;
  pos_ += 6;
  state_ = State::read_pad;
  return true;
}

// PadD, then whatever followed it is payload in the selected method.
Result<bool> Initiator::on_pad() {
  if (in_.size() - pos_ < pad_length_) return false;
  result_.decrypt->apply(std::span(in_).subspan(pos_, pad_length_));
  pos_ += pad_length_;
  result_.received.assign(in_.begin() + static_cast<std::ptrdiff_t>(pos_), in_.end());
  if (result_.method == kCryptoRc4) {
    result_.decrypt->apply(result_.received);
  } else {
    result_.encrypt.reset();
    result_.decrypt.reset();
  }
  in_.clear();
  pos_ = 0;
  state_ = State::done;
  return true;
}

Negotiated Initiator::take_result() { return std::move(result_); }

}  // namespace corrent::mse
