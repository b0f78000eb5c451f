#include "byte_range.hpp"

#include <charconv>
#include <system_error>

#include "stream_limits.hpp"

namespace corrent::stream_http {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ows(char c) { return c == ' ' || c == '\t'; }

// Skips OWS and empty list elements: RFC 9110 section 5.6.1.2 has recipients accept
// "bytes=, 0-5" and "bytes=0-5 ," as one range.
void skip_separators(std::string_view& s) {
  while (!s.empty() && (is_ows(s.front()) || s.front() == ',')) s.remove_prefix(1);
}

// 1*DIGIT from the front of `s`, at most kMaxRangeDigits of them, so it always fits.
std::optional<std::uint64_t> take_number(std::string_view& s) {
  std::size_t n = 0;
  while (n < s.size() && is_digit(s[n])) ++n;
  if (n == 0 || n > kMaxRangeDigits) return std::nullopt;
  std::uint64_t value = 0;
  if (std::from_chars(s.data(), s.data() + n, value).ec != std::errc{}) return std::nullopt;
  s.remove_prefix(n);
  return value;
}

// One range-spec as sent: first is nullopt for a suffix ("-n"), last for "a-".
struct Spec {
  std::optional<std::uint64_t> first;
  std::optional<std::uint64_t> last;
};

// int-range or suffix-range (RFC 9110 section 14.1.1) from the front of `s`; nullopt if
// malformed, which includes last < first.
std::optional<Spec> take_spec(std::string_view& s) {
  Spec spec;
  if (!s.empty() && is_digit(s.front())) {
    spec.first = take_number(s);
    if (!spec.first) return std::nullopt;
  }
  if (s.empty() || s.front() != '-') return std::nullopt;
  s.remove_prefix(1);
  if (!s.empty() && is_digit(s.front())) {
    spec.last = take_number(s);
    if (!spec.last) return std::nullopt;
  }
  if (!spec.first && !spec.last) return std::nullopt;  // a lone "-"
  if (spec.first && spec.last && *spec.last < *spec.first) return std::nullopt;
  return spec;
}

RangeRequest satisfy(const Spec& spec, std::uint64_t size) {
  constexpr RangeRequest kUnsatisfiable{RangeKind::unsatisfiable, {}};
  if (size == 0) return kUnsatisfiable;
  if (!spec.first) {  // the last n bytes
    const std::uint64_t n = *spec.last;
    if (n == 0) return kUnsatisfiable;
    return {RangeKind::partial, {n >= size ? 0 : size - n, size - 1}};
  }
  if (*spec.first >= size) return kUnsatisfiable;
  const std::uint64_t last = spec.last && *spec.last < size ? *spec.last : size - 1;
  return {RangeKind::partial, {*spec.first, last}};
}

bool starts_with_bytes_unit(std::string_view s) {
  constexpr std::string_view kUnit = "bytes=";
  if (s.size() < kUnit.size()) return false;
  for (std::size_t i = 0; i < kUnit.size(); ++i) {
    const char c = s[i] >= 'A' && s[i] <= 'Z' ? static_cast<char>(s[i] - 'A' + 'a') : s[i];
    if (c != kUnit[i]) return false;  // range units are case-insensitive (section 14.1)
  }
  return true;
}

}  // namespace

RangeRequest resolve_range(std::optional<std::string_view> header, std::uint64_t size) {
  constexpr RangeRequest kWhole{};
  if (!header || !starts_with_bytes_unit(*header)) return kWhole;
  std::string_view rest = header->substr(6);
  skip_separators(rest);
  const auto spec = take_spec(rest);
  if (!spec) return kWhole;
  while (!rest.empty() && is_ows(rest.front())) rest.remove_prefix(1);
  if (!rest.empty() && rest.front() != ',') return kWhole;  // "bytes=0-5x", "bytes=0- 5"
  skip_separators(rest);
  // Another spec follows: we stop here and refuse, rather than parse a list of any length.
  if (!rest.empty()) return {RangeKind::multiple, {}};
  return satisfy(*spec, size);
}

std::string content_range(const ByteRange& r, std::uint64_t size) {
  return "bytes " + std::to_string(r.first) + "-" + std::to_string(r.last) + "/" + std::to_string(size);
}

std::string unsatisfied_content_range(std::uint64_t size) { return "bytes */" + std::to_string(size); }

}  // namespace corrent::stream_http
