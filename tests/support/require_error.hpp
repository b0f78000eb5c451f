#pragma once
// error_of(result): the error of a Result that must have failed. Reading `.error()` of a
// tl::expected that holds a value is undefined behaviour, so a test that expects a failure
// first requires it: when `result` holds a value, the test case stops here (BOOST_REQUIRE),
// naming the caller's line. For a named result, `BOOST_REQUIRE(!r)` before `r.error()` does
// the same.

#include <source_location>
#include <type_traits>

#include <boost/test/unit_test.hpp>

namespace corrent::test {

template <class R>
auto error_of(const R& result, std::source_location where = std::source_location::current())
    -> std::remove_cvref_t<decltype(result.error())> {
  BOOST_REQUIRE_MESSAGE(!result.has_value(),
                        "expected a failure, got a value, at " << where.file_name() << ':' << where.line());
  return result.error();
}

}  // namespace corrent::test
