// decode_table_state (plugins/dht: the saved routing tables) on arbitrary bytes. An
// accepted state is within the bounds, and encoded again it must decode to the same state.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "dht_limits.hpp"
#include "table_state.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace dht = corrent::dht;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto state = dht::decode_table_state(input);
  if (!state) return 0;
  if (size > dht::kMaxTableStateSize) std::abort();
  if (state->nodes.size() > dht::kMaxSavedNodes || state->nodes6.size() > dht::kMaxSavedNodes) std::abort();
  for (const auto& n : state->nodes) {
    if (n.endpoint.is_v6() || n.endpoint.port() == 0) std::abort();
  }
  for (const auto& n : state->nodes6) {
    if (!n.endpoint.is_v6() || n.endpoint.port() == 0) std::abort();
  }
  const std::string again = dht::encode_table_state(*state);
  const auto back = dht::decode_table_state(again);
  if (!back || !(*back == *state)) std::abort();
  if (dht::encode_table_state(*back) != again) std::abort();
  return 0;
}
