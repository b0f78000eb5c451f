#include "tracker_runtime.hpp"

#include <exception>

#include <asio/co_spawn.hpp>

#include "corrent/plugin/config.hpp"

namespace corrent::tracker_cli {

tl::expected<std::unique_ptr<TrackerRuntime>, std::string> TrackerRuntime::create(const CommonOptions& options) {
  std::unique_ptr<TrackerRuntime> runtime(new TrackerRuntime());
  Config config;
  if (!options.config_path.empty()) {
    auto loaded = Config::load(options.config_path);
    if (!loaded) return tl::make_unexpected(loaded.error().message());
    config = std::move(*loaded);
  }
  if (options.timeout_given) {
    // An explicit --timeout also bounds the HTTP plugin's own waits, so that its error (which
    // says which wait ran out) comes first.
    const auto ms = std::to_string(options.timeout().count());
    config.set("tracker_http", "receive_timeout_ms", ms);
    config.set("tracker_http", "total_timeout_ms", ms);
  }
  auto trackers = plugins::StandardTrackers::create(runtime->io_.get_executor(), config);
  if (!trackers) return tl::make_unexpected(trackers.error().message());
  runtime->trackers_ = std::move(*trackers);
  return runtime;
}

TrackerRuntime::~TrackerRuntime() = default;

int TrackerRuntime::run(Task<int> task) {
  int code = kExitFailure;
  std::exception_ptr error;
  auto whole = [](Task<int> inner, plugins::StandardTrackers& trackers) -> Task<int> {
    const int result = co_await std::move(inner);
    co_await trackers.stop();
    co_return result;
  };
  asio::co_spawn(io_, whole(std::move(task), *trackers_), [&](std::exception_ptr e, int value) {
    error = e;
    code = value;
  });
  io_.run();
  if (error) std::rethrow_exception(error);
  return code;
}

}  // namespace corrent::tracker_cli
