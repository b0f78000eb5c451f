// Rate limits on the simulated network, in virtual time: real Sessions, a seed and
// leechers on links far faster than the limits, so that only the limits shape the
// transfers. A session's download limit holds within 5% over 10 s and changes live; a
// torrent's limit holds inside the session's; a seed's upload limit is shared by its
// leechers evenly.
#include <boost/test/unit_test.hpp>

#include <memory>
#include <vector>

#include <asio/io_context.hpp>

#include "corrent/engine/session.hpp"
#include "corrent/metainfo/metainfo.hpp"
#include "corrent/plugins/choker_tit_for_tat.hpp"
#include "corrent/plugins/picker_rarest_first.hpp"
#include "corrent/plugins/storage_file.hpp"
#include "corrent/plugins/storage_memory.hpp"
#include "corrent/registry/registry.hpp"
#include "sim/sim_swarm.hpp"
#include "support/sim_driver.hpp"
#include "support/sim_network.hpp"
#include "support/temp_dir.hpp"

namespace {

using namespace std::chrono_literals;
using namespace corrent;
using test::SimHost;

constexpr std::uint32_t kPieceLength = 64 * 1024;
constexpr std::uint32_t kPieces = 256;  // 16 MiB: no leecher finishes within a test
constexpr std::uint64_t KiB = 1024;

metainfo::Metainfo make_torrent(const std::filesystem::path& dir) {
  return test::make_sim_torrent(dir, kPieces, kPieceLength, 77);
}

struct Member {
  Registry registry;
  SimHost* host = nullptr;
  std::uint16_t port = 0;
  std::unique_ptr<engine::Session> session;
};

void make_session(asio::io_context& io, Member& m, bool seed, std::uint64_t seed_value,
                  throttle::RateLimits limits) {
  test::register_sim_transport(m.registry, *m.host);
  plugins::register_storage_file(m.registry);
  plugins::register_storage_memory(m.registry);
  plugins::register_picker_rarest_first(m.registry);
  plugins::register_choker_tit_for_tat(m.registry);
  engine::SessionSettings settings;
  settings.listen = {m.host->endpoint(m.port).to_string()};
  settings.transports = {"tcp"};
  settings.disk_threads = 0;
  settings.encryption = mse::EncryptionPolicy::disabled;
  settings.storage = seed ? "storage_file" : "storage_memory";
  settings.use_resume = false;
  settings.raise_descriptor_limit = false;
  settings.random_seed = seed_value;
  settings.datagram_opener = m.host->datagram_opener();
  settings.rate_limits = limits;
  auto session = engine::Session::create(io.get_executor(), m.registry, Config{}, std::move(settings));
  BOOST_TEST_REQUIRE(session.has_value());
  m.session = std::move(*session);
}

// A seed and `leechers` leechers, each leecher given the seed as its peer.
struct Swarm {
  test::TempDir dir;
  metainfo::Metainfo meta = make_torrent(dir.path());
  asio::io_context io;
  test::SimDriver driver{io};
  // 50 MiB/s links: far above every limit below.
  test::SimNetwork network{io.get_executor(), {.latency = 5ms, .uplink_bytes_per_second = 50 * 1024 * 1024}, 9};
  std::vector<std::unique_ptr<Member>> members;  // [0] is the seed

  Swarm(std::size_t leechers, throttle::RateLimits seed_limits, throttle::RateLimits leecher_limits) {
    for (std::size_t i = 0; i <= leechers; ++i) {
      auto m = std::make_unique<Member>();
      m->host = &network.add_host();
      m->port = static_cast<std::uint16_t>(6881 + i);
      make_session(io, *m, i == 0, i + 1, i == 0 ? seed_limits : leecher_limits);
      members.push_back(std::move(m));
    }
    auto start = [&]() -> Task<void> {
      const auto seed_at = members[0]->host->endpoint(members[0]->port);
      for (std::size_t i = 0; i < members.size(); ++i) {
        auto started = co_await members[i]->session->start();
        BOOST_TEST_REQUIRE(started.has_value());
        engine::AddTorrentParams params{meta, i == 0 ? dir.path() : dir.path() / "out" / std::to_string(i)};
        if (i != 0) params.peers = {seed_at};
        auto added = co_await members[i]->session->add_torrent(std::move(params));
        BOOST_TEST_REQUIRE(added.has_value());
      }
    };
    driver.run(start(), 60s);
  }
  ~Swarm() {
    auto stop = [&]() -> Task<void> {
      for (auto& m : members) co_await m->session->stop();
    };
    driver.run(stop(), 120s);
  }

  [[nodiscard]] std::uint64_t downloaded(std::size_t i) const {
    return members[i]->session->status(meta.info_hash)->downloaded;
  }
  // Bytes leecher `i` downloads in the next `window` of virtual time.
  std::uint64_t download_over(std::size_t i, Clock::duration window) {
    const auto before = downloaded(i);
    driver.run_until([] { return false; }, window);
    return downloaded(i) - before;
  }
};

// `got` bytes in `seconds` against `rate` bytes per second: within 5%.
void within_5_percent(std::uint64_t got, std::uint64_t rate, double seconds, const char* what) {
  const double expected = static_cast<double>(rate) * seconds;
  BOOST_TEST_MESSAGE(what << ": " << got << " bytes, " << got / seconds / KiB << " KiB/s against " << rate / KiB);
  BOOST_TEST(static_cast<double>(got) <= expected * 1.05, what);
  BOOST_TEST(static_cast<double>(got) >= expected * 0.95, what);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sim_rate_limit)

// The measure: a download limited to a rate stays within 5% of it over 10 s (after
// a second to start), and a new limit set while it runs holds from then on; lifting it
// lets the download run at the link's speed.
BOOST_AUTO_TEST_CASE(a_session_download_limit_holds_and_changes_live) {
  Swarm swarm(1, {}, {200 * KiB, std::nullopt});
  swarm.driver.run_until([] { return false; }, 1s);
  within_5_percent(swarm.download_over(1, 10s), 200 * KiB, 10, "at 200 KiB/s");
  swarm.members[1]->session->set_rate_limits({50 * KiB, std::nullopt});
  BOOST_TEST((swarm.members[1]->session->rate_limits().download == 50 * KiB));
  swarm.driver.run_until([] { return false; }, 1s);  // what was granted before drains
  within_5_percent(swarm.download_over(1, 10s), 50 * KiB, 10, "at 50 KiB/s, set live");
  swarm.members[1]->session->set_rate_limits({});
  const auto unlimited = swarm.download_over(1, 2s);
  BOOST_TEST(unlimited > 2 * 1024 * KiB);  // over ten times the limit it had
}

// A torrent's own limit, tighter than the session's, holds; set and changed live.
BOOST_AUTO_TEST_CASE(a_torrent_limit_holds_inside_the_session_limit) {
  Swarm swarm(1, {}, {400 * KiB, std::nullopt});
  auto& leecher = *swarm.members[1]->session;
  BOOST_TEST_REQUIRE(leecher.set_torrent_rate_limits(swarm.meta.info_hash, {100 * KiB, std::nullopt}).has_value());
  BOOST_TEST((leecher.torrent_rate_limits(swarm.meta.info_hash)->download == 100 * KiB));
  swarm.driver.run_until([] { return false; }, 1s);
  within_5_percent(swarm.download_over(1, 10s), 100 * KiB, 10, "torrent at 100 KiB/s");
  BOOST_TEST_REQUIRE(leecher.set_torrent_rate_limits(swarm.meta.info_hash, {}).has_value());
  swarm.driver.run_until([] { return false; }, 1s);
  within_5_percent(swarm.download_over(1, 10s), 400 * KiB, 10, "the session's 400 KiB/s again");
  metainfo::InfoHash other{};
  other.bytes[0] = 1;
  BOOST_TEST(!leecher.set_torrent_rate_limits(other, {}).has_value());
}

// A seed's upload limit is the sum of what its leechers get, split about evenly.
BOOST_AUTO_TEST_CASE(a_seed_upload_limit_is_shared_by_its_leechers) {
  Swarm swarm(3, {std::nullopt, 300 * KiB}, {});
  swarm.driver.run_until([] { return false; }, 2s);
  std::array<std::uint64_t, 3> before{};
  for (std::size_t i = 0; i < 3; ++i) before[i] = swarm.downloaded(i + 1);
  swarm.driver.run_until([] { return false; }, 10s);
  std::uint64_t total = 0;
  std::array<std::uint64_t, 3> got{};
  for (std::size_t i = 0; i < 3; ++i) {
    got[i] = swarm.downloaded(i + 1) - before[i];
    total += got[i];
  }
  within_5_percent(total, 300 * KiB, 10, "three leechers from a seed at 300 KiB/s");
  for (std::size_t i = 0; i < 3; ++i) {
    BOOST_TEST(got[i] * 3 >= total * 8 / 10);  // each within 20% of a third
    BOOST_TEST(got[i] * 3 <= total * 12 / 10);
  }
}

BOOST_AUTO_TEST_SUITE_END()
