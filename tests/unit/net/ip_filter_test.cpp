#include <boost/test/unit_test.hpp>

#include <string>

#include "corrent/net/ip_filter.hpp"
#include "corrent/net/limits.hpp"

namespace {

using corrent::net::Endpoint;
using corrent::net::IpFilter;
using corrent::net::IpFilterLimits;
using corrent::net::ip_filter_errc;
using corrent::net::parse_ip_filter;
using corrent::net::ParsedIpFilter;
using corrent::net::RejectedLine;

// An address written as a blocklist writes it; the port is arbitrary (blocked ignores it).
Endpoint ip(std::string_view text) {
  auto e = corrent::net::parse_ip_filter_address(text);
  BOOST_REQUIRE_MESSAGE(e, "cannot parse " << text);
  return e->with_port(6881);
}

ParsedIpFilter parsed(std::string_view text, IpFilterLimits limits = {}) {
  auto p = parse_ip_filter(text, limits);
  BOOST_REQUIRE_MESSAGE(p, "cannot parse the list: " << (p ? "" : p.error().message()));
  return std::move(*p);
}

std::error_code parse_error(std::string_view text, IpFilterLimits limits = {}) {
  auto p = parse_ip_filter(text, limits);
  BOOST_REQUIRE_MESSAGE(!p, "the list should not parse");
  return p.error();
}

void add(IpFilter& f, std::string_view first, std::string_view last) {
  auto r = f.add_range(ip(first), ip(last));
  BOOST_REQUIRE_MESSAGE(r, "cannot add " << first << " - " << last << ": " << (r ? "" : r.error().message()));
}

// The reason recorded for a single bad line, between two good ones.
std::error_code line_reason(std::string_view bad) {
  const std::string text = "1.1.1.1 - 1.1.1.1 , 0 , ok\n" + std::string(bad) + "\nok:2.2.2.2-2.2.2.2\n";
  const auto p = parsed(text);
  BOOST_TEST(p.lines_read == 3u);
  BOOST_TEST(p.ranges_added == 2u);
  BOOST_TEST(p.lines_rejected == 1u);
  BOOST_REQUIRE_EQUAL(p.first_rejected.size(), 1u);
  BOOST_TEST(p.first_rejected[0].line == 2u);
  BOOST_TEST(p.filter.blocked(ip("1.1.1.1")));  // the good lines around it still count
  BOOST_TEST(p.filter.blocked(ip("2.2.2.2")));
  return p.first_rejected[0].reason;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(net_ip_filter)

BOOST_AUTO_TEST_CASE(emule_ipv4_with_leading_zeros_blocks_exactly_its_range) {
  const auto p = parsed("001.009.096.105 - 001.009.096.110 , 000 , Some organization\n");
  BOOST_TEST(p.lines_read == 1u);
  BOOST_TEST(p.ranges_added == 1u);
  BOOST_TEST(p.filter.size() == 1u);
  BOOST_TEST(!p.filter.blocked(ip("1.9.96.104")));
  BOOST_TEST(p.filter.blocked(ip("1.9.96.105")));
  BOOST_TEST(p.filter.blocked(ip("1.9.96.107")));
  BOOST_TEST(p.filter.blocked(ip("1.9.96.110")));
  BOOST_TEST(!p.filter.blocked(ip("1.9.96.111")));
  BOOST_TEST(!p.filter.blocked(ip("::1.9.96.105")));  // another family (not mapped)
  // Leading zeros are decimal, never octal: 010 is 10, not 8.
  BOOST_TEST(parsed("010.0.0.0 - 010.0.0.0 , 0 , x").filter.blocked(ip("10.0.0.0")));
}

BOOST_AUTO_TEST_CASE(emule_ipv6_and_optional_fields) {
  const auto p = parsed("2001:db8:: - 2001:db8::ffff , 000 , x\n");
  BOOST_TEST(p.ranges_added == 1u);
  BOOST_TEST(!p.filter.blocked(ip("2001:db7:ffff:ffff:ffff:ffff:ffff:ffff")));
  BOOST_TEST(p.filter.blocked(ip("2001:db8::")));
  BOOST_TEST(p.filter.blocked(ip("2001:db8::ffff")));
  BOOST_TEST(!p.filter.blocked(ip("2001:db8::1:0")));
  BOOST_TEST(!p.filter.blocked(ip("32.1.13.184")));  // the same leading bytes, IPv4

  // No level (blocked), no name, no spaces.
  const auto q = parsed("5.5.5.5 - 5.5.5.6\n6.6.6.6-6.6.6.6,100\n");
  BOOST_TEST(q.ranges_added == 2u);
  BOOST_TEST(q.filter.blocked(ip("5.5.5.6")));
  BOOST_TEST(q.filter.blocked(ip("6.6.6.6")));
}

BOOST_AUTO_TEST_CASE(emule_access_level_above_127_is_not_blocked) {
  const auto p = parsed(
      "1.0.0.0 - 1.0.0.255 , 127 , blocked at 127\n"
      "2.0.0.0 - 2.0.0.255 , 128 , allowed\n"
      "3.0.0.0 - 3.0.0.255 , 255 , allowed\n");
  BOOST_TEST(p.ranges_added == 1u);
  BOOST_TEST(p.lines_allowed == 2u);
  BOOST_TEST(p.lines_rejected == 0u);
  BOOST_TEST(p.filter.blocked(ip("1.0.0.7")));
  BOOST_TEST(!p.filter.blocked(ip("2.0.0.7")));
  BOOST_TEST(!p.filter.blocked(ip("3.0.0.7")));
  // A list of only allowed lines is valid (and blocks nothing).
  BOOST_TEST(parsed("2.0.0.0 - 2.0.0.255 , 200 , x").filter.empty());
}

BOOST_AUTO_TEST_CASE(p2p_ipv4_splits_on_the_last_colon) {
  const auto p = parsed(
      "Some organization:1.2.3.4-1.2.3.255\n"
      "Name: with: colons, and - dashes:9.9.9.0-9.9.9.9\n"
      "  padded name : 8.8.8.8 - 8.8.8.8  \n");
  BOOST_TEST(p.ranges_added == 3u);
  BOOST_TEST(p.lines_rejected == 0u);
  BOOST_TEST(!p.filter.blocked(ip("1.2.3.3")));
  BOOST_TEST(p.filter.blocked(ip("1.2.3.4")));
  BOOST_TEST(p.filter.blocked(ip("1.2.3.255")));
  BOOST_TEST(!p.filter.blocked(ip("1.2.4.0")));
  BOOST_TEST(p.filter.blocked(ip("9.9.9.9")));
  BOOST_TEST(!p.filter.blocked(ip("9.9.9.10")));
  BOOST_TEST(p.filter.blocked(ip("8.8.8.8")));
}

BOOST_AUTO_TEST_CASE(p2p_ipv6_is_not_read) {
  // The range after the last ':' cannot hold an IPv6 range; such lines are refused.
  const auto p = parsed("ok:1.1.1.1-1.1.1.1\nv6 name:2001:db8::1-2001:db8::2\n");
  BOOST_TEST(p.lines_rejected == 1u);
  BOOST_TEST(!p.filter.blocked(ip("2001:db8::1")));
}

BOOST_AUTO_TEST_CASE(comments_blank_lines_crlf_and_bom) {
  const auto p = parsed(
      "\xEF\xBB\xBF# a comment\r\n"
      "// another\r\n"
      "\r\n"
      "   \t\r\n"
      "  # indented comment\r\n"
      "Org:4.4.4.0-4.4.4.255\r\n"
      "4.4.5.0 - 4.4.5.9 , 0 , Org\r\n");
  BOOST_TEST(p.lines_read == 7u);
  BOOST_TEST(p.lines_skipped == 5u);
  BOOST_TEST(p.ranges_added == 2u);
  BOOST_TEST(p.lines_rejected == 0u);
  BOOST_TEST(p.filter.blocked(ip("4.4.4.255")));
  BOOST_TEST(p.filter.blocked(ip("4.4.5.9")));
  BOOST_TEST(!p.filter.blocked(ip("4.4.5.10")));
  BOOST_TEST(p.filter.size() == 1u);  // adjacent: merged

  // A file with nothing but comments, or nothing at all, is an empty filter, not an error.
  BOOST_TEST(parsed("# nothing\n\n").filter.empty());
  BOOST_TEST(parsed("").lines_read == 0u);
  BOOST_TEST(parsed("a:1.1.1.1-1.1.1.1").lines_read == 1u);  // no final newline
}

BOOST_AUTO_TEST_CASE(each_class_of_bad_line_is_counted_and_skipped) {
  BOOST_TEST(line_reason("just some junk") == std::error_code(ip_filter_errc::bad_line));
  BOOST_TEST(line_reason("name without range:") == std::error_code(ip_filter_errc::bad_line));
  BOOST_TEST(line_reason("1.2.3.4 - 1.2.3.5 - 1.2.3.6 , 0 , x") == std::error_code(ip_filter_errc::bad_line));
  BOOST_TEST(line_reason("1.2.3.256 - 1.2.3.4 , 0 , x") == std::error_code(ip_filter_errc::bad_address));
  BOOST_TEST(line_reason("1.2.3 - 1.2.3.4 , 0 , x") == std::error_code(ip_filter_errc::bad_address));
  BOOST_TEST(line_reason("0001.2.3.4 - 1.2.3.4 , 0 , x") == std::error_code(ip_filter_errc::bad_address));
  BOOST_TEST(line_reason("2001:db8::g - 2001:db8::1 , 0 , x") == std::error_code(ip_filter_errc::bad_address));
  BOOST_TEST(line_reason("Org:1.2.3.4-1.2.3.x") == std::error_code(ip_filter_errc::bad_address));
  BOOST_TEST(line_reason("1.2.3.4 - 1.2.3.5 , high , x") == std::error_code(ip_filter_errc::bad_access_level));
  BOOST_TEST(line_reason("1.2.3.4 - 1.2.3.5 , , x") == std::error_code(ip_filter_errc::bad_access_level));
  BOOST_TEST(line_reason("1.2.3.4 - 1.2.3.5 , -1 , x") == std::error_code(ip_filter_errc::bad_access_level));
  BOOST_TEST(line_reason("1.2.3.5 - 1.2.3.4 , 0 , x") == std::error_code(ip_filter_errc::reversed_range));
  BOOST_TEST(line_reason("Org:1.2.3.5-1.2.3.4") == std::error_code(ip_filter_errc::reversed_range));
  BOOST_TEST(line_reason("2001:db8::2 - 2001:db8::1 , 0 , x") == std::error_code(ip_filter_errc::reversed_range));
  BOOST_TEST(line_reason("1.2.3.4 - 2001:db8::1 , 0 , x") == std::error_code(ip_filter_errc::mixed_family));
}

BOOST_AUTO_TEST_CASE(only_the_first_rejected_lines_are_listed_all_are_counted) {
  std::string text = "ok:1.1.1.1-1.1.1.1\n";
  for (int i = 0; i < 20; ++i) text += "junk\n";
  const auto p = parsed(text);
  BOOST_TEST(p.lines_rejected == 20u);
  BOOST_REQUIRE_EQUAL(p.first_rejected.size(), corrent::net::kMaxReportedIpFilterRejects);
  BOOST_TEST(p.first_rejected.front().line == 2u);
  BOOST_TEST(p.first_rejected.back().line == 1u + corrent::net::kMaxReportedIpFilterRejects);
}

BOOST_AUTO_TEST_CASE(whole_file_failures) {
  BOOST_TEST(parse_error("junk\nmore junk\n# a comment\n") == std::error_code(ip_filter_errc::no_valid_line));
  BOOST_TEST(parse_error(std::string(101, '#'), {.max_file_size = 100}) ==
             std::error_code(ip_filter_errc::file_too_large));
  BOOST_TEST(parsed(std::string(100, '#'), {.max_file_size = 100}).lines_skipped == 1u);
  BOOST_TEST(parse_error("a:1.0.0.0-1.0.0.0\nb:3.0.0.0-3.0.0.0\nc:5.0.0.0-5.0.0.0\n", {.max_ranges = 2}) ==
             std::error_code(ip_filter_errc::too_many_ranges));
  // Lines that merge do not count against the bound.
  const auto p = parsed("a:1.0.0.0-1.0.0.9\nb:1.0.0.10-1.0.0.20\nc:3.0.0.0-3.0.0.0\n", {.max_ranges = 2});
  BOOST_TEST(p.filter.size() == 2u);
  BOOST_TEST(p.ranges_added == 3u);
}

BOOST_AUTO_TEST_CASE(merges_overlap_adjacency_and_containment_in_any_order) {
  IpFilter f;
  add(f, "10.0.0.20", "10.0.0.30");
  add(f, "10.0.0.0", "10.0.0.5");    // before, apart
  BOOST_TEST(f.size() == 2u);
  add(f, "10.0.0.25", "10.0.0.40");  // overlaps the end
  add(f, "10.0.0.6", "10.0.0.10");   // adjacent to the first
  BOOST_TEST(f.size() == 2u);
  add(f, "10.0.0.22", "10.0.0.23");  // contained
  BOOST_TEST(f.size() == 2u);
  add(f, "10.0.0.11", "10.0.0.19");  // fills the gap: both adjoin it
  BOOST_REQUIRE_EQUAL(f.size(), 1u);
  const auto r = f.ranges();
  BOOST_TEST(r[0].first.to_string() == "10.0.0.0:0");
  BOOST_TEST(r[0].last.to_string() == "10.0.0.40:0");
  BOOST_TEST(!f.blocked(ip("10.0.0.41")));
  BOOST_TEST(!f.blocked(ip("9.255.255.255")));

  add(f, "9.0.0.0", "11.0.0.0");  // contains everything
  BOOST_TEST(f.size() == 1u);
  BOOST_TEST(f.blocked(ip("10.200.0.0")));
}

BOOST_AUTO_TEST_CASE(ipv6_merging_carries_across_bytes_and_stays_apart_from_ipv4) {
  IpFilter f;
  add(f, "2001:db8::", "2001:db8::ff:ffff");
  add(f, "2001:db8::100:0", "2001:db8::1ff:ffff");  // adjacent only through a carry
  add(f, "0.0.0.0", "255.255.255.255");
  BOOST_TEST(f.size() == 2u);
  BOOST_TEST(f.blocked(ip("2001:db8::1ff:ffff")));
  BOOST_TEST(!f.blocked(ip("2001:db8::200:0")));
  BOOST_TEST(!f.blocked(ip("::1")));
  // The top of each family: no overflow on "last + 1".
  add(f, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fff0", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
  add(f, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ff00", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffef");
  BOOST_TEST(f.size() == 3u);
  BOOST_TEST(f.blocked(ip("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")));
  BOOST_TEST(!f.blocked(ip("ffff:ffff:ffff:ffff:ffff:ffff:ffff:feff")));
}

BOOST_AUTO_TEST_CASE(ipv4_mapped_addresses_are_ipv4) {
  IpFilter f;
  add(f, "::ffff:1.2.3.0", "::ffff:1.2.3.255");
  BOOST_TEST(f.size() == 1u);
  BOOST_TEST(f.blocked(ip("1.2.3.4")));
  BOOST_TEST(f.ranges()[0].first.is_v4());
  add(f, "5.0.0.0", "5.0.0.255");
  BOOST_TEST(f.blocked(ip("::ffff:5.0.0.255")));
  BOOST_TEST(!f.blocked(ip("::ffff:5.0.1.0")));
  BOOST_TEST(!f.blocked(ip("::5.0.0.1")));  // IPv4-compatible is not mapped
  // In the parser too, eMule form.
  BOOST_TEST(parsed("::ffff:7.7.7.7 - ::ffff:7.7.7.8 , 0 , x").filter.blocked(ip("7.7.7.8")));
}

BOOST_AUTO_TEST_CASE(add_range_refuses_bad_ranges_and_leaves_the_set_alone) {
  IpFilter f;
  BOOST_TEST(f.add_range(ip("1.0.0.2"), ip("1.0.0.1")).error() == std::error_code(ip_filter_errc::reversed_range));
  BOOST_TEST(f.add_range(ip("1.0.0.1"), ip("::2")).error() == std::error_code(ip_filter_errc::mixed_family));
  BOOST_TEST(f.add_range(ip("::ffff:1.0.0.1"), ip("::1:0:0:0")).error() ==
             std::error_code(ip_filter_errc::mixed_family));
  BOOST_TEST(f.empty());
  add(f, "1.0.0.1", "1.0.0.1");  // a single address
  BOOST_TEST(f.blocked(ip("1.0.0.1")));
  BOOST_TEST(!f.blocked(ip("1.0.0.2")));
  BOOST_TEST(!f.blocked(ip("1.0.0.0")));
}

BOOST_AUTO_TEST_CASE(the_range_bound_at_and_past_its_limit) {
  IpFilter f(3);
  BOOST_TEST(f.max_ranges() == 3u);
  add(f, "1.0.0.0", "1.0.0.0");
  add(f, "3.0.0.0", "3.0.0.0");
  add(f, "::1", "::1");  // the bound counts both families
  BOOST_TEST(f.size() == 3u);  // at the limit
  const auto past = f.add_range(ip("5.0.0.0"), ip("5.0.0.0"));
  BOOST_TEST(past.error() == std::error_code(ip_filter_errc::too_many_ranges));
  BOOST_TEST(f.size() == 3u);
  BOOST_TEST(!f.blocked(ip("5.0.0.0")));
  // Still full, but a range that merges into one held is accepted.
  add(f, "1.0.0.1", "2.255.255.255");  // joins 1.0.0.0 and 3.0.0.0: one fewer
  BOOST_TEST(f.size() == 2u);
  add(f, "5.0.0.0", "5.0.0.0");
  BOOST_TEST(f.size() == 3u);
  BOOST_TEST(corrent::net::kMaxIpFilterRanges == IpFilter().max_ranges());
}

BOOST_AUTO_TEST_CASE(error_texts) {
  BOOST_TEST(std::error_code(ip_filter_errc::no_valid_line).message() == "blocklist has no valid line");
  BOOST_TEST(std::string(std::error_code(ip_filter_errc::bad_line).category().name()) == "corrent.net.ip_filter");
}

BOOST_AUTO_TEST_SUITE_END()
