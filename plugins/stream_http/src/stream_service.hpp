#pragma once
// StreamService: the stream_http plugin's Service. Listens where the settings say, tells
// the observer the real address and the token, and serves each connection
// (http_connection.hpp) until the session stops it; at most max_connections at once, one
// more answered 503 and closed.

#include <asio/any_io_executor.hpp>

#include "corrent/plugins/stream_http.hpp"
#include "corrent/registry/service.hpp"
#include "stream_settings.hpp"

namespace corrent::stream_http {

class StreamService final : public Service {
 public:
  StreamService(asio::any_io_executor executor, StreamSettings settings, plugins::StreamHttpObserver observer);

  /// Errors: the address cannot be bound (in use, not local). Ends when cancelled, once
  /// every connection has ended.
  Task<Result<void>> run(SessionView& session) override;

 private:
  asio::any_io_executor executor_;
  StreamSettings settings_;
  plugins::StreamHttpObserver observer_;
};

}  // namespace corrent::stream_http
