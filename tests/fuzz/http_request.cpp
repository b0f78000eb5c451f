// The streaming server's parsers (plugins/stream_http) on arbitrary bytes: the request
// head, the Range header against a few sizes, percent-decoding and query parameters. Each
// result is checked against what the server relies on.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <string_view>

#include "byte_range.hpp"
#include "http_request.hpp"
#include "stream_limits.hpp"
#include "url_path.hpp"

namespace {

namespace sh = corrent::stream_http;

void check_request(std::string_view head) {
  const auto r = sh::parse_request(head);
  if (!r) return;
  if (head.size() > sh::kMaxRequestHead || r->headers.size() > sh::kMaxHeaderCount) std::abort();
  if (r->method.empty() || r->target.empty() || r->target.front() != '/') std::abort();
  if (r->target.size() > sh::kMaxTargetLength) std::abort();
  if (r->minor_version != 0 && r->minor_version != 1) std::abort();
  for (const auto& [name, value] : r->headers) {
    for (const char c : name) {
      if (c >= 'A' && c <= 'Z') std::abort();
    }
    if (value.find('\r') != std::string::npos || value.find('\n') != std::string::npos) std::abort();
  }
  if (r->minor_version == 1 && !r->header("host")) std::abort();
  (void)r->keep_alive();
  const auto target = sh::split_target(r->target);
  (void)sh::percent_decode(target.path, false);
  (void)sh::query_param(target.query, "file");
}

void check_range(std::string_view header) {
  constexpr std::uint64_t kSizes[] = {0, 1, 1000, std::numeric_limits<std::uint64_t>::max()};
  for (const std::uint64_t size : kSizes) {
    const auto r = sh::resolve_range(header, size);
    if (r.kind != sh::RangeKind::partial) continue;
    if (size == 0 || r.range.first > r.range.last || r.range.last >= size) std::abort();
    if (r.range.length() == 0 || r.range.length() > size) std::abort();
    (void)sh::content_range(r.range, size);
  }
}

void check_decode(std::string_view s) {
  for (const bool allow_slash : {true, false}) {
    const auto d = sh::percent_decode(s, allow_slash);
    if (!d) continue;
    if (d->size() > s.size() || d->find('\0') != std::string::npos) std::abort();
    // What is decoded encodes back to something that decodes to it again.
    if (sh::percent_decode(sh::percent_encode_path(*d)) != d) std::abort();
  }
  const auto v = sh::query_param(s, "file");
  if (v && v->size() > s.size()) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  if (const auto end = sh::find_head_end(input)) {
    if (*end > size || *end < 2) std::abort();
    check_request(input.substr(0, *end));
  }
  check_request(input);
  check_range(input);
  check_decode(input);
  return 0;
}
