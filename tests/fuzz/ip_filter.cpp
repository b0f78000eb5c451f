// Fuzz target: the IP blocklist parser (eMule ipfilter.dat and P2P plaintext) and the merged
// interval set behind it. Whatever parses must hold these invariants:
// - the line counts add up, and at most kMaxReportedIpFilterRejects rejects are listed;
// - merged ranges are ordered (IPv4 first), each first <= last, disjoint and not adjacent,
//   and both ends are blocked while the addresses just outside are not;
// - every line that blocks on its own (parsed alone) has both its ends blocked in the whole.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string_view>

#include "corrent/net/ip_filter.hpp"
#include "corrent/net/limits.hpp"

namespace {

namespace net = corrent::net;

// Lines parsed alone, to bound the work per input (each is a whole parse).
constexpr std::size_t kMaxLinesChecked = 64;

void check(bool ok) {
  if (!ok) std::abort();
}

// The address after (step > 0) or before (step < 0) e in its family; nullopt past either end.
std::optional<net::Endpoint> step(const net::Endpoint& e, int dir) {
  const auto b = e.address_bytes();
  net::Endpoint::V6Bytes bytes{};
  std::copy(b.begin(), b.end(), bytes.begin());
  for (std::size_t i = b.size(); i-- > 0;) {
    const std::uint8_t before = bytes[i];
    bytes[i] = static_cast<std::uint8_t>(before + dir);
    if ((dir > 0 && before != 0xff) || (dir < 0 && before != 0)) {
      return net::Endpoint::from_address_bytes(std::span(bytes.data(), b.size()));
    }
  }
  return std::nullopt;
}

void check_ranges(const net::IpFilter& filter) {
  const auto ranges = filter.ranges();
  check(ranges.size() == filter.size());
  for (std::size_t i = 0; i < ranges.size(); ++i) {
    const auto& r = ranges[i];
    check(r.first.is_v6() == r.last.is_v6());
    check(r.first <= r.last);
    check(filter.blocked(r.first) && filter.blocked(r.last));
    if (const auto before = step(r.first, -1)) check(!filter.blocked(*before));
    if (const auto after = step(r.last, +1)) check(!filter.blocked(*after));
    if (i > 0 && ranges[i - 1].last.is_v6() == r.first.is_v6()) {
      const auto after_previous = step(ranges[i - 1].last, +1);
      check(after_previous && *after_previous < r.first);  // disjoint, not adjacent, sorted
    }
    if (i > 0) check(ranges[i - 1].last.is_v4() || r.first.is_v6());  // IPv4 first
  }
}

void check_counts(const net::ParsedIpFilter& p) {
  check(p.ranges_added + p.lines_allowed + p.lines_skipped + p.lines_rejected == p.lines_read);
  check(p.first_rejected.size() == std::min(p.lines_rejected, net::kMaxReportedIpFilterRejects));
  check(p.filter.size() <= p.ranges_added);
  for (const auto& r : p.first_rejected) check(r.line >= 1 && r.line <= p.lines_read && r.reason);
}

// Each line that blocks alone must be blocked, both ends, in the whole filter.
void check_lines(std::string_view text, const net::IpFilter& whole) {
  for (std::size_t n = 0; n < kMaxLinesChecked && !text.empty(); ++n) {
    const auto newline = text.find('\n');
    const auto line = text.substr(0, newline);
    text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
    // A byte-order mark is stripped only at the start of the text: skip it elsewhere.
    if (n > 0 && line.starts_with("\xEF\xBB\xBF")) continue;
    const auto alone = net::parse_ip_filter(line);
    if (!alone || alone->ranges_added != 1) continue;
    for (const auto& r : alone->filter.ranges()) check(whole.blocked(r.first) && whole.blocked(r.last));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  const auto parsed = net::parse_ip_filter(in);
  if (!parsed) return 0;
  check_counts(*parsed);
  check_ranges(parsed->filter);
  check_lines(in, parsed->filter);
  return 0;
}
