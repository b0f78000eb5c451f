// The routing-table parser: the default route of /proc/net/route's text, the lowest
// metric of several, and what is not a default route; and the bounded reader.
#include <boost/test/unit_test.hpp>

#include <bit>
#include <fstream>
#include <string>

#include "default_gateway.hpp"
#include "nat_pmp_errc.hpp"
#include "nat_pmp_limits.hpp"
#include "support/temp_dir.hpp"

namespace np = corrent::nat_pmp;

namespace {

const std::string kTitle = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n";

// The kernel prints each address's 32 bits as a host-order integer (these tests expect a
// little-endian host, where 192.168.2.1 is 0102A8C0).
std::string route(const std::string& iface, const std::string& dest, const std::string& gw, const std::string& flags,
                  int metric, const std::string& mask) {
  return iface + "\t" + dest + "\t" + gw + "\t" + flags + "\t0\t0\t" + std::to_string(metric) + "\t" + mask +
         "\t0\t0\t0\n";
}

np::errc error_of(const corrent::Result<np::Ipv4Bytes>& r) {
  BOOST_REQUIRE(!r);
  return static_cast<np::errc>(r.error().value());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(default_gateway)

BOOST_AUTO_TEST_CASE(the_default_route_gives_the_gateway) {
  if constexpr (std::endian::native != std::endian::little) return;
  const auto text = kTitle + route("eth0", "0000A8C0", "00000000", "0001", 0, "00FFFFFF") +
                    route("eth0", "00000000", "0102A8C0", "0003", 100, "00000000");
  const auto gw = np::parse_default_gateway(text);
  BOOST_REQUIRE(gw);
  BOOST_TEST((*gw == np::Ipv4Bytes{192, 168, 2, 1}));
}

BOOST_AUTO_TEST_CASE(the_lowest_metric_wins) {
  if constexpr (std::endian::native != std::endian::little) return;
  const auto text = kTitle + route("wlan0", "00000000", "0100000A", "0003", 600, "00000000") +
                    route("eth0", "00000000", "0102A8C0", "0003", 100, "00000000") +
                    route("eth1", "00000000", "FE01A8C0", "0003", 200, "00000000");
  const auto gw = np::parse_default_gateway(text);
  BOOST_REQUIRE(gw);
  BOOST_TEST((*gw == np::Ipv4Bytes{192, 168, 2, 1}));
}

BOOST_AUTO_TEST_CASE(routes_that_are_not_a_usable_default_are_skipped) {
  const auto text = kTitle + route("eth0", "00000000", "0102A8C0", "0001", 0, "00000000")  // not RTF_GATEWAY
                    + route("eth0", "00000000", "0102A8C0", "0002", 0, "00000000")        // not RTF_UP
                    + route("eth0", "0000A8C0", "0102A8C0", "0003", 0, "00FFFFFF")        // not default
                    + route("eth0", "00000000", "00000000", "0003", 0, "00000000")        // no gateway
                    + "eth0\tzz\t0102A8C0\t0003\t0\t0\t0\t00000000\n"                     // bad hex
                    + "eth0\t00000000\n";                                                 // short line
  BOOST_TEST((error_of(np::parse_default_gateway(text)) == np::errc::no_gateway));
  BOOST_TEST((error_of(np::parse_default_gateway("")) == np::errc::no_gateway));
  BOOST_TEST((error_of(np::parse_default_gateway(kTitle)) == np::errc::no_gateway));
}

BOOST_AUTO_TEST_CASE(too_many_lines_are_refused) {
  std::string at_limit;
  for (std::size_t i = 0; i < np::kMaxRouteLines - 1; ++i) at_limit += "x\n";
  const auto with_default = at_limit + route("eth0", "00000000", "0102A8C0", "0003", 0, "00000000");
  BOOST_TEST(np::parse_default_gateway(with_default).has_value());  // kMaxRouteLines lines
  BOOST_TEST((error_of(np::parse_default_gateway("x\n" + with_default)) == np::errc::bad_route_file));
}

BOOST_AUTO_TEST_CASE(the_reader_reads_a_file_and_refuses_a_missing_or_huge_one) {
  corrent::test::TempDir dir;
  const auto path = dir.path() / "route";
  {
    std::ofstream out(path);
    out << kTitle << route("eth0", "00000000", "0102A8C0", "0003", 0, "00000000");
  }
  BOOST_TEST(np::read_default_gateway(path).has_value());
  BOOST_TEST((error_of(np::read_default_gateway(dir.path() / "missing")) == np::errc::bad_route_file));
  {
    std::ofstream out(path);
    out << std::string(np::kMaxRouteFileSize + 1, '\n');
  }
  BOOST_TEST((error_of(np::read_default_gateway(path)) == np::errc::bad_route_file));
  // This host's own table parses, whether or not it has a default route.
  const auto here = np::read_default_gateway();
  BOOST_TEST((here.has_value() || here.error() == np::errc::no_gateway));
}

BOOST_AUTO_TEST_SUITE_END()
