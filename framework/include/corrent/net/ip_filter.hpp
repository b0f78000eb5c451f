#pragma once
// An IP blocklist (issue 17): address ranges a session never dials and whose inbound
// connections it closes before the handshake. Sans-I/O: the caller reads the file and hands
// its text to parse_ip_filter; the session asks blocked() per peer.
//
// Two text formats are read, detected line by line (a file may mix them):
//
//   eMule ipfilter.dat   "001.009.096.105 - 001.009.096.105 , 000 , Some organization"
//                        "2001:db8:: - 2001:db8::ffff , 000 , Some organization"
//     first - last, then optionally ", level" and ", name". Octets may have leading zeros
//     (read as decimal, never octal). The access level is a decimal number; a range whose
//     level is above 127 is NOT blocked (as qBittorrent reads these files; eMule's own
//     default filter level is 127), and a missing level blocks. IPv4 or IPv6.
//
//   P2P plaintext        "Some organization:1.2.3.4-1.2.3.255"
//     name, ':', first '-' last. The name may hold ':' (the range follows the LAST ':').
//     IPv4 only: an IPv6 range has ':' of its own, so the split is ambiguous, and the
//     clients that read this format (qBittorrent, which splits on the last ':') read IPv4
//     only there too. Use the eMule form for IPv6.
//
//   Blank lines and lines starting with '#' or "//" are skipped; "\r\n" endings and a
//   UTF-8 byte-order mark are accepted.
//
// A malformed line is counted and skipped (real lists carry junk). The whole text fails
// only if it is larger than kMaxIpFilterFileSize, merges into more than kMaxIpFilterRanges
// ranges, or has non-comment lines none of which is valid.

#include <cstddef>
#include <cstdint>
#include <map>
#include <string_view>
#include <system_error>
#include <vector>

#include "corrent/core/error.hpp"
#include "corrent/core/result.hpp"
#include "corrent/net/endpoint.hpp"
#include "corrent/net/limits.hpp"

namespace corrent::net {

/// Why an IP filter range, line or file was refused.
enum class ip_filter_errc {
  ok = 0,
  // A line (counted in ParsedIpFilter::lines_rejected, the file goes on):
  bad_line,          ///< neither "first - last[, level[, name]]" nor "name:first-last"
  bad_address,       ///< an end of the range is not an IPv4 (leading zeros allowed) or IPv6 address
  bad_access_level,  ///< the eMule access level is not a decimal number
  reversed_range,    ///< first > last
  mixed_family,      ///< one end IPv4 (or IPv4-mapped), the other IPv6
  // The whole text (parse_ip_filter fails):
  too_many_ranges,   ///< more than the filter's bound (kMaxIpFilterRanges) after merging
  file_too_large,    ///< larger than kMaxIpFilterFileSize
  no_valid_line,     ///< lines that are not comments, and not one of them valid
};

std::string_view describe(ip_filter_errc e) noexcept;
constexpr const char* category_name(ip_filter_errc) noexcept { return "corrent.net.ip_filter"; }
CORRENT_ERROR_ENUM(ip_filter_errc)

/// An inclusive address range, ports 0. Both ends have the same family.
struct IpRange {
  Endpoint first;
  Endpoint last;
  friend bool operator==(const IpRange&, const IpRange&) = default;
};

/// A set of blocked addresses: inclusive ranges, kept merged (overlapping and adjacent
/// ranges become one) and sorted, one set per family, so blocked() is a single O(log n)
/// lookup. An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is the IPv4 address a.b.c.d, both
/// when added and when looked up. Ports are ignored throughout.
class IpFilter {
 public:
  /// `max_ranges` bounds size(); tests pass a small one.
  explicit IpFilter(std::size_t max_ranges = kMaxIpFilterRanges) : max_ranges_(max_ranges) {}

  /// Blocks [first, last]. Fails with reversed_range, mixed_family, or too_many_ranges (the
  /// range would add a merged range past max_ranges()); on failure nothing changes.
  Result<void> add_range(const Endpoint& first, const Endpoint& last);

  /// Whether the address of `peer` (its port ignored) lies in a blocked range.
  [[nodiscard]] bool blocked(const Endpoint& peer) const;

  /// Ranges held after merging, both families.
  [[nodiscard]] std::size_t size() const { return v4_.size() + v6_.size(); }
  [[nodiscard]] bool empty() const { return size() == 0; }
  [[nodiscard]] std::size_t max_ranges() const { return max_ranges_; }

  /// The merged ranges, IPv4 first, each family in ascending order (for tests, fuzzing and
  /// logs; it copies, so not for the hot path).
  [[nodiscard]] std::vector<IpRange> ranges() const;

  using V6Key = Endpoint::V6Bytes;  // big-endian bytes: lexicographic order is numeric

 private:
  std::size_t max_ranges_;
  std::map<std::uint32_t, std::uint32_t> v4_;  // first -> last, disjoint, not adjacent
  std::map<V6Key, V6Key> v6_;
};

/// A location in the blocklist text and why that line was refused.
struct RejectedLine {
  std::size_t line = 0;  ///< 1-based
  std::error_code reason;
  friend bool operator==(const RejectedLine&, const RejectedLine&) = default;
};

/// What parse_ip_filter built, and what it made of each line.
struct ParsedIpFilter {
  IpFilter filter;
  std::size_t lines_read = 0;      ///< every line, a last line without '\n' included
  std::size_t ranges_added = 0;    ///< lines whose range went into the filter (before merging)
  std::size_t lines_skipped = 0;   ///< blank and comment lines
  std::size_t lines_allowed = 0;   ///< valid eMule lines with access level > 127 (not blocked)
  std::size_t lines_rejected = 0;  ///< malformed lines, skipped
  /// The first kMaxReportedIpFilterRejects rejected lines, in order.
  std::vector<RejectedLine> first_rejected;
};

/// The bounds parse_ip_filter applies; tests lower them.
struct IpFilterLimits {
  std::size_t max_ranges = kMaxIpFilterRanges;
  std::size_t max_file_size = kMaxIpFilterFileSize;
};

/// Parses a blocklist in the formats above. Errors: file_too_large, too_many_ranges,
/// no_valid_line (all ip_filter_errc); a bad line is reported in the result, not as an error.
Result<ParsedIpFilter> parse_ip_filter(std::string_view text, IpFilterLimits limits = {});

/// Reads one address as a blocklist writes it: IPv4 with optional leading zeros per octet
/// ("001.009.096.105"), or IPv6 (no brackets). Fails with ip_filter_errc::bad_address.
Result<Endpoint> parse_ip_filter_address(std::string_view text);

}  // namespace corrent::net

CORRENT_ERROR_ENUM_TRAIT(corrent::net::ip_filter_errc);
