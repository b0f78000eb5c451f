#include "engine_runner.hpp"

#include <asio/co_spawn.hpp>
#include <asio/error.hpp>
#include <asio/experimental/awaitable_operators.hpp>
#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>
#include <asio/this_coro.hpp>

#include <exception>
#include <variant>

#include "cli_common.hpp"
#include "event_json.hpp"
#include "nat_options.hpp"
#include "transport_option.hpp"
#include "corrent/net/timeout.hpp"

#include "corrent/plugins/lsd.hpp"
#include "corrent/plugins/nat_pmp.hpp"
#include "corrent/plugins/nat_upnp.hpp"
#include "corrent/plugins/standard.hpp"
#include "corrent/plugins/stream_http.hpp"
#include "corrent/plugins/transport_utp.hpp"

namespace corrent::cli {

using namespace asio::experimental::awaitable_operators;

Task<ArgResult<std::unique_ptr<Engine>>> start_engine(asio::any_io_executor ex, engine::SessionSettings settings,
                                                      PluginOptions plugins) {
  auto engine = std::make_unique<Engine>();
  plugins::register_standard(engine->registry);
  plugins::register_transport_utp(engine->registry);  // built only when settings.transports names utp
  plugins::register_lsd(engine->registry);  // off unless the command's flags leave it on (lsd_options.hpp)
  plugins::register_nat_upnp(engine->registry);  // likewise (nat_options.hpp)
  plugins::register_nat_pmp(engine->registry);
  if (plugins.serve) plugins::register_stream_http(engine->registry, plugins.serve_observer);
  if (!engine->registry.rejected().empty()) {
    co_return tl::make_unexpected("plugin " + engine->registry.rejected().front() + " could not be registered");
  }
  // Before the session is built: its plugins (extensions among them) come from the registry.
  if (auto applied = apply_plugin_options(plugins, engine->registry, engine->config); !applied) {
    co_return tl::make_unexpected(applied.error());
  }
  // A port bound to loopback only is reachable from this host alone: no gateway can forward
  // to it, so the mappers would only talk to the LAN for nothing (tests bind 127.0.0.1).
  if (listens_on_loopback_only(settings.listen)) disable_port_mappers(engine->config);
  // --transports tcp (and the demo): no uTP plugin at all, so nothing of it runs on the
  // shared UDP socket.
  if (!uses_transport(settings.transports, "utp")) engine->config.set("transport_utp", "enabled", "false");
  const std::string storage = settings.storage;
  if (!engine->registry.contains(storage)) {
    co_return tl::make_unexpected("no storage plugin named " + storage + " in this build");
  }
  std::string listen;  // for the message of a port already taken
  for (const auto& text : settings.listen) listen += (listen.empty() ? "" : ", ") + text;
  auto session = engine::Session::create(ex, engine->registry, engine->config, std::move(settings));
  if (!session) co_return tl::make_unexpected("cannot create the session: " + session.error().message());
  engine->session = std::move(*session);
  if (auto started = co_await engine->session->start(); !started) {
    co_await engine->session->stop();
    const auto ec = started.error();
    if (ec == std::errc::address_in_use || ec == asio::error::address_in_use) {
      co_return tl::make_unexpected("cannot listen on " + listen + ": " + ec.message() +
                                    " (another program has that port; --port 0 lets the system pick a free one)");
    }
    co_return tl::make_unexpected("cannot start the session (listening on " + listen + "): " + ec.message());
  }
  co_return engine;
}

Task<ArgResult<std::unique_ptr<Engine>>> start_listening(asio::any_io_executor ex, engine::SessionSettings settings,
                                                         PluginOptions plugins, std::string command, bool default_bind) {
  auto fallback = settings;
  auto fallback_plugins = plugins;
  auto engine = co_await start_engine(ex, std::move(settings), std::move(plugins));
  if (engine || !default_bind || fallback.listen.size() != 1 || !fallback.listen.front().starts_with("[::]:")) {
    co_return engine;
  }
  const auto v6 = fallback.listen.front();
  fallback.listen.front() = "0.0.0.0:" + v6.substr(5);
  auto v4 = co_await start_engine(ex, std::move(fallback), std::move(fallback_plugins));
  if (v4) report_error(command, "warning: " + engine.error() + "; listening on IPv4 only");
  co_return v4;
}

std::string endpoints_text(const engine::Session& session) {
  std::string text;
  for (const auto& endpoint : session.listen_endpoints()) {
    if (!text.empty()) text += ", ";
    text += endpoint.to_string();
  }
  return text;
}

void print_listening(const engine::Session& session, EventPrinter& out) {
  auto endpoints = nlohmann::json::array();
  for (const auto& endpoint : session.listen_endpoints()) endpoints.push_back(endpoint.to_string());
  out.line({{"event", "listening"}, {"endpoints", endpoints}}, "listening: " + endpoints_text(session));
}

namespace {

/// What one event means for the watch: keep going, or end it.
std::optional<WatchResult> verdict(const events::Event& event, const metainfo::InfoHash& ih, WatchUntil until) {
  if (const auto* error = std::get_if<events::TorrentError>(&event); error && error->info_hash == ih) {
    // The detail says what failed, the code why; a detail that already says why stands alone.
    const auto why = error->error.message();
    auto text = error->detail.empty() ? why : error->detail;
    if (!error->detail.empty() && error->detail.find(why) == std::string::npos) text += ": " + why;
    return WatchResult{WatchEnd::failed, std::move(text), 0};
  }
  if (const auto* checked = std::get_if<events::TorrentChecked>(&event);
      checked && checked->info_hash == ih && until == WatchUntil::checked) {
    return WatchResult{WatchEnd::checked, {}, 0};
  }
  if (until != WatchUntil::finished) return std::nullopt;
  if (const auto* done = std::get_if<events::TorrentFinished>(&event); done && done->info_hash == ih) {
    return WatchResult{WatchEnd::finished, {}, 0};
  }
  return std::nullopt;
}

}  // namespace

CaughtSignal catch_signal(asio::signal_set& signals, const asio::any_io_executor& executor) {
  CaughtSignal caught{std::make_shared<asio::steady_timer>(executor), std::make_shared<int>(0)};
  signals.async_wait([wake = caught.wake, number = caught.signal](std::error_code ec, int signal) {
    if (ec) return;
    *number = signal;
    wake->cancel();
  });
  return caught;
}

Task<WatchResult> watch_torrent(engine::Session& session, events::EventStream& stream, metainfo::InfoHash ih,
                                asio::signal_set& signals, EventPrinter& out, WatchUntil until,
                                std::optional<std::chrono::steady_clock::duration> limit) {
  // Already complete (data on disk, resume data): the engine may have said so before the
  // stream was read.
  if (until == WatchUntil::finished) {
    if (auto st = session.status(ih); st && st->finished) co_return WatchResult{WatchEnd::finished, {}, 0};
  }
  const auto executor = co_await asio::this_coro::executor;
  const auto signal_state = catch_signal(signals, executor);
  const auto& wake = signal_state.wake;
  const auto& caught = signal_state.signal;
  auto deadline = limit ? std::chrono::steady_clock::now() + *limit : asio::steady_timer::time_point::max();
  // Set once the status says finished while the stream has not shown TorrentFinished yet
  // (this reader is behind): the event is already queued, so read on briefly to print it.
  bool finish_seen = false;
  WatchResult result;
  for (;;) {
    if (*caught != 0) {
      result = {WatchEnd::interrupted, {}, *caught};
      break;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      result = finish_seen ? WatchResult{WatchEnd::finished, {}, 0} : WatchResult{WatchEnd::timed_out, "timed out", 0};
      break;
    }
    wake->expires_at(deadline);
    auto next = co_await (stream.next() || wake->async_wait(use_nothrow));
    if (next.index() == 1) continue;  // woken or timed out: the checks above say which
    auto& event = std::get<0>(next);
    if (!event) {
      result = {WatchEnd::failed, "event stream: " + event.error().message(), 0};
      break;
    }
    out.event(*event);
    if (auto end = verdict(*event, ih, until)) {
      result = *end;
      break;
    }
    // Stats drive the bar; they and the check's end are also when to look for a torrent
    // that finished without saying so to this stream (complete on disk, say).
    const auto* stats = std::get_if<events::Stats>(&*event);
    const auto* checked = std::get_if<events::TorrentChecked>(&*event);
    if ((stats && stats->info_hash == ih) || (checked && checked->info_hash == ih)) {
      const auto st = session.status(ih);
      if (st && stats) out.progress(*st);
      if (st && until == WatchUntil::finished && st->finished && !finish_seen) {
        finish_seen = true;
        deadline = std::min(deadline, std::chrono::steady_clock::now() + std::chrono::seconds(2));
      }
    }
  }
  // Ends our wait (its handler sees operation_aborted); a later signal is queued by the
  // signal_set for whoever waits next.
  if (*caught == 0) signals.cancel();
  co_return result;
}

Task<void> stop_session(engine::Session& session, events::EventStream& stream, EventPrinter& out) {
  using asio::experimental::awaitable_operators::operator&&;
  bool stopped = false;
  auto stopper = [&]() -> Task<void> {
    co_await session.stop();
    stopped = true;
  };
  // Reads until the session has stopped and the stream has been quiet for a moment, so
  // that a reply published just before the stop, or during it, is not lost; and so is
  // each port mapping's removal from the gateway.
  auto printer = [&]() -> Task<void> {
    for (;;) {
      auto next = co_await net::with_timeout(stream.next(), std::chrono::milliseconds(50));
      if (!next) {
        if (stopped || next.error() != net::errc::timed_out) co_return;
        continue;
      }
      if (std::holds_alternative<events::TrackerReply>(*next) || std::holds_alternative<events::PortUnmapped>(*next)) {
        out.event(*next);
      }
    }
  };
  co_await (stopper() && printer());
}

int run_command(std::string_view name, std::function<Task<int>()> command) {
  asio::io_context io;
  int status = kExitFailure;
  asio::co_spawn(io, command(), [&](std::exception_ptr e, int code) {
    if (!e) {
      status = code;
      return;
    }
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& what) {
      status = report_error(name, std::string("internal error: ") + what.what());
    } catch (...) {
      status = report_error(name, "internal error");
    }
  });
  io.run();
  return status;
}

}  // namespace corrent::cli

namespace corrent::cli {

Task<void> finish_until_stopped(engine::Session& session, events::EventStream& stream, asio::signal_set& signals,
                                EventPrinter& out, bool stopped, std::optional<engine::TorrentStatus> status,
                                std::string stopped_text) {
  if (stopped) {
    signals.async_wait([](std::error_code ec, int) {
      if (!ec) std::_Exit(kExitInterrupted);  // a second signal while stopping
    });
  }
  nlohmann::json done = {{"event", "done"}, {"result", stopped ? "stopped" : "failed"}};
  if (status) done["status"] = status_json(*status);
  out.end_bar();
  co_await stop_session(session, stream, out);
  signals.cancel();
  // Last, after the session's final events.
  if (stopped) {
    out.line(done, stopped_text);
  } else if (out.mode() == OutputMode::json) {
    out.line(done, {});
  }
}

}  // namespace corrent::cli
