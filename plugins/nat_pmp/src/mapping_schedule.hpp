#pragma once
// MappingSchedule: the mappings one run() keeps, and when each is next due, sans I/O.
// A granted mapping is renewed at half its lifetime (RFC 6886 §3.3, RFC 6887 §11.2.1); a
// failed one is tried again after a back-off that doubles from retry_min to retry_max,
// and never later than its lease's end. It says when a change is to be reported: a new
// or changed external endpoint, a mapping lost (a definite refusal, or its lease ended
// unrenewed), or the first failure of one that was never mapped.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "corrent/net/endpoint.hpp"
#include "natpmp_message.hpp"
#include "pcp_message.hpp"

namespace corrent::nat_pmp {

/// A point on the mapper's steady clock (any origin), in milliseconds.
using Millis = std::chrono::milliseconds;

/// One mapping and its timing.
struct MappingSlot {
  IpProtocol protocol = IpProtocol::tcp;
  std::uint16_t internal_port = 0;
  PcpNonce nonce{};                        ///< PCP: the same for every renewal and the deletion
  std::optional<net::Endpoint> external;   ///< as last granted; nullopt while not mapped
  Millis lease_end{0};                     ///< when the gateway drops it unless renewed
  Millis granted_at{0};
  Millis due{0};                           ///< when to send the next request
  Millis backoff{0};                       ///< the wait after the next failure
  bool failure_reported = false;           ///< since the last success
};

class MappingSchedule {
 public:
  MappingSchedule(Millis retry_min, Millis retry_max) : retry_min_(retry_min), retry_max_(retry_max) {}

  /// Adds a mapping due at `now`; returns its index.
  std::size_t add(IpProtocol protocol, std::uint16_t internal_port, const PcpNonce& nonce, Millis now);

  /// Indices of the mappings due by `now`, in the order added.
  [[nodiscard]] std::vector<std::size_t> due(Millis now) const;
  /// The earliest due time, nullopt without mappings.
  [[nodiscard]] std::optional<Millis> next_due() const;

  /// The gateway granted slot `i` at `external` for `lifetime` (above zero). True when
  /// that is news to report (on_mapped): the first grant or another endpoint.
  bool granted(std::size_t i, net::Endpoint external, std::chrono::seconds lifetime, Millis now);
  /// A request for slot `i` failed; `definite` when the gateway refused (a result code)
  /// rather than stayed silent. True when to report on_unmapped: the mapping is lost (a
  /// definite failure, or its lease is over), or it never was and this is the first
  /// failure since the last success.
  bool failed(std::size_t i, bool definite, Millis now);
  /// The gateway lost its state: every mapping held is due again, though none sooner
  /// than kMinRenewWait after its last grant.
  void all_due(Millis now);

  [[nodiscard]] const std::vector<MappingSlot>& slots() const { return slots_; }

 private:
  Millis retry_min_;
  Millis retry_max_;
  std::vector<MappingSlot> slots_;
};

}  // namespace corrent::nat_pmp
