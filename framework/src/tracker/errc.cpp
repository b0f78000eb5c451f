#include "corrent/tracker/errc.hpp"

namespace corrent::tracker {

std::string_view describe(errc e) noexcept {
  switch (e) {
    case errc::ok: return "ok";
    case errc::tracker_failure: return "tracker failure";
    case errc::bad_response: return "malformed tracker response";
    case errc::truncated_peers: return "compact peer list with a partial entry";
    case errc::response_too_large: return "tracker response too large";
    case errc::http_error: return "tracker HTTP error";
    case errc::tracker_gone: return "tracker gone (HTTP 410)";
    case errc::timed_out: return "tracker did not answer in time";
    case errc::unsupported_scheme: return "no tracker protocol for this URL scheme";
    case errc::bad_url: return "bad tracker URL";
    case errc::no_scrape_url: return "tracker URL has no scrape form (BEP 48)";
    case errc::too_many_info_hashes: return "too many info-hashes in one scrape";
    case errc::wrong_transaction_id: return "UDP tracker reply with a wrong transaction id";
    case errc::wrong_action: return "UDP tracker reply with a wrong action";
    case errc::bad_packet_length: return "UDP tracker reply of a bad length";
    case errc::no_trackers: return "no usable tracker";
    case errc::no_address: return "tracker host has no usable address";
  }
  return "unknown tracker error";
}

}  // namespace corrent::tracker
