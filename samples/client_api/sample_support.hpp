#pragma once
// The plumbing the client_api samples share (running main's coroutine, --local, --peer,
// timers, output lines), so that each sample reads as the WebTorrent section it ports:
// its client API calls stay in the sample, in view.

#include <asio/co_spawn.hpp>
#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>
#include <asio/this_coro.hpp>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

#include "corrent/client/client_options.hpp"
#include "corrent/core/task.hpp"
#include "corrent/net/endpoint.hpp"

namespace sample {

/// The exit status of a usage error (the shell's convention, as getopt-based tools use).
inline constexpr int kUsageStatus = 2;

/// Runs `task` on an io_context of its own until nothing is left to run; returns what the
/// task co_returned (the samples' exit status); 1 if an exception escaped it (the samples
/// return their errors as values, so that would be a bug).
inline int run_to_exit(corrent::Task<int> task) {
  asio::io_context io;
  int status = 1;
  asio::co_spawn(io, std::move(task), [&](std::exception_ptr escaped, int s) { status = escaped ? 1 : s; });
  io.run();
  return status;
}

/// Says "usage: PROGRAM SYNOPSIS" on stderr; returns kUsageStatus, for main to return.
inline int usage(const char* program, const char* synopsis) {
  std::fprintf(stderr, "usage: %s %s\n", program, synopsis);
  return kUsageStatus;
}

/// --local: everything on 127.0.0.1, as the tests run the samples.
inline void keep_local(corrent::client::ClientOptions& options) {
  options.listen_host = "127.0.0.1";
  options.dht = false;  // nobody to bootstrap from on 127.0.0.1
  options.lsd = false;
  options.upnp = false;  // (off on loopback anyway: no gateway forwards there)
  options.nat_pmp = false;
  options.utp = false;  // the examples' libtorrent peers speak TCP only
}

/// "a.b.c.d:port" or "[v6]:port" as an endpoint, or nullopt, saying nothing.
inline std::optional<corrent::net::Endpoint> endpoint(const char* text) {
  auto parsed = corrent::net::Endpoint::parse(text);
  if (!parsed) return std::nullopt;
  return *parsed;
}

/// The value of --peer as an endpoint, or nullopt, said on stderr.
inline std::optional<corrent::net::Endpoint> parse_peer(const char* text) {
  auto peer = endpoint(text);
  if (!peer) std::fprintf(stderr, "--peer %s: expected a.b.c.d:port or [v6]:port\n", text);
  return peer;
}

/// `text` as a whole number from 1 to `max` (all of it, digits only), or nullopt.
inline std::optional<std::uint64_t> number(std::string_view text, std::uint64_t max) {
  std::uint64_t value = 0;
  const auto [end, err] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (err != std::errc{} || end != text.data() + text.size() || value == 0 || value > max) return std::nullopt;
  return value;
}

/// Prints `line` and a newline on stdout, flushed at once: the tests read it as it comes.
inline void say(const std::string& line) {
  std::printf("%s\n", line.c_str());
  std::fflush(stdout);
}

/// Waits until `at` on the calling coroutine's executor.
inline corrent::Task<void> sleep_until(std::chrono::steady_clock::time_point at) {
  const auto executor = co_await asio::this_coro::executor;
  asio::steady_timer timer(executor, at);
  co_await timer.async_wait(corrent::use_nothrow);
}

/// Waits `duration` on the calling coroutine's executor.
inline corrent::Task<void> sleep_for(std::chrono::steady_clock::duration duration) {
  return sleep_until(std::chrono::steady_clock::now() + duration);
}

}  // namespace sample
