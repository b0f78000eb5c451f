#include "inbound_filter.hpp"

#include <algorithm>
#include <utility>

#include "announce_message.hpp"

namespace corrent::lsd {

bool plausible_source(const net::Endpoint& source) {
  const auto bytes = source.address_bytes();
  if (source.port() == 0) return false;
  if (source.is_unspecified()) return false;
  const bool multicast = source.is_v4() ? (bytes[0] & 0xf0) == 0xe0 : bytes[0] == 0xff;
  return !multicast;
}

InboundFilter::InboundFilter(std::string own_cookie, std::uint32_t max_per_source, Clock::duration window,
                             std::size_t max_sources)
    : own_cookie_(std::move(own_cookie)), max_per_source_(max_per_source), sources_(window, max_sources) {}

Inbound InboundFilter::check(std::span<const std::uint8_t> datagram, const net::Endpoint& source,
                             Clock::time_point now) {
  auto out = judge(datagram, source, now);
  switch (out.verdict) {
    case Verdict::accepted: ++counts_.accepted; break;
    case Verdict::malformed: ++counts_.malformed; break;
    case Verdict::own: ++counts_.own; break;
    case Verdict::rate_limited: ++counts_.rate_limited; break;
    case Verdict::bad_source: ++counts_.bad_source; break;
  }
  return out;
}

// Parsing comes first (bounded: at most kMaxAnnounceSize bytes), so that our own looped
// back announces do not count against our host's address, which other clients on the
// same host share.
Inbound InboundFilter::judge(std::span<const std::uint8_t> datagram, const net::Endpoint& source,
                             Clock::time_point now) {
  Inbound out;
  auto message = parse_announce(datagram);
  if (!message) {
    out.error = message.error().code;
    return out;
  }
  if (message->cookie == own_cookie_) {
    out.verdict = Verdict::own;
    return out;
  }
  if (!plausible_source(source)) {
    out.verdict = Verdict::bad_source;
    return out;
  }
  if (sources_.record(source, now) > max_per_source_) {
    out.verdict = Verdict::rate_limited;
    return out;
  }
  out.verdict = Verdict::accepted;
  out.peer = source.with_port(message->port);
  out.info_hashes = std::move(message->info_hashes);
  return out;
}

}  // namespace corrent::lsd
