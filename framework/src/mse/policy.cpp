#include "corrent/mse/policy.hpp"

namespace corrent::mse {

std::string_view to_string(EncryptionPolicy p) noexcept {
  switch (p) {
    case EncryptionPolicy::disabled: return "disabled";
    case EncryptionPolicy::enabled: return "enabled";
    case EncryptionPolicy::forced: return "forced";
  }
  return "?";
}

std::optional<EncryptionPolicy> parse_policy(std::string_view text) noexcept {
  if (text == "disabled") return EncryptionPolicy::disabled;
  if (text == "enabled") return EncryptionPolicy::enabled;
  if (text == "forced") return EncryptionPolicy::forced;
  return std::nullopt;
}

std::uint32_t crypto_provide(EncryptionPolicy p) noexcept {
  switch (p) {
    case EncryptionPolicy::disabled: return 0;
    case EncryptionPolicy::enabled: return kCryptoRc4 | kCryptoPlaintext;
    case EncryptionPolicy::forced: return kCryptoRc4;
  }
  return 0;
}

std::optional<std::uint32_t> crypto_select(EncryptionPolicy p, std::uint32_t provide) noexcept {
  const std::uint32_t allowed = crypto_provide(p) & provide;
  if ((allowed & kCryptoRc4) != 0) return kCryptoRc4;
  if ((allowed & kCryptoPlaintext) != 0) return kCryptoPlaintext;
  return std::nullopt;
}

}  // namespace corrent::mse
