#include "http_response.hpp"

namespace corrent::stream_http {
namespace {

void append_safe(std::string& out, std::string_view text) {
  for (const char c : text) out.push_back(c == '\r' || c == '\n' || c == '\0' ? ' ' : c);
}

}  // namespace

std::string_view reason_phrase(int status) {
  switch (status) {
    case 200: return "OK";
    case 204: return "No Content";
    case 206: return "Partial Content";
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 416: return "Range Not Satisfiable";
    case 421: return "Misdirected Request";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default: return "";
  }
}

std::string format_head(int status, std::span<const std::pair<std::string, std::string>> headers) {
  std::string out = "HTTP/1.1 ";
  // A status is three digits (RFC 9110 section 15); anything else is a bug of the caller,
  // answered as 500 rather than written as a malformed status line.
  if (status < 100 || status > 999) status = 500;
  out += std::to_string(status);
  out += ' ';
  out += reason_phrase(status);
  out += "\r\n";
  for (const auto& [name, value] : headers) {
    append_safe(out, name);
    out += ": ";
    append_safe(out, value);
    out += "\r\n";
  }
  out += "\r\n";
  return out;
}

}  // namespace corrent::stream_http
