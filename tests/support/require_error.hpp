#pragma once
// error_of(result): the error of a Result that must have failed. Reading `.error()` of a
// tl::expected that holds a value is undefined behaviour, so a test that expects a failure
// first requires it: when `result` holds a value, the test case stops here (BOOST_REQUIRE),
// naming the caller's line. For a named result, `BOOST_REQUIRE(!r)` before `r.error()` does
// the same.

#include <type_traits>

#include <boost/test/unit_test.hpp>

namespace corrent::test {

template <class R>
// The caller's place comes from __builtin_FILE/__builtin_LINE, which g++ and clang 14 both
// evaluate at the call site; std::source_location needs clang 15 with libstdc++ 12.
auto error_of(const R& result, const char* file = __builtin_FILE(), int line = __builtin_LINE())
    -> std::remove_cvref_t<decltype(result.error())> {
  BOOST_REQUIRE_MESSAGE(!result.has_value(), "expected a failure, got a value, at " << file << ':' << line);
  return result.error();
}

}  // namespace corrent::test
