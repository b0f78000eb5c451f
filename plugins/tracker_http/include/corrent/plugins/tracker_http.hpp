#pragma once
// tracker_http: the HTTP(S) tracker protocol (BEP 3, 23 compact peers, 7 peers6, 24
// external ip, 48 scrape), schemes "http" and "https". Configuration section
// "tracker_http" (see docs/trackers.md):
//   receive_timeout_ms  (integer, default 10000): longest wait for any byte
//   total_timeout_ms    (integer, default 30000): longest a whole request may take
//   max_response_bytes  (integer, default 1048576): largest reply body
//   max_redirects       (integer, default 5): redirects followed
//   verify_tls          (boolean, default true): check HTTPS certificates
//   user_agent          (string, default "corrent/<version>")

namespace corrent {
class Registry;
}

namespace corrent::plugins {

/// Registers the "tracker_http" tracker protocol.
void register_tracker_http(Registry& registry);

}  // namespace corrent::plugins
