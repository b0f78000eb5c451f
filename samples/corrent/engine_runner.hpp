#pragma once
// What `download`, `seed` and `demo` share: a Session built from the standard plugins, and
// the loop that prints a torrent's events until it finishes, fails or a signal arrives.

#include <asio/any_io_executor.hpp>
#include <asio/signal_set.hpp>
#include <asio/steady_timer.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "cli_args.hpp"
#include "corrent/core/task.hpp"
#include "corrent/engine/session.hpp"
#include "corrent/events/event_bus.hpp"
#include "corrent/plugin/config.hpp"
#include "corrent/registry/registry.hpp"
#include "event_printer.hpp"
#include "plugin_options.hpp"

namespace corrent::cli {

/// Events a command's stream buffers: enough for a burst of piece events on a fast link.
inline constexpr std::size_t kCommandStreamCapacity = 4096;
/// What the commands read: every event but BlockReceived (one per 16 KiB, never printed),
/// which would otherwise fill the stream in a fast download.
inline constexpr events::EventMask kCommandEvents = events::EventMask::all().without<events::BlockReceived>();

/// The plugins and one Session. Members are destroyed in reverse: the session before the
/// configuration and the registry it was built from.
struct Engine {
  Registry registry;
  Config config;
  std::unique_ptr<engine::Session> session;
};

/// The standard plugins and those of `plugins` (--plugin, with --config and --set), a
/// Session with `settings`, started. Errors as a message for report_error.
Task<ArgResult<std::unique_ptr<Engine>>> start_engine(asio::any_io_executor ex, engine::SessionSettings settings,
                                                      PluginOptions plugins = {});

/// start_engine, but with `default_bind` (no --bind: settings.listen is "[::]:PORT") a
/// session that cannot listen on IPv6 (no IPv6 on this machine, or [::] taken) is a
/// warning on stderr naming `command`, and the session listens on "0.0.0.0:PORT" instead.
Task<ArgResult<std::unique_ptr<Engine>>> start_listening(asio::any_io_executor ex, engine::SessionSettings settings,
                                                         PluginOptions plugins, std::string command, bool default_bind);

/// The line a command prints first, so that scripts can find its port:
/// "listening: 127.0.0.1:6881" (endpoints comma-separated), or with --json
/// {"event": "listening", "endpoints": ["127.0.0.1:6881"]}.
void print_listening(const engine::Session& session, EventPrinter& out);

/// The session's listen endpoints as "HOST:PORT" strings, comma-separated.
std::string endpoints_text(const engine::Session& session);

enum class WatchEnd { finished, checked, interrupted, timed_out, failed };
struct WatchResult {
  WatchEnd end = WatchEnd::failed;
  std::string why;  ///< for failed
  int signal = 0;   ///< for interrupted
};

/// What ends a watch besides a failure, a signal or the time limit.
enum class WatchUntil {
  finished,  ///< every wanted piece verified (TorrentFinished, or a status saying finished)
  checked,   ///< the check on add is done (TorrentChecked)
  stopped,   ///< nothing else: seed until stopped
};

/// The first of `signals` to arrive, for a watch loop: `signal` holds its number (0 until
/// then) and `wake`, the timer the loop waits on beside its stream, is cancelled to wake it.
/// The number, not the wake-up, decides: a wake-up lost in a race with an event is seen at
/// the loop's next turn. Shared, as the handler may run after the loop has returned.
struct CaughtSignal {
  std::shared_ptr<asio::steady_timer> wake;
  std::shared_ptr<int> signal;
};
/// Starts waiting on `signals`; the loop cancels `signals` when it ends without one.
CaughtSignal catch_signal(asio::signal_set& signals, const asio::any_io_executor& executor);

/// Prints the events of `stream` through `out` (and the bar from session.status() on each
/// Stats) until the torrent `ih` fails (a TorrentError for it), one of `signals` arrives,
/// `limit` passes (timed_out), or what `until` names happens.
Task<WatchResult> watch_torrent(engine::Session& session, events::EventStream& stream, metainfo::InfoHash ih,
                                asio::signal_set& signals, EventPrinter& out, WatchUntil until,
                                std::optional<std::chrono::steady_clock::duration> limit = std::nullopt);

/// The end of a command that runs until stopped (seed, stream): a second signal while
/// stopping exits at once; the session stops (stop_session); then the last line, `done`
/// ({"event": "done", "result": "stopped" or "failed", "status": ...} in JSON, `stopped_text`
/// in text when `stopped`; nothing in text when it failed: the caller reports why).
Task<void> finish_until_stopped(engine::Session& session, events::EventStream& stream, asio::signal_set& signals,
                                EventPrinter& out, bool stopped, std::optional<engine::TorrentStatus> status,
                                std::string stopped_text);

/// Runs `command` on a fresh io_context until it and everything it started are done;
/// its result is the exit status (an escaped exception is reported and gives kExitFailure).
/// Stops the session, printing the tracker replies still in `stream` or published
/// meanwhile (the "completed" and "stopped" announces of a torrent that just finished).
Task<void> stop_session(engine::Session& session, events::EventStream& stream, EventPrinter& out);

int run_command(std::string_view name, std::function<Task<int>()> command);

}  // namespace corrent::cli
