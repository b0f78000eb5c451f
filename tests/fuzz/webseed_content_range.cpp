// The web seed plugin's response checks (plugins/webseed/src/content_range.hpp) on
// arbitrary bytes. Input: byte 0 picks the status (200, 206 or another), bytes 1..24 the
// range asked (first, length, file size, each little-endian 64-bit), then a Content-Range
// value up to the first '\n' and the body after it; shorter inputs are only a
// Content-Range value.
// - parse_content_range: an accepted value has first <= last < total, and printing it
//   again parses to the same fields.
// - range_body: an accepted answer is exactly the range asked: a 206's whole body (its
//   Content-Range naming that range), or that slice of a 200's body of the whole file;
//   body_bound never refuses the range asked.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "content_range.hpp"
#include "corrent/net/http/http_response.hpp"

namespace {

namespace webseed = corrent::webseed;

// Size of the fixed prefix: one status byte and three 64-bit numbers.
constexpr std::size_t kPrefix = 1 + 3 * 8;
// The asked range's numbers are reduced below this, so that accepted answers happen
// (ours: larger numbers only exercise the same comparisons).
constexpr std::uint64_t kNumberSpan = 1 << 16;

std::uint64_t u64(const std::uint8_t* p) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

void check_parse(std::string_view value) {
  const auto range = webseed::parse_content_range(value);
  if (!range) return;
  if (range->first > range->last) std::abort();
  if (range->total && *range->total <= range->last) std::abort();
  const std::string again = "bytes " + std::to_string(range->first) + "-" + std::to_string(range->last) + "/" +
                            (range->total ? std::to_string(*range->total) : std::string("*"));
  const auto back = webseed::parse_content_range(again);
  if (!back || back->first != range->first || back->last != range->last || back->total != range->total) {
    std::abort();
  }
}

void check_body(const std::uint8_t* data, std::size_t size) {
  webseed::RangeAsked asked;
  asked.first = u64(data + 1) % kNumberSpan;
  asked.length = 1 + u64(data + 9) % kNumberSpan;  // length > 0, as the header says
  asked.file_size = u64(data + 17) % (2 * kNumberSpan);
  if (webseed::body_bound(asked) < asked.length) std::abort();
  if (webseed::range_header(asked) !=
      "bytes=" + std::to_string(asked.first) + "-" + std::to_string(asked.first + asked.length - 1)) {
    std::abort();
  }
  const std::string_view rest(reinterpret_cast<const char*>(data + kPrefix), size - kPrefix);
  const auto newline = rest.find('\n');
  corrent::net::http::HttpResponse response;
  response.status = data[0] % 3 == 0 ? 200 : data[0] % 3 == 1 ? 206 : data[0];
  if (newline != std::string_view::npos) {
    response.headers.emplace_back("Content-Range", std::string(rest.substr(0, newline)));
    response.body = std::string(rest.substr(newline + 1));
  } else {
    response.body = std::string(rest);
  }
  const auto body = webseed::range_body(response, asked);
  if (!body) return;
  if (body->size() != asked.length) std::abort();
  if (response.status == 206) {
    const auto range = webseed::parse_content_range(response.headers.front().second);
    if (!range || range->first != asked.first || range->last != asked.last() || *body != response.body) std::abort();
  } else if (response.status == 200) {
    if (response.body.size() != asked.file_size || asked.first + asked.length > asked.file_size ||
        *body != std::string_view(response.body).substr(asked.first, asked.length)) {
      std::abort();
    }
  } else {
    std::abort();  // any other status is refused
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  check_parse(std::string_view(reinterpret_cast<const char*>(data), size));
  if (size >= kPrefix) check_body(data, size);
  return 0;
}
