// corrent-tracker announce URL INFOHASH [--event E] [--port N] [--left N] ...: one announce,
// printed as JSON (keys in docs/cli.md) or as text on a terminal.
#include <iostream>
#include <memory>

#include "corrent/core/peer_id.hpp"
#include "corrent/crypto/random.hpp"
#include "tracker_cli.hpp"
#include "tracker_output.hpp"
#include "torrust_output.hpp"
#include "tracker_runtime.hpp"

namespace corrent::tracker_cli {
namespace {

struct AnnounceArgs {
  std::string url;
  std::string info_hash;
  std::string event = "started";
  std::uint16_t port = 6881;
  std::uint64_t left = 0;
  std::uint64_t uploaded = 0;
  std::uint64_t downloaded = 0;
  std::optional<std::uint32_t> numwant;
  std::optional<std::uint32_t> key;
  std::string peer_id;
  Program program = Program::corrent_tracker;
  CommonOptions common;
};

tracker::AnnounceEvent event_named(const std::string& name) {
  for (const auto event : {tracker::AnnounceEvent::started, tracker::AnnounceEvent::completed,
                           tracker::AnnounceEvent::stopped}) {
    if (CLI::detail::to_lower(name) == tracker::to_string(event)) return event;
  }
  return tracker::AnnounceEvent::none;  // "none" (CLI11 admits nothing else)
}

Task<int> announce_once(tracker::TrackerClient client, AnnounceArgs args, tracker::AnnounceRequest request) {
  const auto reply = co_await with_timeout(client.announce(args.url, request), args.common.timeout());
  if (!reply) {
    co_return report_error("announce", args.url + ": " + no_answer_text(args.common));
  }
  if (!*reply) co_return report_error("announce", args.url + ": " + (*reply).error().text());
  const auto flavor = flavor_of(args.url);
  if ((*reply)->warning) report_error("announce", "tracker warning: " + *(*reply)->warning);
  if (args.common.want_torrust()) {
    const auto json = flavor == Flavor::udp ? torrust_udp_announce_json(**reply, udp_reply_is_ipv6(args.url, **reply))
                                            : torrust_http_announce_json(**reply);
    std::cout << json.dump(args.common.json_indent()) << '\n';
  } else if (args.common.want_json()) {
    std::cout << announce_json(flavor, **reply).dump(2) << '\n';
  } else {
    print_announce_text(std::cout, flavor, **reply);
  }
  co_return kExitOk;
}

int run_announce(AnnounceArgs args) {
  args.url = with_default_path(tracker_url_for(args.program, args.url), "announce");
  const auto hash = parse_info_hash(args.info_hash);
  if (!hash) return report_error("announce", "\"" + args.info_hash + "\" is no info-hash (40 hex or 32 base32 characters)",
                                 kExitUsage);
  tracker::AnnounceRequest request;
  request.info_hash = *hash;
  request.peer_id = make_peer_id();
  if (!args.peer_id.empty()) {
    auto given = PeerId::from_bytes(args.peer_id);
    if (!given) return report_error("announce", "--peer-id must be exactly 20 characters", kExitUsage);
    request.peer_id = *given;
  }
  request.port = args.port;
  request.left = args.left;
  request.uploaded = args.uploaded;
  request.downloaded = args.downloaded;
  request.event = event_named(args.event);
  request.numwant = args.numwant;
  request.key = args.key ? *args.key : crypto::random_below(0xFFFFFFFFu);
  auto runtime = TrackerRuntime::create(args.common);
  if (!runtime) return report_error("announce", "--config: " + runtime.error(), kExitUsage);
  if (auto protocol = (*runtime)->client().protocol_for(args.url); !protocol) {
    return report_error("announce", args.url + ": " + protocol.error().text(), kExitUsage);
  }
  return (*runtime)->run(announce_once((*runtime)->client(), args, request));
}

}  // namespace

Command add_announce_command(CLI::App& app, Program program) {
  auto args = std::make_shared<AnnounceArgs>();
  args->program = program;
  if (program != Program::corrent_tracker) args->common.format = OutputFormat::torrust;
  auto* sub = app.add_subcommand("announce", "Announce to a tracker and print its answer");
  sub->add_option("url", args->url,
                  program == Program::udp_tracker_client
                      ? "The UDP tracker: HOST:PORT or udp://HOST:PORT[/...]"
                      : "Announce URL: udp://HOST:PORT[/...] or http(s)://HOST[:PORT][/PATH] (no path: /announce)")
      ->required();
  sub->add_option("info_hash", args->info_hash, "Info-hash: 40 hex or 32 base32 characters")->required();
  sub->add_option("--event", args->event, "started (default), completed, stopped or none")
      ->check(CLI::IsMember({"started", "completed", "stopped", "none"}, CLI::ignore_case));
  sub->add_option("--port", args->port, "Port we say we listen on (default 6881)");
  sub->add_option("--left", args->left, "Bytes left to download; 0 (default) announces a seeder");
  sub->add_option("--uploaded", args->uploaded, "Bytes uploaded (default 0)");
  sub->add_option("--downloaded", args->downloaded, "Bytes downloaded (default 0)");
  sub->add_option("--numwant,--peers-wanted", args->numwant, "Peers wanted (default: the tracker decides)");
  sub->add_option("--key", args->key, "The announce key (default: a random one)");
  sub->add_option("--peer-id", args->peer_id, "Our 20-character peer id (default: a fresh -CR0100- id)");
  add_common_options(*sub, args->common);
  return {sub, [args] { return run_announce(*args); }};
}

}  // namespace corrent::tracker_cli
