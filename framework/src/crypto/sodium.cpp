#include "crypto/sodium.hpp"

#include <stdexcept>

#include <sodium.h>

namespace corrent::crypto::detail {

void ensure_sodium() {
  // A function-local static: C++ guarantees one initialisation even under concurrent
  // first calls. sodium_init() returns 1 when already initialised (e.g. by the host).
  static const bool ready = sodium_init() >= 0;
  if (!ready) throw std::runtime_error("corrent: libsodium failed to initialise");
}

}  // namespace corrent::crypto::detail
