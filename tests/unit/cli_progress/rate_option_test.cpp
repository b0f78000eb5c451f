// --limit-down / --limit-up: rates with suffixes, and what is refused.
#include <boost/test/unit_test.hpp>

#include "rate_option.hpp"

using corrent::cli::kMaxRate;
using corrent::cli::parse_rate;

BOOST_AUTO_TEST_SUITE(rate_option)

BOOST_AUTO_TEST_CASE(rates_with_and_without_suffixes) {
  BOOST_TEST(parse_rate("--limit-down", "500000").value() == 500000u);
  BOOST_TEST(parse_rate("--limit-down", "800K").value() == 800u * 1024);
  BOOST_TEST(parse_rate("--limit-down", "800k").value() == 800u * 1024);
  BOOST_TEST(parse_rate("--limit-down", "1M").value() == 1024u * 1024);
  BOOST_TEST(parse_rate("--limit-down", "1.5M").value() == 1536u * 1024);
  BOOST_TEST(parse_rate("--limit-down", "2G").value() == 2ull * 1024 * 1024 * 1024);
  BOOST_TEST(parse_rate("--limit-down", "1MB/s").value() == 1024u * 1024);
  BOOST_TEST(parse_rate("--limit-down", "100KiB/s").value() == 100u * 1024);
  BOOST_TEST(parse_rate("--limit-down", "1").value() == 1u);
}

BOOST_AUTO_TEST_CASE(bad_rates_are_refused_naming_the_flag) {
  for (const char* text : {"", "K", "fast", "1X", "-5", "0", "0.1", "1e300", "nan", "1.5.5M", "10 K"}) {
    const auto rate = parse_rate("--limit-up", text);
    BOOST_TEST(!rate.has_value(), text);
    if (!rate) BOOST_TEST(rate.error().find("--limit-up") == 0u);
  }
  BOOST_TEST(!parse_rate("--limit-up", "1025G").has_value());  // above kMaxRate
  BOOST_TEST(parse_rate("--limit-up", "1024G").value() == kMaxRate);
}

BOOST_AUTO_TEST_SUITE_END()
