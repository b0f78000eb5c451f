// corrent-tracker scrape URL INFOHASH...: the tracker's counts for each torrent, as JSON
// (keys in docs/cli.md) or as text on a terminal. URL is the announce URL (the scrape URL
// is derived from it, BEP 48); a scrape URL is accepted too.
#include <iostream>
#include <memory>

#include "corrent/tracker/limits.hpp"
#include "tracker_cli.hpp"
#include "tracker_output.hpp"
#include "torrust_output.hpp"
#include "tracker_runtime.hpp"

namespace corrent::tracker_cli {
namespace {

struct ScrapeArgs {
  std::string url;
  std::vector<std::string> info_hashes;
  CommonOptions common;
  Program program = Program::corrent_tracker;
};

// The protocols take the announce URL: turn ".../scrape..." back into ".../announce...".
std::string announce_url_of(const std::string& url) {
  if (flavor_of(url) == Flavor::udp) return url;
  const auto query = url.find_first_of("?#");
  const auto path_end = query == std::string::npos ? url.size() : query;
  const auto slash = url.rfind('/', path_end - 1);
  if (slash == std::string::npos || url.compare(slash + 1, 6, "scrape") != 0) return url;
  return url.substr(0, slash + 1) + "announce" + url.substr(slash + 7);
}

Task<int> scrape_once(tracker::TrackerClient client, ScrapeArgs args, std::vector<metainfo::InfoHash> hashes) {
  const auto url = announce_url_of(args.url);
  const auto reply = co_await with_timeout(client.scrape(url, hashes), args.common.timeout());
  if (!reply) co_return report_error("scrape", args.url + ": " + no_answer_text(args.common));
  if (!*reply) co_return report_error("scrape", args.url + ": " + (*reply).error().text());
  const auto flavor = flavor_of(args.url);
  if (args.common.want_torrust()) {
    const auto json = flavor == Flavor::udp ? torrust_udp_scrape_json(**reply) : torrust_http_scrape_json(**reply);
    std::cout << json.dump(args.common.json_indent()) << '\n';
  } else if (args.common.want_json()) {
    std::cout << scrape_json(flavor, **reply).dump(2) << '\n';
  } else {
    print_scrape_text(std::cout, flavor, **reply);
  }
  co_return kExitOk;
}

int run_scrape(ScrapeArgs args) {
  args.url = with_default_path(tracker_url_for(args.program, args.url), "scrape");
  std::vector<metainfo::InfoHash> hashes;
  for (const auto& text : args.info_hashes) {
    const auto hash = parse_info_hash(text);
    if (!hash) {
      return report_error("scrape", "\"" + text + "\" is no info-hash (40 hex or 32 base32 characters)", kExitUsage);
    }
    hashes.push_back(*hash);
  }
  if (hashes.size() > tracker::kMaxScrapeInfoHashes) {
    return report_error("scrape", "at most " + std::to_string(tracker::kMaxScrapeInfoHashes) + " info-hashes at once",
                        kExitUsage);
  }
  auto runtime = TrackerRuntime::create(args.common);
  if (!runtime) return report_error("scrape", "--config: " + runtime.error(), kExitUsage);
  if (auto protocol = (*runtime)->client().protocol_for(args.url); !protocol) {
    return report_error("scrape", args.url + ": " + protocol.error().text(), kExitUsage);
  }
  return (*runtime)->run(scrape_once((*runtime)->client(), args, std::move(hashes)));
}

}  // namespace

Command add_scrape_command(CLI::App& app, Program program) {
  auto args = std::make_shared<ScrapeArgs>();
  args->program = program;
  if (program != Program::corrent_tracker) args->common.format = OutputFormat::torrust;
  auto* sub = app.add_subcommand("scrape", "Ask a tracker for the counts of torrents");
  sub->add_option("url", args->url,
                  program == Program::udp_tracker_client
                      ? "The UDP tracker: HOST:PORT or udp://HOST:PORT[/...]"
                      : "The tracker's announce URL, its /scrape URL, or its base URL (no path: /scrape)")
      ->required();
  sub->add_option("info_hash", args->info_hashes, "Info-hashes: 40 hex or 32 base32 characters each")->required();
  add_common_options(*sub, args->common);
  return {sub, [args] { return run_scrape(*args); }};
}

}  // namespace corrent::tracker_cli
