#pragma once
// An awaitable HTTP/1.1 GET, or another method with a body (UPnP's SOAP POST), over TCP or
// TLS (asio::ssl, OpenSSL), for trackers, web seeds and UPnP. One connection per request ("Connection: close"), no compression (we send no
// Accept-Encoding), redirects followed up to a bound, every wait bounded: the whole
// request (resolve, connect, TLS handshake, each redirect, body) by total_timeout, and
// each wait for bytes by receive_timeout. With HttpOptions::proxy set, every connection
// (redirects too) goes through that SOCKS5 proxy, which resolves the URL's host name
// itself: no DNS query of ours leaks around the proxy.
//
//   auto response = co_await http::http_get(executor, "https://t.example/announce?...", {});
//   if (!response) ...                           // errc::timed_out, body_too_large, ...
//   if (response->status == 200) use(response->body);
//
//   options.headers = {{"Content-Type", "text/xml"}, {"SOAPAction", "\"urn:...#AddPortMapping\""}};
//   auto reply = co_await http::http_request(executor, "POST", control_url, envelope, options);

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <asio/any_io_executor.hpp>

#include "corrent/core/result.hpp"
#include "corrent/core/task.hpp"
#include "corrent/net/http/http_response.hpp"
#include "corrent/net/http/limits.hpp"
#include "corrent/net/socks5.hpp"

namespace corrent::net::http {

/// How one request may behave.
struct HttpOptions {
  /// Longest wait for any single step (resolve, connect, handshake, each read or write).
  std::chrono::milliseconds receive_timeout = kDefaultReceiveTimeout;
  /// Longest the whole request may take, redirects included.
  std::chrono::milliseconds total_timeout = kDefaultTotalTimeout;
  /// Largest body accepted (decoded size); larger is errc::body_too_large.
  std::size_t max_body_bytes = kDefaultMaxBodyBytes;
  std::size_t max_header_bytes = kDefaultMaxHeaderBytes;
  /// Redirects (301, 302, 303, 307, 308 with a Location) followed; one more is
  /// errc::too_many_redirects. 0 returns the redirect response itself.
  std::uint32_t max_redirects = kDefaultMaxRedirects;
  /// Extra request headers (Host, Connection and User-Agent are always sent).
  std::vector<std::pair<std::string, std::string>> headers;
  std::string user_agent = "corrent";
  /// Verify HTTPS certificates against the system store and the host name. Only tests
  /// turn this off.
  bool verify_tls = true;
  /// A SOCKS5 proxy to connect through (parse_proxy_url), or nullopt for a direct
  /// connection. Its handshake is one step, bounded like the others.
  std::optional<ProxySettings> proxy;
};

/// GETs `url` (http:// or https://) and returns the final response, whatever its status
/// (redirects followed). Errors: http::errc (timed_out, body_too_large, too_many_redirects,
/// bad_redirect, unsupported_scheme, resolve_failed, tls_failed when TLS cannot be set up,
/// OpenSSL's error (asio::error::get_ssl_category()) when the handshake fails, parse errors),
/// net::errc::bad_url, net::socks5_errc when the proxy refuses or fails, or Asio's socket
/// errors (connection_refused, ...). Cancelling the awaiting coroutine ends the request
/// with asio::error::operation_aborted.
Task<Result<HttpResponse>> http_get(asio::any_io_executor executor, std::string url,
                                    HttpOptions options = {});

/// Sends `method` (an HTTP token such as "POST"; anything else is
/// std::errc::invalid_argument) to `url` with `body`, and returns the final response as
/// http_get does. A Content-Length is sent unless the method is GET with an empty body;
/// put the Content-Type (and e.g. SOAPAction) in options.headers. Redirects: 307 and 308
/// repeat the method and body; 301, 302 and 303 continue with a GET without body, as
/// browsers do. The response must carry a body or say it has none (not HEAD). Under GCC 12,
/// pass `options` as a named variable: a default argument's temporary inside a co_await
/// expression is mishandled there.
Task<Result<HttpResponse>> http_request(asio::any_io_executor executor, std::string method,
                                        std::string url, std::string body, HttpOptions options = {});

}  // namespace corrent::net::http
