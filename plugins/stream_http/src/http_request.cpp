#include "http_request.hpp"

#include "stream_errc.hpp"
#include "stream_limits.hpp"

namespace corrent::stream_http {
namespace {

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

// tchar of RFC 9110 section 5.6.2: the characters of methods and header names.
bool is_tchar(char ch) {
  const auto c = static_cast<unsigned char>(ch);
  if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(ch) != std::string_view::npos;
}

bool is_token(std::string_view s) {
  if (s.empty()) return false;
  for (const char c : s) {
    if (!is_tchar(c)) return false;
  }
  return true;
}

bool is_ows(char c) { return c == ' ' || c == '\t'; }

std::string_view trim_ows(std::string_view s) {
  while (!s.empty() && is_ows(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_ows(s.back())) s.remove_suffix(1);
  return s;
}

// Hands out the head's lines without their "\n" or "\r\n"; nullopt when no full line is
// left (a head that does not end with its blank line).
class LineReader {
 public:
  explicit LineReader(std::string_view text) : text_(text) {}
  std::optional<std::string_view> next() {
    const auto nl = text_.find('\n', pos_);
    if (nl == std::string_view::npos) return std::nullopt;
    auto line = text_.substr(pos_, nl - pos_);
    pos_ = nl + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return line;
  }
  [[nodiscard]] bool at_end() const { return pos_ == text_.size(); }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

// origin-form (RFC 9112 section 3.2.1): an absolute path and an optional query. Bytes are
// visible ASCII (clients percent-encode the rest); a fragment is never sent.
bool is_origin_form(std::string_view target) {
  if (target.empty() || target.front() != '/') return false;
  for (const char ch : target) {
    const auto c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c >= 0x7f || c == '#') return false;
  }
  return true;
}

// "HTTP/" DIGIT "." DIGIT (RFC 9112 section 2.3): the minor version of 1.0 or 1.1.
Result<int> parse_version(std::string_view v) {
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (v.size() != 8 || v.substr(0, 5) != "HTTP/" || !digit(v[5]) || v[6] != '.' || !digit(v[7])) {
    return fail(errc::bad_request);
  }
  if (v[5] != '1' || (v[7] != '0' && v[7] != '1')) return fail(errc::version_not_supported);
  return v[7] - '0';
}

// method SP request-target SP HTTP-version, single spaces (RFC 9112 section 3).
Result<void> parse_request_line(std::string_view line, HttpRequest& out) {
  const auto sp1 = line.find(' ');
  if (sp1 == std::string_view::npos) return fail(errc::bad_request);
  const auto sp2 = line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos) return fail(errc::bad_request);
  const auto method = line.substr(0, sp1);
  const auto target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  const auto version = line.substr(sp2 + 1);
  if (!is_token(method)) return fail(errc::bad_request);
  if (target.size() > kMaxTargetLength) return fail(errc::target_too_long);
  if (!is_origin_form(target)) return fail(errc::bad_request);
  CORRENT_TRY(const int minor, parse_version(version));
  out.method = method;
  out.target = target;
  out.minor_version = minor;
  return {};
}

// field-name ":" OWS field-value OWS (RFC 9112 section 5). No space before the colon
// (request smuggling, section 5.1), no obs-fold (section 5.2), no NUL or CR in the value
// (RFC 9110 section 5.5).
Result<void> parse_header_line(std::string_view line, HttpRequest& out) {
  if (is_ows(line.front())) return fail(errc::bad_request);
  const auto colon = line.find(':');
  if (colon == std::string_view::npos) return fail(errc::bad_request);
  const auto name = line.substr(0, colon);
  if (!is_token(name)) return fail(errc::bad_request);
  const auto value = trim_ows(line.substr(colon + 1));
  if (value.find('\0') != std::string_view::npos || value.find('\r') != std::string_view::npos) {
    return fail(errc::bad_request);
  }
  if (out.headers.size() == kMaxHeaderCount) return fail(errc::too_many_headers);
  std::string lowered(name);
  for (char& c : lowered) c = lower(c);
  out.headers.emplace_back(std::move(lowered), std::string(value));
  return {};
}

// What the headers say together: no body (we never read one, so its bytes would be taken
// for the next request), one Content-Length and one Host at most, Host in HTTP/1.1
// (RFC 9112 section 3.2).
Result<void> check_headers(const HttpRequest& req) {
  std::size_t hosts = 0;
  std::size_t lengths = 0;
  bool body = false;
  for (const auto& [name, value] : req.headers) {
    if (name == "host") ++hosts;
    if (name == "transfer-encoding") body = true;
    if (name == "content-length") {
      ++lengths;
      if (value != "0") body = true;
    }
  }
  if (lengths > 1 || hosts > 1) return fail(errc::bad_request);
  if (body) return fail(errc::body_not_allowed);
  if (req.minor_version == 1 && hosts == 0) return fail(errc::bad_request);
  return {};
}

}  // namespace

std::optional<std::string_view> HttpRequest::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (iequals(key, name)) return std::string_view(value);
  }
  return std::nullopt;
}

bool HttpRequest::keep_alive() const {
  bool close = false;
  bool keep = false;
  for (const auto& [name, value] : headers) {
    if (name != "connection") continue;
    std::string_view rest = value;
    while (!rest.empty()) {
      const auto comma = rest.find(',');
      const auto token = trim_ows(rest.substr(0, comma));
      close = close || iequals(token, "close");
      keep = keep || iequals(token, "keep-alive");
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    }
  }
  if (close) return false;
  return minor_version == 1 || keep;
}

std::optional<std::size_t> find_head_end(std::string_view buffer) {
  std::size_t start = 0;
  while (start < buffer.size()) {
    if (buffer[start] == '\n') {
      start += 1;
    } else if (buffer.substr(start, 2) == "\r\n") {
      start += 2;
    } else {
      break;
    }
  }
  // Past the request line, a blank line is an end of line followed by "\n" or "\r\n".
  for (auto nl = buffer.find('\n', start); nl != std::string_view::npos; nl = buffer.find('\n', nl + 1)) {
    const auto after = buffer.substr(nl + 1, 2);
    if (!after.empty() && after[0] == '\n') return nl + 2;
    if (after == "\r\n") return nl + 3;
  }
  return std::nullopt;
}

Result<HttpRequest> parse_request(std::string_view head) {
  if (head.size() > kMaxRequestHead) return fail(errc::head_too_large);
  LineReader lines(head);
  auto line = lines.next();
  while (line && line->empty()) line = lines.next();  // RFC 9112 section 2.2
  if (!line) return fail(errc::bad_request);
  HttpRequest req;
  CORRENT_TRY_VOID(parse_request_line(*line, req));
  for (line = lines.next(); line && !line->empty(); line = lines.next()) {
    CORRENT_TRY_VOID(parse_header_line(*line, req));
  }
  // No blank line, or bytes after it: not one whole head.
  if (!line || !lines.at_end()) return fail(errc::bad_request);
  CORRENT_TRY_VOID(check_headers(req));
  return req;
}

}  // namespace corrent::stream_http
