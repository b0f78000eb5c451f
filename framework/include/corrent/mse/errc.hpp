#pragma once
// Why an encryption handshake failed ("corrent.mse").

#include <string_view>

#include "corrent/core/error.hpp"

namespace corrent::mse {

enum class errc {
  ok = 0,
  bad_public_key,        ///< the peer's Diffie-Hellman key is 0, 1, P-1 or not below P
  no_sync,               ///< HASH('req1', S) or ENCRYPT(VC) not found within its bound
  bad_vc,                ///< the verification constant did not decrypt to zeros
  bad_pad_length,        ///< len(PadC) or len(PadD) over 512
  no_common_method,      ///< crypto_provide offers no method our policy allows
  bad_crypto_select,     ///< crypto_select is not exactly one of the methods we offered
  unknown_info_hash,     ///< no torrent here matches the obfuscated info-hash
  plaintext_refused,     ///< a plaintext BitTorrent handshake while encryption is forced
  encryption_refused,    ///< an encrypted handshake while encryption is disabled
  handshake_timeout,     ///< the encryption handshake did not complete in time
  rc4_unavailable,       ///< OpenSSL could not give RC4 (no legacy provider)
  payload_mismatch,      ///< the bytes written first are not the initial payload already sent
};

std::string_view describe(errc e) noexcept;
constexpr const char* category_name(errc) noexcept { return "corrent.mse"; }
CORRENT_ERROR_ENUM(errc)

}  // namespace corrent::mse

CORRENT_ERROR_ENUM_TRAIT(corrent::mse::errc);
