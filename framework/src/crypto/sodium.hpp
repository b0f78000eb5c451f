#pragma once
// libsodium's one-time initialisation, shared by everything in crypto/ that calls it.

namespace corrent::crypto::detail {

/// Calls sodium_init() once per process (thread-safe) before any other libsodium call.
/// Throws std::runtime_error if libsodium cannot start (no usable entropy source), which
/// leaves no safe way to make peer ids or keys.
void ensure_sodium();

}  // namespace corrent::crypto::detail
