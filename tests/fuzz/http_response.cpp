// Fuzz target: the incremental HTTP response parser, fed in pieces whose size the first
// byte chooses (1..256), so every split point of chunk headers and lines gets exercised.
// The body bound must hold whatever the framing says.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "corrent/net/http/response_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace http = corrent::net::http;
  if (size == 0) return 0;
  const std::size_t step = std::size_t{data[0]} + 1;
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  http::ResponseLimits limits;
  limits.max_body_bytes = 4096;
  limits.max_header_bytes = 1024;
  http::ResponseParser parser(limits, (data[0] & 1) != 0 && data[0] > 200);
  bool failed = false;
  for (std::size_t at = 0; at < text.size() && !failed; at += step) {
    failed = !parser.feed(text.substr(at, std::min(step, text.size() - at)));
  }
  if (!failed) (void)parser.finish();
  if (parser.response().body.size() > limits.max_body_bytes) std::abort();
  if (parser.response().headers.size() > limits.max_headers) std::abort();
  return 0;
}
