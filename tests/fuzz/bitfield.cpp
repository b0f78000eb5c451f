// Bitfield::from_wire on arbitrary payloads: the first two bytes give the piece count, the
// rest is the payload. An accepted payload must serialise back to itself.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "corrent/core/bitfield.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const std::size_t bits = (std::size_t{data[0]} << 8) | data[1];
  const std::string_view payload(reinterpret_cast<const char*>(data) + 2, size - 2);
  const auto parsed = corrent::Bitfield::from_wire(payload, bits);
  if (!parsed) return 0;
  if (parsed->size() != bits || parsed->to_wire() != payload) std::abort();
  if (parsed->count() > bits || parsed->all() != (parsed->count() == bits)) std::abort();
  std::size_t counted = 0;
  for (std::uint32_t i = 0; i < bits; ++i) counted += parsed->test(corrent::PieceIndex{i}) ? 1 : 0;
  if (counted != parsed->count()) std::abort();
  return 0;
}
