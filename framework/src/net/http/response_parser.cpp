#include "corrent/net/http/response_parser.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "corrent/net/http/errc.hpp"

namespace corrent::net::http {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
  });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool is_token_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u > 0x20 && u < 0x7f && c != ':' && c != '(' && c != ')' && c != ',' && c != ';' &&
         c != '"' && c != '/' && c != '[' && c != ']' && c != '=' && c != '{' && c != '}';
}

// A decimal Content-Length (a list of equal values, as some servers send, is accepted).
std::optional<std::uint64_t> parse_length(std::string_view text) {
  std::optional<std::uint64_t> value;
  while (true) {
    const auto comma = std::min(text.find(','), text.size());
    const auto item = trim(text.substr(0, comma));
    std::uint64_t v = 0;
    const auto [ptr, ec] = std::from_chars(item.data(), item.data() + item.size(), v);
    if (item.empty() || ec != std::errc{} || ptr != item.data() + item.size()) return std::nullopt;
    if (value && *value != v) return std::nullopt;
    value = v;
    if (comma == text.size()) return value;
    text.remove_prefix(comma + 1);
  }
}

}  // namespace

std::optional<std::string_view> HttpResponse::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (iequals(key, name)) return std::string_view(value);
  }
  return std::nullopt;
}

std::size_t ResponseParser::line_limit() const {
  switch (state_) {
    case State::status_line:
    case State::headers:
      return limits_.max_header_bytes - std::min(header_bytes_, limits_.max_header_bytes);
    default:
      return kMaxChunkLineBytes;
  }
}

ParseResult<void> ResponseParser::feed(std::string_view data) {
  while (!data.empty()) {
    switch (state_) {
      case State::body_length:
      case State::chunk_data: {
        const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(remaining_, data.size()));
        CORRENT_TRY_VOID(append_body(data.substr(0, n)));
        data.remove_prefix(n);
        offset_ += n;
        remaining_ -= n;
        if (remaining_ == 0) state_ = state_ == State::body_length ? State::done : State::chunk_data_end;
        break;
      }
      case State::body_close:
        CORRENT_TRY_VOID(append_body(data));
        offset_ += data.size();
        data = {};
        break;
      case State::done:
        return parse_fail(errc::trailing_data, offset_);
      default: {
        const auto newline = data.find('\n');
        const auto take = newline == std::string_view::npos ? data.size() : newline + 1;
        if (line_.size() + take > line_limit()) {
          const bool in_head = state_ == State::status_line || state_ == State::headers;
          return parse_fail(in_head ? errc::headers_too_large : errc::bad_chunk, offset_);
        }
        line_.append(data.substr(0, take));
        data.remove_prefix(take);
        offset_ += take;
        if (newline == std::string_view::npos) break;
        if (state_ == State::status_line || state_ == State::headers || state_ == State::trailers) {
          header_bytes_ += line_.size();  // trailers count against the header bound
        }
        std::string_view line = line_;
        line.remove_suffix(1);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        auto ok = on_line(line);
        line_.clear();
        if (!ok) return ok;
      }
    }
  }
  return {};
}

ParseResult<void> ResponseParser::finish() {
  if (state_ == State::body_close) state_ = State::done;
  if (state_ != State::done) return parse_fail(errc::unexpected_eof, offset_);
  return {};
}

ParseResult<void> ResponseParser::on_line(std::string_view line) {
  switch (state_) {
    case State::status_line: return on_status_line(line);
    case State::headers: return on_header_line(line);
    case State::chunk_size: return on_chunk_size(line);
    case State::chunk_data_end:
      if (!line.empty()) return parse_fail(errc::bad_chunk, offset_);
      state_ = State::chunk_size;
      return {};
    case State::trailers:
      if (header_bytes_ > limits_.max_header_bytes) return parse_fail(errc::headers_too_large, offset_);
      if (line.empty()) state_ = State::done;
      return {};
    default: return {};
  }
}

ParseResult<void> ResponseParser::on_status_line(std::string_view line) {
  // "HTTP/1.x NNN reason"
  if (line.size() < 12 || line.substr(0, 7) != "HTTP/1." || !std::isdigit(static_cast<unsigned char>(line[7])) ||
      line[8] != ' ' || (line.size() > 12 && line[12] != ' ')) {
    return parse_fail(errc::bad_status_line, offset_);
  }
  int status = 0;
  for (std::size_t i = 9; i < 12; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(line[i]))) return parse_fail(errc::bad_status_line, offset_);
    status = status * 10 + (line[i] - '0');
  }
  if (status < 100) return parse_fail(errc::bad_status_line, offset_);
  response_.status = status;
  response_.reason = std::string(line.size() > 13 ? line.substr(13) : std::string_view{});
  state_ = State::headers;
  return {};
}

ParseResult<void> ResponseParser::on_header_line(std::string_view line) {
  if (line.empty()) return on_headers_end();
  if (line.front() == ' ' || line.front() == '\t') return parse_fail(errc::bad_header, offset_);
  const auto colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) return parse_fail(errc::bad_header, offset_);
  const auto name = line.substr(0, colon);
  if (!std::all_of(name.begin(), name.end(), is_token_char)) return parse_fail(errc::bad_header, offset_);
  const auto value = trim(line.substr(colon + 1));
  if (std::any_of(value.begin(), value.end(), [](char c) { return c == '\0' || c == '\r'; })) {
    return parse_fail(errc::bad_header, offset_);
  }
  if (response_.headers.size() >= limits_.max_headers) return parse_fail(errc::too_many_headers, offset_);
  response_.headers.emplace_back(std::string(name), std::string(value));
  return {};
}

ParseResult<void> ResponseParser::on_headers_end() {
  const int status = response_.status;
  if (status < 200) {  // an interim response (100 Continue): the real one follows
    response_ = HttpResponse{};
    state_ = State::status_line;
    return {};
  }
  if (head_request_ || status == 204 || status == 304) {
    state_ = State::done;
    return {};
  }
  if (const auto coding = response_.header("Transfer-Encoding")) {
    // The last coding decides; anything but chunked is delimited by the close.
    const auto last = trim(coding->substr(std::min(coding->rfind(',') + 1, coding->size())));
    state_ = iequals(last, "chunked") ? State::chunk_size : State::body_close;
    return {};
  }
  if (const auto length_text = response_.header("Content-Length")) {
    const auto length = parse_length(*length_text);
    if (!length) return parse_fail(errc::bad_content_length, offset_);
    if (*length > limits_.max_body_bytes) return parse_fail(errc::body_too_large, offset_);
    remaining_ = *length;
    state_ = remaining_ == 0 ? State::done : State::body_length;
    return {};
  }
  state_ = State::body_close;
  return {};
}

ParseResult<void> ResponseParser::on_chunk_size(std::string_view line) {
  std::size_t digits = 0;
  std::uint64_t size = 0;
  while (digits < line.size() && std::isxdigit(static_cast<unsigned char>(line[digits]))) {
    if (digits == kMaxChunkSizeDigits) return parse_fail(errc::bad_chunk, offset_);
    const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(line[digits])));
    size = size * 16 + static_cast<std::uint64_t>(c <= '9' ? c - '0' : c - 'a' + 10);
    ++digits;
  }
  const auto rest = line.substr(digits);
  if (digits == 0 || !(rest.empty() || rest.front() == ';' || rest.front() == ' ' || rest.front() == '\t')) {
    return parse_fail(errc::bad_chunk, offset_);
  }
  if (size == 0) {
    state_ = State::trailers;
    return {};
  }
  if (size > limits_.max_body_bytes - response_.body.size()) {
    return parse_fail(errc::body_too_large, offset_);
  }
  remaining_ = size;
  state_ = State::chunk_data;
  return {};
}

ParseResult<void> ResponseParser::append_body(std::string_view data) {
  if (data.size() > limits_.max_body_bytes - response_.body.size()) {
    return parse_fail(errc::body_too_large, offset_);
  }
  response_.body.append(data);
  return {};
}

}  // namespace corrent::net::http
