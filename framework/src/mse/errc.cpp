#include "corrent/mse/errc.hpp"

namespace corrent::mse {

std::string_view describe(errc e) noexcept {
  switch (e) {
    case errc::ok: return "ok";
    case errc::bad_public_key: return "encryption handshake: invalid Diffie-Hellman public key";
    case errc::no_sync: return "encryption handshake: synchronisation pattern not found within its bound";
    case errc::bad_vc: return "encryption handshake: wrong verification constant";
    case errc::bad_pad_length: return "encryption handshake: padding longer than 512 bytes";
    case errc::no_common_method: return "encryption handshake: no offered crypto method is allowed here";
    case errc::bad_crypto_select: return "encryption handshake: the peer selected a crypto method we did not offer";
    case errc::unknown_info_hash: return "encryption handshake: no torrent matches the obfuscated info-hash";
    case errc::plaintext_refused: return "plaintext peer refused: encryption is forced";
    case errc::encryption_refused: return "encrypted peer refused: encryption is disabled";
    case errc::handshake_timeout: return "encryption handshake timed out";
    case errc::rc4_unavailable: return "RC4 is not available from OpenSSL (legacy provider missing)";
    case errc::payload_mismatch: return "the first bytes written differ from the initial payload sent";
  }
  return "unknown encryption error";
}

}  // namespace corrent::mse
