#include "announce_message.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

#include "corrent/core/encoding.hpp"
#include "lsd_errc.hpp"
#include "lsd_limits.hpp"

namespace corrent::lsd {
namespace {

constexpr std::string_view kStartLine = "BT-SEARCH * HTTP/1.1";
constexpr std::string_view kCrLf = "\r\n";
constexpr std::size_t kInfohashHexSize = 40;

// Our largest announce (IPv6 Host, port 65535, our cookie, kMaxInfohashesPerAnnounce
// infohashes) must fit the BEP's 1400 bytes.
constexpr std::size_t kLargestOwnAnnounce =
    kStartLine.size() + 2 + (6 + kHostV6.size() + 6 + 2) + (6 + 5 + 2) + (8 + kCookieSize + 2) +
    kMaxInfohashesPerAnnounce * (10 + kInfohashHexSize + 2) + 4;
static_assert(kLargestOwnAnnounce <= kMaxAnnounceSize);

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// RFC 7230 tchar: the characters of a header name.
bool is_token_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool is_blank(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

bool valid_cookie(std::string_view cookie) {
  return !cookie.empty() && cookie.size() <= kMaxCookieSize && std::none_of(cookie.begin(), cookie.end(), is_blank);
}

std::optional<std::uint16_t> parse_port(std::string_view text) {
  if (text.empty() || text.size() > 5) return std::nullopt;
  std::uint32_t value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<std::uint32_t>(c - '0');
  }
  if (value == 0 || value > 65535) return std::nullopt;
  return static_cast<std::uint16_t>(value);
}

std::optional<InfoHashBytes> parse_infohash(std::string_view text) {
  if (text.size() != kInfohashHexSize) return std::nullopt;
  const auto bytes = from_hex(text);
  if (!bytes) return std::nullopt;
  InfoHashBytes out{};
  std::copy(bytes->begin(), bytes->end(), reinterpret_cast<char*>(out.data()));
  return out;
}

// Reads lines ending in CR LF, strictly.
class LineReader {
 public:
  explicit LineReader(std::string_view text) : text_(text) {}

  // The next line without its CR LF, or the error where it goes wrong.
  ParseResult<std::string_view> next() {
    const auto lf = text_.find('\n', pos_);
    if (lf == std::string_view::npos) {
      const auto cr = text_.find('\r', pos_);
      if (cr != std::string_view::npos && cr + 1 < text_.size()) return parse_fail(errc::bad_line_ending, cr);
      return parse_fail(errc::truncated, text_.size());
    }
    if (lf == pos_ || text_[lf - 1] != '\r') return parse_fail(errc::bad_line_ending, lf);
    const auto line = text_.substr(pos_, lf - 1 - pos_);
    if (const auto cr = line.find('\r'); cr != std::string_view::npos) {
      return parse_fail(errc::bad_line_ending, pos_ + cr);
    }
    start_ = pos_;
    pos_ = lf + 1;
    return line;
  }
  // Where the line last returned started.
  [[nodiscard]] std::size_t line_start() const { return start_; }
  [[nodiscard]] std::string_view rest() const { return text_.substr(pos_); }
  [[nodiscard]] std::size_t pos() const { return pos_; }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t start_ = 0;
};

// Presence of the headers that may appear once.
struct Seen {
  bool host = false;
  bool port = false;
  bool cookie = false;
};

// Applies one header line to `out`.
tl::expected<void, ParseError> apply_header(std::string_view line, std::size_t at, Seen& seen, AnnounceMessage& out) {
  const auto colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) return parse_fail(errc::bad_header, at);
  const auto name = line.substr(0, colon);
  if (!std::all_of(name.begin(), name.end(), is_token_char)) return parse_fail(errc::bad_header, at);
  const auto value = trim(line.substr(colon + 1));
  const std::size_t value_at = at + colon + 1;
  if (iequals(name, "Infohash")) {
    if (out.info_hashes.size() == kMaxInfohashesPerAnnounce) return parse_fail(errc::too_many_infohashes, at);
    const auto hash = parse_infohash(value);
    if (!hash) return parse_fail(errc::bad_infohash, value_at);
    out.info_hashes.push_back(*hash);
  } else if (iequals(name, "Port")) {
    if (seen.port) return parse_fail(errc::duplicate_header, at);
    seen.port = true;
    const auto port = parse_port(value);
    if (!port) return parse_fail(errc::bad_port, value_at);
    out.port = *port;
  } else if (iequals(name, "Host")) {
    if (seen.host) return parse_fail(errc::duplicate_header, at);
    seen.host = true;
    if (value.empty()) return parse_fail(errc::missing_host, value_at);
    out.host = value;
  } else if (iequals(name, "cookie")) {
    if (seen.cookie) return parse_fail(errc::duplicate_header, at);
    seen.cookie = true;
    if (!valid_cookie(value)) return parse_fail(errc::bad_cookie, value_at);
    out.cookie = value;
  }
  return {};
}

}  // namespace

Result<std::string> encode_announce(Group group, std::uint16_t group_port, std::uint16_t listen_port,
                                    std::span<const InfoHashBytes> info_hashes, std::string_view cookie) {
  if (info_hashes.empty()) return fail(errc::missing_infohash);
  if (info_hashes.size() > kMaxInfohashesPerAnnounce) return fail(errc::too_many_infohashes);
  if (listen_port == 0 || group_port == 0) return fail(errc::bad_port);
  const bool printable = std::all_of(cookie.begin(), cookie.end(), [](char c) { return c > 0x20 && c < 0x7f; });
  if (!cookie.empty() && (!valid_cookie(cookie) || !printable)) return fail(errc::bad_cookie);
  std::string out;
  out.reserve(kMaxAnnounceSize);
  out.append(kStartLine).append(kCrLf);
  out.append("Host: ").append(group == Group::v4 ? kHostV4 : kHostV6);
  out.append(":").append(std::to_string(group_port)).append(kCrLf);
  out.append("Port: ").append(std::to_string(listen_port)).append(kCrLf);
  for (const auto& hash : info_hashes) out.append("Infohash: ").append(to_hex(hash)).append(kCrLf);
  if (!cookie.empty()) out.append("cookie: ").append(cookie).append(kCrLf);
  out.append(kCrLf).append(kCrLf);  // the end of the headers, and BEP 14's extra empty line
  if (out.size() > kMaxAnnounceSize) return fail(errc::too_large);
  return out;
}

ParseResult<AnnounceMessage> parse_announce(std::span<const std::uint8_t> datagram) {
  if (datagram.size() > kMaxAnnounceSize) return parse_fail(errc::too_large, kMaxAnnounceSize);
  for (std::size_t i = 0; i < datagram.size(); ++i) {
    const auto c = datagram[i];
    if ((c < 0x20 || c > 0x7e) && c != '\t' && c != '\r' && c != '\n') return parse_fail(errc::non_ascii, i);
  }
  const std::string_view text(reinterpret_cast<const char*>(datagram.data()), datagram.size());
  LineReader lines(text);
  const auto start = lines.next();
  if (!start) return tl::make_unexpected(start.error());
  if (*start != kStartLine) return parse_fail(errc::bad_start_line, 0);

  AnnounceMessage out;
  Seen seen;
  for (std::size_t headers = 0;; ++headers) {
    const auto line = lines.next();
    if (!line) return tl::make_unexpected(line.error());
    if (line->empty()) break;
    if (headers == kMaxHeaders) return parse_fail(errc::too_many_headers, lines.line_start());
    if (auto applied = apply_header(*line, lines.line_start(), seen, out); !applied) {
      return tl::make_unexpected(applied.error());
    }
  }
  // BEP 14 ends an announce with a second empty line; senders differ, so any number of
  // them, and nothing else, may follow the headers.
  for (auto rest = lines.rest(); !rest.empty(); rest.remove_prefix(kCrLf.size())) {
    if (rest.substr(0, kCrLf.size()) != kCrLf) return parse_fail(errc::trailing_data, text.size() - rest.size());
  }
  if (!seen.host) return parse_fail(errc::missing_host, text.size());
  if (!seen.port) return parse_fail(errc::missing_port, text.size());
  if (out.info_hashes.empty()) return parse_fail(errc::missing_infohash, text.size());
  return out;
}

}  // namespace corrent::lsd
