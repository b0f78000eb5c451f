// load_ip_filter: a blocklist file, its size checked before it is read.
#include <boost/test/unit_test.hpp>

#include <string>
#include <system_error>

#include "corrent/net/ip_filter_file.hpp"
#include "support/temp_dir.hpp"

using corrent::net::ip_filter_errc;
using corrent::net::IpFilterLimits;
using corrent::net::load_ip_filter;

BOOST_AUTO_TEST_SUITE(ip_filter_file)

BOOST_AUTO_TEST_CASE(a_file_is_read_and_parsed) {
  corrent::test::TempDir dir;
  const auto path = dir.write("list.p2p", "# comment\nSome range:10.0.0.0-10.0.0.255\ngarbage\n");
  auto parsed = load_ip_filter(path);
  BOOST_TEST_REQUIRE(parsed.has_value(), (parsed ? "" : parsed.error().message()));
  BOOST_TEST(parsed->filter.blocked(corrent::net::Endpoint::v4({10, 0, 0, 7}, 1)));
  BOOST_TEST(!parsed->filter.blocked(corrent::net::Endpoint::v4({10, 0, 1, 7}, 1)));
  BOOST_TEST(parsed->lines_rejected == 1u);
}

BOOST_AUTO_TEST_CASE(a_missing_file_a_large_one_and_an_empty_one_each_say_why) {
  corrent::test::TempDir dir;
  auto missing = load_ip_filter(dir.path() / "missing.dat");
  BOOST_TEST_REQUIRE(!missing.has_value());
  BOOST_TEST((missing.error() == std::errc::no_such_file_or_directory));

  const auto big = dir.write("big.dat", std::string(2000, '#'));
  IpFilterLimits limits;
  limits.max_file_size = 1999;
  auto too_big = load_ip_filter(big, limits);
  BOOST_TEST_REQUIRE(!too_big.has_value());
  BOOST_TEST((too_big.error() == ip_filter_errc::file_too_large));
  limits.max_file_size = 2000;  // at the bound: read, and only comments, which is no list
  auto at_bound = load_ip_filter(big, limits);
  BOOST_TEST((at_bound.has_value() || at_bound.error() != ip_filter_errc::file_too_large));

  const auto junk = dir.write("junk.dat", "not a range\nnor this\n");
  auto none_valid = load_ip_filter(junk);
  BOOST_TEST_REQUIRE(!none_valid.has_value());
  BOOST_TEST((none_valid.error().category() == make_error_code(ip_filter_errc::file_too_large).category()));
}

BOOST_AUTO_TEST_SUITE_END()
