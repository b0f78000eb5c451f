// custom_client FILE.torrent OUT_DIR [HOST:PORT...]: the smallest useful client, composed by
// hand from TCP, UDP and HTTP trackers, file storage, the default picker and choker and the
// static_peers sample plugin (not the standard bundle). Prints a line per verified piece and a final line; exits 0 when done.
#include <asio/co_spawn.hpp>
#include <asio/io_context.hpp>
#include <asio/this_coro.hpp>

#include <cstdio>
#include <exception>
#include <string>
#include <variant>

#include "corrent/engine/session.hpp"
#include "corrent/events/event.hpp"
#include "corrent/metainfo/torrent_file.hpp"
#include "corrent/plugins/choker_tit_for_tat.hpp"
#include "corrent/plugins/picker_rarest_first.hpp"
#include "corrent/plugins/storage_file.hpp"
#include "corrent/plugins/tracker_http.hpp"
#include "corrent/plugins/tracker_udp.hpp"
#include "corrent/plugins/transport_tcp.hpp"
#include "static_peers.hpp"

using namespace corrent;

namespace {

int report(const std::string& why) {
  std::fprintf(stderr, "custom_client: %s\n", why.c_str());
  return 1;
}

// Adds the torrent and reads the event stream until it is done: "" or why it failed.
Task<std::string> download(engine::Session& session, engine::AddTorrentParams params) {
  auto stream = session.events().stream(4096);  // made first: no event of ours is missed
  if (auto started = co_await session.start(); !started) co_return "start: " + started.error().message();
  auto added = co_await session.add_torrent(std::move(params));
  if (!added) co_return "cannot add the torrent: " + added.error().message();
  for (;;) {
    auto event = co_await stream.next();
    if (!event) co_return "event stream: " + event.error().message();
    if (const auto* piece = std::get_if<events::PieceFinished>(&*event); piece && piece->info_hash == *added) {
      std::printf("piece %u verified\n", piece->piece.value);
    } else if (const auto* e = std::get_if<events::TorrentError>(&*event); e && e->info_hash == *added) {
      co_return e->detail.empty() ? e->error.message() : e->detail;
    } else if (std::holds_alternative<events::TorrentFinished>(*event) ||
               std::holds_alternative<events::TorrentChecked>(*event)) {  // or complete on disk
      if (const auto st = session.status(*added); st && st->finished) {
        std::printf("finished: %u pieces\n", st->pieces_total);
        co_return "";
      }
    }
  }
}

Task<int> run(const Registry& registry, const Config& config, engine::AddTorrentParams params) {
  engine::SessionSettings settings;
  settings.listen = {};         // outgoing connections only
  settings.use_resume = false;  // each run checks what is on disk
  const auto executor = co_await asio::this_coro::executor;
  auto session = engine::Session::create(executor, registry, config, settings);
  if (!session) co_return report(session.error().message());
  const std::string error = co_await download(**session, std::move(params));
  co_await (*session)->stop();  // always awaited before the Session is destroyed
  co_return error.empty() ? 0 : report(error);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) return report("usage: custom_client FILE.torrent OUT_DIR [HOST:PORT...]");
  auto meta = metainfo::load_torrent_file(argv[1]);
  if (!meta) return report(std::string(argv[1]) + ": " + meta.error().message());
  Registry registry;  // outlives everything built from it
  plugins::register_transport_tcp(registry);
  plugins::register_tracker_udp(registry);
  plugins::register_tracker_http(registry);
  plugins::register_storage_file(registry);
  plugins::register_picker_rarest_first(registry);  // SessionSettings' default picker
  plugins::register_choker_tit_for_tat(registry);   // and choker
  samples::register_static_peers(registry);
  Config config;  // empty: every plugin's defaults, but for the peers given
  std::string peers;
  for (int i = 3; i < argc; ++i) peers += (i > 3 ? "," : "") + std::string(argv[i]);
  if (!peers.empty()) config.set("static_peers", "peers", peers);
  engine::AddTorrentParams params;  // a named local, not a braced temporary (GCC 12)
  params.metainfo = std::move(*meta);
  params.save_path = argv[2];
  asio::io_context io;
  int status = 1;
  asio::co_spawn(io, run(registry, config, std::move(params)),
                 [&](std::exception_ptr e, int code) { status = e ? report("internal error") : code; });
  io.run();
  return status;
}
