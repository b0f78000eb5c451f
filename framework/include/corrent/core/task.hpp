#pragma once
// The coroutine vocabulary of corrent: every asynchronous operation is a Task, and every
// Asio call inside one completes with use_nothrow, so that errors (EOF, cancellation,
// refused connections) arrive as values instead of exceptions (STYLE.md, rule 3).

#include <asio/awaitable.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/use_awaitable.hpp>

namespace corrent {

/// An asynchronous operation producing a T, run on an Asio executor. Plugin interfaces
/// return Task<Result<T>> so that failures are values even across a suspension.
template <class T>
using Task = asio::awaitable<T>;

/// The completion token for Asio calls inside a Task: the operation's error_code comes back
/// as the first element of a tuple rather than being thrown.
///   auto [ec, n] = co_await sock.async_read_some(buf, use_nothrow);
///   if (ec) co_return tl::make_unexpected(ec);
/// (In Asio 1.22 as_tuple lives in asio::experimental.)
inline constexpr auto use_nothrow = asio::experimental::as_tuple(asio::use_awaitable);

}  // namespace corrent
