// static_peers: the plugin (a Discovery that knows only its Settings) and its
// registration (the one function that reads the configuration section).
#include "static_peers.hpp"

#include <asio/this_coro.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <system_error>
#include <utility>
#include <vector>

#include "corrent/core/clock.hpp"
#include "corrent/core/result.hpp"
#include "corrent/core/task.hpp"
#include "corrent/net/endpoint.hpp"
#include "corrent/net/error.hpp"
#include "corrent/discovery/discovery.hpp"
#include "corrent/registry/registry.hpp"

namespace corrent::samples {
namespace {

constexpr std::int64_t kDefaultIntervalMs = 30'000;
constexpr std::int64_t kMinIntervalMs = 1'000;
constexpr std::int64_t kMaxIntervalMs = 3'600'000;

/// What the plugin needs, already checked: no configuration types past this point.
struct StaticPeersSettings {
  std::vector<net::Endpoint> peers;
  std::chrono::milliseconds interval{kDefaultIntervalMs};
};

/// One object serves every torrent of the session: run() is called once per torrent.
class StaticPeers final : public Discovery {
 public:
  explicit StaticPeers(StaticPeersSettings settings) : settings_(std::move(settings)) {}

  // Offers the peers now, then again every interval (the torrent ignores peers it already
  // knows), until the torrent cancels us: the timer wait then ends with operation_aborted.
  // `torrent` is the torrent as discovery sees it (info-hash, ports, bytes left, events);
  // this plugin needs only where to put the peers.
  Task<Result<void>> run(DiscoveryContext& torrent) override {
    Timer timer(co_await asio::this_coro::executor);  // corrent's: simulations move its clock
    for (;;) {
      torrent.peers().on_peers(torrent.info_hash(), net::any_transport(settings_.peers));
      timer.expires_after(settings_.interval);
      auto [ec] = co_await timer.async_wait(use_nothrow);
      if (ec) co_return tl::make_unexpected(ec);
    }
  }

 private:
  const StaticPeersSettings settings_;
};

}  // namespace

void register_static_peers(Registry& registry) {
  ConfigSchema schema;
  schema.strings("peers", {}, "peers offered to every torrent, HOST:PORT")
      .integer("interval_ms", kDefaultIntervalMs, kMinIntervalMs, kMaxIntervalMs,
               "how often the peers are offered again, in milliseconds");
  // Runs at start-up, in build_plugins: an error here stops the session from being created
  // and is reported as "plugin static_peers: ...".
  auto factory = [](PluginContext& context) -> Result<std::unique_ptr<Discovery>> {
    StaticPeersSettings settings;
    CORRENT_TRY(const auto texts, context.config.get_strings("peers"));
    for (const auto& text : texts) {
      CORRENT_TRY(const auto peer, net::Endpoint::parse(text));
      if (peer.port() == 0) return tl::make_unexpected(std::error_code(net::errc::bad_port));
      settings.peers.push_back(peer);
    }
    CORRENT_TRY(const auto interval,
                context.config.get_int("interval_ms", kDefaultIntervalMs, kMinIntervalMs, kMaxIntervalMs));
    settings.interval = std::chrono::milliseconds(interval);
    return std::make_unique<StaticPeers>(std::move(settings));
  };
  // A rejection (the name is taken) is kept in registry.rejected().
  (void)registry.add_discovery("static_peers", std::move(factory), std::move(schema));
}

}  // namespace corrent::samples
