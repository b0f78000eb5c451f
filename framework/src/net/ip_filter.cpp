// The IP blocklist: the merged interval sets and the eMule / P2P text parser.
#include "corrent/net/ip_filter.hpp"

#include <arpa/inet.h>
#include <sys/socket.h>

#include <algorithm>
#include <charconv>
#include <optional>
#include <string>

namespace corrent::net {

std::string_view describe(ip_filter_errc e) noexcept {
  switch (e) {
    case ip_filter_errc::ok: return "ok";
    case ip_filter_errc::bad_line: return "not a blocklist line (first - last , level , name / name:first-last)";
    case ip_filter_errc::bad_address: return "not an IPv4 or IPv6 address in a blocklist range";
    case ip_filter_errc::bad_access_level: return "eMule access level is not a decimal number";
    case ip_filter_errc::reversed_range: return "blocklist range ends before it starts";
    case ip_filter_errc::mixed_family: return "blocklist range mixes IPv4 and IPv6";
    case ip_filter_errc::too_many_ranges: return "blocklist has more ranges than the limit";
    case ip_filter_errc::file_too_large: return "blocklist file too large";
    case ip_filter_errc::no_valid_line: return "blocklist has no valid line";
  }
  return "unknown ip filter error";
}

namespace {

using V6Key = IpFilter::V6Key;

// ::ffff:0:0/96, the IPv4-mapped prefix.
bool is_v4_mapped(const Endpoint& e) {
  if (!e.is_v6()) return false;
  const auto b = e.address_bytes();
  return std::all_of(b.begin(), b.begin() + 10, [](std::uint8_t x) { return x == 0; }) && b[10] == 0xff &&
         b[11] == 0xff;
}

std::uint32_t v4_key(const Endpoint& e) {
  const auto b = e.address_bytes();
  const std::size_t at = e.is_v6() ? 12 : 0;  // the low 32 bits of a mapped address
  return (std::uint32_t{b[at]} << 24) | (std::uint32_t{b[at + 1]} << 16) | (std::uint32_t{b[at + 2]} << 8) |
         std::uint32_t{b[at + 3]};
}

V6Key v6_key(const Endpoint& e) {
  V6Key k{};
  const auto b = e.address_bytes();
  std::copy(b.begin(), b.end(), k.begin());
  return k;
}

// The address after k, or nullopt at the top of the family.
std::optional<std::uint32_t> next(std::uint32_t k) {
  if (k == UINT32_MAX) return std::nullopt;
  return k + 1;
}
std::optional<V6Key> next(V6Key k) {
  for (std::size_t i = k.size(); i-- > 0;) {
    if (++k[i] != 0) return k;  // no carry out of this byte
  }
  return std::nullopt;  // wrapped: k was all ones
}

// Whether a range starting at `start` overlaps or adjoins one ending at `end`.
template <class K>
bool touches(const K& end, const K& start) {
  if (start <= end) return true;
  const auto after = next(end);
  return after && *after == start;
}

// Inserts [lo, hi] into a map of disjoint, non-adjacent ranges (first -> last), merging
// every range it overlaps or adjoins. Refused, unchanged, if it would grow `total` past max.
template <class K>
Result<void> insert_merged(std::map<K, K>& set, K lo, K hi, std::size_t total, std::size_t max) {
  auto begin = set.upper_bound(lo);  // first range starting after lo
  if (begin != set.begin()) {
    const auto before = std::prev(begin);
    if (touches(before->second, lo)) begin = before;
  }
  auto end = begin;
  std::size_t merged = 0;
  for (; end != set.end() && touches(hi, end->first); ++end, ++merged) {
    lo = std::min(lo, end->first);
    hi = std::max(hi, end->second);
  }
  if (merged == 0 && total >= max) return fail(ip_filter_errc::too_many_ranges);
  set.erase(begin, end);
  set.emplace(lo, hi);
  return {};
}

// The range holding k, if any: the last range starting at or before k.
template <class K>
bool contains(const std::map<K, K>& set, const K& k) {
  auto it = set.upper_bound(k);
  if (it == set.begin()) return false;
  return k <= std::prev(it)->second;
}

Endpoint v4_endpoint(std::uint32_t k) {
  return Endpoint::v4({static_cast<std::uint8_t>(k >> 24), static_cast<std::uint8_t>(k >> 16),
                       static_cast<std::uint8_t>(k >> 8), static_cast<std::uint8_t>(k)},
                      0);
}

}  // namespace

namespace {

bool v4_family(const Endpoint& e) { return e.is_v4() || is_v4_mapped(e); }

// Why [first, last] is not a range (ok if it is).
ip_filter_errc range_error(const Endpoint& first, const Endpoint& last) {
  if (v4_family(first) != v4_family(last)) return ip_filter_errc::mixed_family;
  const bool reversed = v4_family(first) ? v4_key(first) > v4_key(last) : v6_key(first) > v6_key(last);
  return reversed ? ip_filter_errc::reversed_range : ip_filter_errc::ok;
}

}  // namespace

Result<void> IpFilter::add_range(const Endpoint& first, const Endpoint& last) {
  if (const auto e = range_error(first, last); e != ip_filter_errc::ok) return fail(e);
  if (v4_family(first)) return insert_merged(v4_, v4_key(first), v4_key(last), size(), max_ranges_);
  return insert_merged(v6_, v6_key(first), v6_key(last), size(), max_ranges_);
}

bool IpFilter::blocked(const Endpoint& peer) const {
  if (peer.is_v4() || is_v4_mapped(peer)) return contains(v4_, v4_key(peer));
  return contains(v6_, v6_key(peer));
}

std::vector<IpRange> IpFilter::ranges() const {
  std::vector<IpRange> out;
  out.reserve(size());
  for (const auto& [lo, hi] : v4_) out.push_back({v4_endpoint(lo), v4_endpoint(hi)});
  for (const auto& [lo, hi] : v6_) out.push_back({Endpoint::v6(lo, 0), Endpoint::v6(hi, 0)});
  return out;
}

namespace {

// IPv4 with 1-3 decimal digits per octet: inet_pton refuses the leading zeros eMule writes.
std::optional<Endpoint> parse_v4(std::string_view text) {
  Endpoint::V4Bytes bytes{};
  for (std::size_t i = 0; i < 4; ++i) {
    const auto dot = i < 3 ? text.find('.') : text.size();
    if (dot == std::string_view::npos) return std::nullopt;
    const auto octet = text.substr(0, dot);
    unsigned value = 0;
    const auto [ptr, ec] = std::from_chars(octet.data(), octet.data() + octet.size(), value);
    if (octet.empty() || octet.size() > 3 || ec != std::errc{} || ptr != octet.data() + octet.size() ||
        value > 255) {
      return std::nullopt;
    }
    bytes[i] = static_cast<std::uint8_t>(value);
    text.remove_prefix(i < 3 ? dot + 1 : dot);
  }
  return Endpoint::v4(bytes, 0);
}

constexpr std::string_view kBlanks = " \t\r";

std::string_view trim(std::string_view s) {
  const auto from = s.find_first_not_of(kBlanks);
  if (from == std::string_view::npos) return {};
  return s.substr(from, s.find_last_not_of(kBlanks) - from + 1);
}

// What a line gave: a range to block, a range the access level lets through, or why not.
struct LineRange {
  Endpoint first;
  Endpoint last;
  bool allowed = false;
};

// How far an attempt got before failing: a later stage names the problem better.
int rank(ip_filter_errc e) {
  switch (e) {
    case ip_filter_errc::bad_line: return 0;
    case ip_filter_errc::bad_address: return 1;
    default: return 2;
  }
}

// "first-last", blanks around either end allowed; reversed and mixed ranges refused here
// so that the caller learns which line was at fault.
tl::expected<LineRange, ip_filter_errc> parse_range(std::string_view text) {
  const auto dash = text.find('-');
  if (dash == std::string_view::npos || text.find('-', dash + 1) != std::string_view::npos) {
    return tl::make_unexpected(ip_filter_errc::bad_line);
  }
  auto first = parse_ip_filter_address(trim(text.substr(0, dash)));
  auto last = parse_ip_filter_address(trim(text.substr(dash + 1)));
  if (!first || !last) return tl::make_unexpected(ip_filter_errc::bad_address);
  // add_range checks the same; checking here tells the caller which line was at fault.
  if (const auto e = range_error(*first, *last); e != ip_filter_errc::ok) return tl::make_unexpected(e);
  return LineRange{*first, *last};
}

// "first - last [, level [, name]]".
tl::expected<LineRange, ip_filter_errc> parse_emule(std::string_view line) {
  const auto comma = line.find(',');
  auto range = parse_range(line.substr(0, comma));
  if (!range || comma == std::string_view::npos) return range;
  auto level_text = line.substr(comma + 1);
  level_text = trim(level_text.substr(0, level_text.find(',')));
  unsigned long level = 0;
  const auto* end = level_text.data() + level_text.size();
  const auto [ptr, ec] = std::from_chars(level_text.data(), end, level);
  if (level_text.empty() || ec != std::errc{} || ptr != end) {
    return tl::make_unexpected(ip_filter_errc::bad_access_level);
  }
  range->allowed = level > 127;  // as qBittorrent: above 127 is "allowed"
  return range;
}

// "name:first-last", IPv4 only (see the header).
tl::expected<LineRange, ip_filter_errc> parse_p2p(std::string_view line) {
  const auto colon = line.rfind(':');
  if (colon == std::string_view::npos) return tl::make_unexpected(ip_filter_errc::bad_line);
  // The part after the last ':' has no ':', so it can only hold an IPv4 range.
  return parse_range(line.substr(colon + 1));
}

tl::expected<LineRange, ip_filter_errc> parse_line(std::string_view line) {
  auto emule = parse_emule(line);
  if (emule) return emule;
  auto p2p = parse_p2p(line);
  if (p2p) return p2p;
  return tl::make_unexpected(rank(p2p.error()) > rank(emule.error()) ? p2p.error() : emule.error());
}

bool is_comment_or_blank(std::string_view line) {
  return line.empty() || line.front() == '#' || line.starts_with("//");
}

// Counts and records one refused line.
void reject(ParsedIpFilter& out, std::size_t line, ip_filter_errc why) {
  ++out.lines_rejected;
  if (out.first_rejected.size() < kMaxReportedIpFilterRejects) out.first_rejected.push_back({line, why});
}

}  // namespace

Result<Endpoint> parse_ip_filter_address(std::string_view text) {
  if (text.find(':') == std::string_view::npos) {
    if (auto v4 = parse_v4(text)) return *v4;
    return fail(ip_filter_errc::bad_address);
  }
  // inet_pton needs a NUL-terminated string; an IPv6 address is at most 45 characters.
  if (text.size() > 45) return fail(ip_filter_errc::bad_address);
  const std::string address(text);
  Endpoint::V6Bytes bytes{};
  if (::inet_pton(AF_INET6, address.c_str(), bytes.data()) != 1) return fail(ip_filter_errc::bad_address);
  return Endpoint::v6(bytes, 0);
}

Result<ParsedIpFilter> parse_ip_filter(std::string_view text, IpFilterLimits limits) {
  if (text.size() > limits.max_file_size) return fail(ip_filter_errc::file_too_large);
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // UTF-8 byte-order mark
  ParsedIpFilter out{.filter = IpFilter(limits.max_ranges)};
  while (!text.empty()) {
    const auto newline = text.find('\n');
    const auto line = trim(text.substr(0, newline));
    text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
    const std::size_t number = ++out.lines_read;
    if (is_comment_or_blank(line)) {
      ++out.lines_skipped;
      continue;
    }
    auto range = parse_line(line);
    if (!range) {
      reject(out, number, range.error());
    } else if (range->allowed) {
      ++out.lines_allowed;
    } else {
      auto added = out.filter.add_range(range->first, range->last);
      if (!added) return tl::make_unexpected(added.error());  // only too_many_ranges: checked above
      ++out.ranges_added;
    }
  }
  const bool any_valid = out.ranges_added + out.lines_allowed > 0;
  if (!any_valid && out.lines_rejected > 0) return fail(ip_filter_errc::no_valid_line);
  return out;
}

}  // namespace corrent::net
