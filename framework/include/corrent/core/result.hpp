#pragma once
// Errors are values: every fallible operation returns Result<T> (or ParseResult<T> for
// parsers, which also say where in the input the problem is).

#include <cstddef>
#include <string>
#include <system_error>
#include <utility>

#include <tl/expected.hpp>

namespace corrent {

/// The result of a fallible operation: a T, or the std::error_code saying why not.
template <class T>
using Result = tl::expected<T, std::error_code>;

/// Builds the error side of a Result from anything convertible to std::error_code.
template <class E>
[[nodiscard]] auto fail(E e) {
  return tl::make_unexpected(std::error_code(e));
}

/// A parser's error: what went wrong, and the byte offset in the input where it did.
struct ParseError {
  std::error_code code;
  std::size_t offset = 0;

  /// "reason at byte N", for people.
  [[nodiscard]] std::string message() const {
    return code.message() + " at byte " + std::to_string(offset);
  }
  friend bool operator==(const ParseError&, const ParseError&) = default;
};

/// The result of a parser: a T, or a ParseError.
template <class T>
using ParseResult = tl::expected<T, ParseError>;

/// Builds the error side of a ParseResult.
template <class E>
[[nodiscard]] auto parse_fail(E e, std::size_t offset) {
  return tl::make_unexpected(ParseError{std::error_code(e), offset});
}

}  // namespace corrent

#define CORRENT_CONCAT_INNER(a, b) a##b
#define CORRENT_CONCAT(a, b) CORRENT_CONCAT_INNER(a, b)

/// CORRENT_TRY(auto x, expr): evaluates expr (an expected); on error returns that error
/// from the enclosing function, else binds the value to the declaration on the left.
#define CORRENT_TRY(decl, expr)                                                        \
  auto CORRENT_CONCAT(corrent_try_, __LINE__) = (expr);                               \
  if (!CORRENT_CONCAT(corrent_try_, __LINE__))                                        \
    return ::tl::make_unexpected(std::move(CORRENT_CONCAT(corrent_try_, __LINE__)).error()); \
  decl = std::move(*CORRENT_CONCAT(corrent_try_, __LINE__))

/// CORRENT_TRY_VOID(expr): for an expected<void, E>; returns its error, if any.
#define CORRENT_TRY_VOID(expr)                                                         \
  do {                                                                                 \
    auto corrent_try_void_ = (expr);                                                   \
    if (!corrent_try_void_) return ::tl::make_unexpected(std::move(corrent_try_void_).error()); \
  } while (false)

/// The coroutine forms of CORRENT_TRY and CORRENT_TRY_VOID: they co_return the error.
#define CORRENT_CO_TRY(decl, expr)                                                     \
  auto CORRENT_CONCAT(corrent_co_try_, __LINE__) = (expr);                            \
  if (!CORRENT_CONCAT(corrent_co_try_, __LINE__))                                     \
    co_return ::tl::make_unexpected(std::move(CORRENT_CONCAT(corrent_co_try_, __LINE__)).error()); \
  decl = std::move(*CORRENT_CONCAT(corrent_co_try_, __LINE__))

#define CORRENT_CO_TRY_VOID(expr)                                                      \
  do {                                                                                 \
    auto corrent_co_try_void_ = (expr);                                                \
    if (!corrent_co_try_void_)                                                         \
      co_return ::tl::make_unexpected(std::move(corrent_co_try_void_).error());        \
  } while (false)
