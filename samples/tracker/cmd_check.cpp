// corrent-tracker check [CONFIG.json]: checks every tracker and health-check URL the
// configuration lists, concurrently, and prints every step's result; exit 0 only when all
// pass. Without a file the configuration is read from CORRENT_TRACKER_CHECK_CONFIG, or as
// the torrust tracker checker reads it: TORRUST_CHECKER_CONFIG_PATH (a file) or
// TORRUST_CHECKER_CONFIG (the JSON).
#include <iostream>
#include <memory>

#include "check_config.hpp"
#include "check_runner.hpp"
#include "tracker_cli.hpp"
#include "torrust_output.hpp"
#include "tracker_runtime.hpp"

namespace corrent::tracker_cli {
namespace {

struct CheckArgs {
  std::string config_file;
  std::string info_hash;
  std::uint16_t port = 6881;
  CommonOptions common;
};

void print_text(const nlohmann::json& report) {
  for (const char* kind : {"udp_trackers", "http_trackers", "health_checks"}) {
    for (const auto& check : report[kind]) {
      std::cout << (check["ok"].get<bool>() ? "ok    " : "FAIL  ") << check["target"].get<std::string>() << " ("
                << check["duration_ms"].get<std::int64_t>() << " ms)\n";
      for (const auto& step : check["steps"]) {
        std::cout << "      " << step["step"].get<std::string>() << ": "
                  << (step["ok"].get<bool>() ? "ok" : step["error"].get<std::string>()) << '\n';
      }
    }
  }
  std::cout << (report["ok"].get<bool>() ? "all checks passed" : "some checks failed") << '\n';
}

// `failure_code`: the exit status when a check failed (torrust's checker exits 0 anyway).
Task<int> check_all(tracker::TrackerClient client, CheckConfig config, CheckSettings settings, CommonOptions output,
                    int failure_code) {
  const auto report = co_await run_checks(client, std::move(config), settings);
  if (output.want_torrust()) {
    std::cout << torrust_check_report(report).dump(output.json_indent()) << '\n';
  } else if (output.want_json()) {
    std::cout << report.dump(2) << '\n';
  } else {
    print_text(report);
  }
  co_return report["ok"].get<bool>() ? kExitOk : failure_code;
}

int run_check_config(tl::expected<CheckConfig, std::string> config, const CheckArgs& args, int failure_code) {
  if (!config) return report_error("check", config.error(), kExitUsage);
  if (config->empty()) return report_error("check", "the configuration lists nothing to check", kExitUsage);
  CheckSettings settings;
  settings.timeout = args.common.timeout();
  settings.port = args.port;
  settings.info_hash = random_info_hash();
  if (!args.info_hash.empty()) {
    const auto hash = parse_info_hash(args.info_hash);
    if (!hash) {
      return report_error("check", "--info-hash: \"" + args.info_hash + "\" is no info-hash (40 hex or 32 base32)",
                          kExitUsage);
    }
    settings.info_hash = *hash;
    settings.info_hash_given = true;
  }
  auto runtime = TrackerRuntime::create(args.common);
  if (!runtime) return report_error("check", "--config: " + runtime.error(), kExitUsage);
  return (*runtime)->run(check_all((*runtime)->client(), std::move(*config), settings, args.common, failure_code));
}

int run_check(const CheckArgs& args) { return run_check_config(load_check_config(args.config_file), args, kExitFailure); }

// The options check and tracker_checker share.
void add_check_options(CLI::App& app, CheckArgs& args) {
  app.add_option("--info-hash", args.info_hash, "Info-hash to announce and scrape (default: a random one)");
  app.add_option("--port", args.port,
                 "Port announced by the first check; each further check announces the next port (default 6881)");
  add_common_options(app, args.common);
}

}  // namespace

Command add_check_command(CLI::App& app) {
  auto args = std::make_shared<CheckArgs>();
  auto* sub = app.add_subcommand("check", "Check trackers and health-check URLs; exit 0 only if all pass");
  sub->add_option("file", args->config_file,
                  std::string("Check configuration (JSON); default: the JSON in $") + kCheckConfigEnv + ", the file $" +
                      kTorrustConfigPathEnv + " or the JSON in $" + kTorrustConfigEnv + " (torrust's checker)");
  add_check_options(*sub, *args);
  return {sub, [args] { return run_check(*args); }};
}

int run_tracker_checker(int argc, char** argv) {
  CLI::App app{"tracker_checker (corrent-tracker): check trackers as torrust's tracker checker does", "tracker_checker"};
  app.failure_message([](const CLI::App*, const CLI::Error& e) {
    return std::string("tracker_checker: usage: ") + e.what() + " (see --help)\n";
  });
  CheckArgs args;
  args.common.format = OutputFormat::torrust;
  std::string config_path;
  std::string config_content;
  app.add_option("-c,--config-path", config_path, "The configuration file (JSON)")->envname(kTorrustConfigPathEnv);
  app.add_option("config_content", config_content, "The configuration itself (JSON)")->envname(kTorrustConfigEnv);
  add_check_options(app, args);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  }
  // As torrust's checker: the file wins over the content; neither is the usual error.
  auto config = !config_path.empty()      ? load_check_config(config_path)
                : !config_content.empty() ? parse_check_config(config_content)
                                          : load_check_config({});
  return run_check_config(std::move(config), args, kExitOk);
}

}  // namespace corrent::tracker_cli
