#include <boost/test/unit_test.hpp>

#include "corrent/core/error.hpp"
#include "corrent/core/result.hpp"
#include "corrent/core/strong_types.hpp"

namespace demo {
enum class errc { ok = 0, broken };
inline std::string_view describe(errc e) noexcept { return e == errc::broken ? "broken" : "ok"; }
constexpr const char* category_name(errc) noexcept { return "corrent.test"; }
CORRENT_ERROR_ENUM(errc)
}  // namespace demo
CORRENT_ERROR_ENUM_TRAIT(demo::errc);

namespace {

corrent::Result<int> half(int x) {
  if (x % 2 != 0) return corrent::fail(demo::errc::broken);
  return x / 2;
}

corrent::Result<int> quarter(int x) {
  CORRENT_TRY(const int h, half(x));
  CORRENT_TRY(const int q, half(h));
  return q;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(core_result)

BOOST_AUTO_TEST_CASE(try_propagates_the_first_error) {
  BOOST_TEST(quarter(8).value() == 2);
  const auto r = quarter(6);  // 6 -> 3 -> odd
  BOOST_REQUIRE(!r);
  BOOST_TEST(r.error() == std::error_code(demo::errc::broken));
  BOOST_TEST(r.error().message() == "broken");
  BOOST_TEST(std::string(r.error().category().name()) == "corrent.test");
}

BOOST_AUTO_TEST_CASE(parse_error_says_where) {
  const corrent::ParseError e{demo::errc::broken, 17};
  BOOST_TEST(e.message() == "broken at byte 17");
}

BOOST_AUTO_TEST_CASE(strong_indices_compare_within_their_kind) {
  corrent::PieceIndex a{3};
  corrent::PieceIndex b{4};
  BOOST_TEST((a < b));
  BOOST_TEST((a.next() == b));
  static_assert(!std::is_convertible_v<corrent::PieceIndex, corrent::FileIndex>);
}

BOOST_AUTO_TEST_SUITE_END()
