#pragma once
// InboundFilter: what to do with a received datagram, sans I/O. It parses the announce
// (refusing malformed ones), drops our own by their cookie, drops announces from a source
// address past its rate limit (kMaxAnnouncesPerSource per kSourceWindow) and from
// addresses no peer can have; what is left is a peer (the source address with the
// announced Port) for each announced info-hash.

#include <cstdint>
#include <span>
#include <string>
#include <system_error>
#include <vector>

#include "corrent/core/clock.hpp"
#include "corrent/net/endpoint.hpp"
#include "corrent/net/source_counters.hpp"
#include "corrent/plugin/info_hash_bytes.hpp"
#include "lsd_limits.hpp"

namespace corrent::lsd {

/// The fate of one datagram.
enum class Verdict {
  accepted,      ///< `peer` announced `info_hashes`
  malformed,     ///< refused by the parser: `error` says why
  own,           ///< carries our cookie (multicast loopback)
  rate_limited,  ///< its source is past kMaxAnnouncesPerSource in this window
  bad_source,    ///< from an unspecified or multicast address: no peer there
};

struct Inbound {
  Verdict verdict = Verdict::malformed;
  std::error_code error;                   ///< for `malformed`
  net::Endpoint peer;                      ///< for `accepted`: source address, announced port
  std::vector<InfoHashBytes> info_hashes;  ///< for `accepted`
};

/// Counts of verdicts, for tests and status.
struct InboundCounts {
  std::uint64_t accepted = 0;
  std::uint64_t malformed = 0;
  std::uint64_t own = 0;
  std::uint64_t rate_limited = 0;
  std::uint64_t bad_source = 0;
};

class InboundFilter {
 public:
  /// `own_cookie`: the cookie of our announces (non-empty).
  explicit InboundFilter(std::string own_cookie, std::uint32_t max_per_source = kMaxAnnouncesPerSource,
                         Clock::duration window = kSourceWindow, std::size_t max_sources = kMaxTrackedSources);

  /// Judges `datagram`, received from `source` at `now`.
  Inbound check(std::span<const std::uint8_t> datagram, const net::Endpoint& source, Clock::time_point now);

  [[nodiscard]] const std::string& own_cookie() const { return own_cookie_; }
  [[nodiscard]] const InboundCounts& counts() const { return counts_; }

 private:
  Inbound judge(std::span<const std::uint8_t> datagram, const net::Endpoint& source, Clock::time_point now);

  std::string own_cookie_;
  std::uint32_t max_per_source_;
  net::SourceCounters sources_;
  InboundCounts counts_;
};

/// Whether a datagram from `source` could come from a peer: not 0.0.0.0 or ::, not a
/// multicast address, not port 0.
[[nodiscard]] bool plausible_source(const net::Endpoint& source);

}  // namespace corrent::lsd
