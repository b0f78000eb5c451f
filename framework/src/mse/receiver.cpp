// Receiver: side B of the MSE/PE handshake (step 2, reading 1 and 3, then step 4).
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

}  // namespace

Receiver::Receiver(Lookup lookup, EncryptionPolicy policy, HandshakeOptions options)
    : lookup_(std::move(lookup)), policy_(policy), options_(options) {}

std::vector<std::byte> Receiver::take_output() { return std::exchange(out_, {}); }

Result<bool> Receiver::feed(std::span<const std::byte> bytes) {
  append(in_, bytes);
  for (;;) {
    CORRENT_TRY(const bool advanced, step());
    if (state_ == State::done) return true;
    if (!advanced) return false;
  }
}

Result<bool> Receiver::step() {
  switch (state_) {
    case State::read_ya: return on_ya();
    case State::find_req1: return on_find_req1();
    case State::read_obfuscated: return on_obfuscated();
    case State::read_head: return on_head();
    case State::read_pad: return on_pad();
    case State::read_ia: {
      if (in_.size() - pos_ < ia_length_) return false;
      CORRENT_TRY_VOID(answer());
      state_ = State::done;
      return true;
    }
    case State::done: return true;
  }
  return false;
}

// Ya arrived: compute S, send Yb and PadB.
Result<bool> Receiver::on_ya() {
  if (in_.size() - pos_ < kKeyLength) return false;
  Key ya{};
  std::copy_n(in_.begin(), kKeyLength, ya.begin());
  CORRENT_TRY(secret_, shared_secret(options_.private_key, ya));
  append(out_, public_key(options_.private_key));
  std::vector<std::byte> pad(std::min(options_.key_pad_length, kMaxPadLength));
  crypto::random_bytes(pad);
  append(out_, pad);
  pos_ = kKeyLength;
  state_ = State::find_req1;
  return true;
}

Result<bool> Receiver::on_find_req1() {
  const auto req1 = req1_hash(secret_);
  const auto sync = find_sync(in_, std::as_bytes(std::span(req1.bytes)), kKeyLength, kReq1SearchBound);
  if (sync.exhausted) return fail(errc::no_sync);
  if (!sync.found) return false;
  pos_ = *sync.found + kHashLength;
  state_ = State::read_obfuscated;
  return true;
}

// The obfuscated info-hash names the torrent, and so the keys.
Result<bool> Receiver::on_obfuscated() {
  if (in_.size() - pos_ < kHashLength) return false;
  crypto::Sha1Digest obfuscated;
  std::transform(in_.begin() + static_cast<std::ptrdiff_t>(pos_),
                 in_.begin() + static_cast<std::ptrdiff_t>(pos_ + kHashLength), obfuscated.bytes.begin(),
                 [](std::byte b) { return std::to_integer<std::uint8_t>(b); });
  const auto match = lookup_ ? lookup_(unobfuscate(obfuscated, secret_)) : std::nullopt;
  if (!match) return fail(errc::unknown_info_hash);
  result_.info_hash = *match;
  const auto keys = stream_keys(secret_, *match);
  CORRENT_TRY(result_.decrypt, stream_cipher(keys.key_a));
  CORRENT_TRY(result_.encrypt, stream_cipher(keys.key_b));
  pos_ += kHashLength;
  state_ = State::read_head;
  return true;
}

// VC, crypto_provide, len(PadC).
Result<bool> Receiver::on_head() {
  if (in_.size() - pos_ < kCryptoHeadLength) return false;
  auto head = std::span(in_).subspan(pos_, kCryptoHeadLength);
  result_.decrypt->apply(head);
  auto parsed = parse_crypto_head(head);
  if (!parsed) return tl::make_unexpected(parsed.error().code);
  provide_ = parsed->crypto_field;
  pad_length_ = parsed->pad_length;
  pos_ += kCryptoHeadLength;
  state_ = State::read_pad;
  return true;
}

// PadC and len(IA).
Result<bool> Receiver::on_pad() {
  if (in_.size() - pos_ < pad_length_ + 2) return false;
  auto pad_and_length = std::span(in_).subspan(pos_, pad_length_ + 2);
  result_.decrypt->apply(pad_and_length);
  ia_length_ = read_u16(pad_and_length.subspan(pad_length_));
  pos_ += pad_length_ + 2;
  state_ = State::read_ia;
  return true;
}

// The IA is always RC4; what follows it is in the method selected.
Result<void> Receiver::answer() {
  const auto select = crypto_select(policy_, provide_);
  if (!select) return fail(errc::no_common_method);
  result_.method = *select;
  auto ia = std::span(in_).subspan(pos_, ia_length_);
  result_.decrypt->apply(ia);
  auto after = std::span(in_).subspan(pos_ + ia_length_);
  if (*select == kCryptoRc4) result_.decrypt->apply(after);
  result_.received.assign(in_.begin() + static_cast<std::ptrdiff_t>(pos_), in_.end());
  auto block = encode_crypto_block(*select, std::min(options_.crypto_pad_length, kMaxPadLength), std::nullopt);
  result_.encrypt->apply(block);
  append(out_, block);
  if (*select == kCryptoPlaintext) {
    result_.encrypt.reset();
    result_.decrypt.reset();
  }
  in_.clear();
  pos_ = 0;
  return {};
}

Negotiated Receiver::take_result() { return std::move(result_); }

}  // namespace corrent::mse
