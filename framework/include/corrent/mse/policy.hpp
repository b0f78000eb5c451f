#pragma once
// Encryption policies (libtorrent's pe_disabled / pe_enabled / pe_forced) and the crypto
// methods each allows.

#include <cstdint>
#include <optional>
#include <string_view>

#include "corrent/mse/limits.hpp"

namespace corrent::mse {

/// - disabled: plaintext only; encrypted incoming handshakes are refused.
/// - enabled: outgoing connections try MSE first (offering RC4 and plaintext) and fall
///   back to a plaintext connection if that fails; incoming ones may be either, and RC4
///   is selected when the peer offers it.
/// - forced: MSE with RC4 only, both ways; plaintext peers are refused.
enum class EncryptionPolicy { disabled, enabled, forced };

[[nodiscard]] std::string_view to_string(EncryptionPolicy p) noexcept;
/// "disabled", "enabled" or "forced"; nullopt otherwise.
[[nodiscard]] std::optional<EncryptionPolicy> parse_policy(std::string_view text) noexcept;

/// What an initiator offers in crypto_provide (0 under disabled: no MSE at all).
[[nodiscard]] std::uint32_t crypto_provide(EncryptionPolicy p) noexcept;

/// What a receiver selects from the peer's `provide`: RC4 when offered and allowed, else
/// plaintext when offered and allowed; nullopt when nothing matches.
[[nodiscard]] std::optional<std::uint32_t> crypto_select(EncryptionPolicy p, std::uint32_t provide) noexcept;

}  // namespace corrent::mse
