#include "sim/sim_swarm.hpp"

#include <fstream>
#include <memory>
#include <random>
#include <stdexcept>

#include <asio/io_context.hpp>

#include "corrent/engine/session.hpp"
#include "corrent/metainfo/creator.hpp"
#include "corrent/metainfo/metainfo.hpp"
#include "corrent/plugins/choker_tit_for_tat.hpp"
#include "corrent/plugins/picker_rarest_first.hpp"
#include "corrent/plugins/storage_file.hpp"
#include "corrent/plugins/storage_memory.hpp"
#include "corrent/plugins/tracker_udp.hpp"
#include "corrent/registry/registry.hpp"
#include "support/sim_driver.hpp"
#include "support/sim_tracker.hpp"

namespace corrent::test {

namespace {

using namespace std::chrono_literals;

constexpr std::uint16_t kTrackerPort = 6969;
constexpr std::uint16_t kPeerPort = 6881;

[[noreturn]] void fail_setup(const std::string& what, const std::error_code& error) {
  throw std::runtime_error("sim swarm: " + what + ": " + error.message());
}

}  // namespace

metainfo::Metainfo make_sim_torrent(const std::filesystem::path& dir, std::uint32_t piece_count,
                                    std::uint32_t piece_length, std::uint64_t seed, const std::string& tracker) {
  std::filesystem::create_directories(dir);
  const auto path = dir / "payload.bin";
  std::string data(std::size_t{piece_count} * piece_length, '\0');
  std::mt19937_64 bytes(seed);
  for (auto& c : data) c = static_cast<char>(bytes());
  std::ofstream(path, std::ios::binary).write(data.data(), static_cast<std::streamsize>(data.size()));
  metainfo::CreateOptions options;
  options.piece_length = piece_length;
  if (!tracker.empty()) options.trackers = {{tracker}};
  options.threads = 1;
  auto encoded = metainfo::create_torrent(path, options);
  if (!encoded) fail_setup("creating the torrent", encoded.error());
  auto meta = metainfo::parse_torrent(*encoded);
  if (!meta) fail_setup("parsing the torrent", meta.error().code);
  return *std::move(meta);
}

namespace {

// The seed's file and its torrent, announcing to `tracker`.
metainfo::Metainfo make_torrent(const SimSwarmParams& params, const std::filesystem::path& dir,
                                const std::string& tracker) {
  return make_sim_torrent(dir, params.piece_count, params.piece_length, 12345, tracker);
}

struct Member {
  std::unique_ptr<engine::Session> session;
  events::Subscription pieces;
};

Task<void> start_all(std::vector<Member>& members, const metainfo::Metainfo& meta, const std::filesystem::path& dir) {
  for (auto& m : members) {
    auto started = co_await m.session->start();
    if (!started) fail_setup("starting a session", started.error());
    engine::AddTorrentParams params{meta, dir};
    auto added = co_await m.session->add_torrent(std::move(params));
    if (!added) fail_setup("adding the torrent", added.error());
  }
}

Task<void> stop_all(std::vector<Member>& members) {
  for (auto& m : members) co_await m.session->stop();
}

}  // namespace

SimSwarmResult run_sim_swarm(const SimSwarmParams& params, const std::filesystem::path& work_dir) {
  asio::io_context io;
  SimDriver driver(io);
  SimNetwork network(io.get_executor(), params.link, params.seed);
  auto& tracker_host = network.add_host();
  SimUdpTracker tracker(tracker_host, kTrackerPort, 30s);
  const auto meta = make_torrent(params, work_dir, tracker.url());

  SimSwarmResult result;
  std::vector<Member> members(params.peers);
  for (std::size_t i = 0; i < members.size(); ++i) {
    auto& host = network.add_host();
    Registry registry;
    register_sim_transport(registry, host);
    plugins::register_storage_file(registry);
    plugins::register_storage_memory(registry);
    plugins::register_tracker_udp(registry);
    plugins::register_picker_rarest_first(registry);
    plugins::register_choker_tit_for_tat(registry);
    engine::SessionSettings settings;
    settings.listen = {host.endpoint(kPeerPort).to_string()};
    settings.transports = {"tcp"};
    settings.disk_threads = 0;
    settings.encryption = mse::EncryptionPolicy::disabled;
    settings.storage = i == 0 ? "storage_file" : "storage_memory";
    settings.use_resume = false;
    settings.raise_descriptor_limit = false;
    settings.random_seed = params.seed * 1000 + i;
    settings.datagram_opener = host.datagram_opener();
    auto session = engine::Session::create(io.get_executor(), registry, Config{}, std::move(settings));
    if (!session) fail_setup("creating a session", session.error().code);
    members[i].session = std::move(*session);
    if (i > 0) {
      members[i].pieces = members[i].session->events().subscribe(
          [&result, i](const events::Event& e) {
            if (const auto* p = std::get_if<events::PieceFinished>(&e)) result.piece_order.emplace_back(i, p->piece.value);
            if (std::holds_alternative<events::BlockReceived>(e)) ++result.blocks_received;
          },
          events::EventMask::of<events::PieceFinished, events::BlockReceived>());
    }
  }

  const auto start = driver.now();
  driver.run(start_all(members, meta, work_dir), 60s);
  result.finished_at.assign(members.size(), Clock::duration::zero());
  auto finished = [&] {
    std::size_t n = 0;
    for (std::size_t i = 1; i < members.size(); ++i) {
      const auto status = members[i].session->status(meta.info_hash);
      if (!status || status->state != TorrentState::seeding) continue;
      ++n;
      if (result.finished_at[i] == Clock::duration::zero()) result.finished_at[i] = driver.now() - start;
    }
    return n;
  };
  driver.run_until([&] { return finished() == members.size() - 1; }, params.limit);
  result.took = driver.now() - start;
  result.finished = finished();
  for (auto& m : members) m.pieces.reset();
  driver.run(stop_all(members), 120s);
  result.network = network.counters();
  result.tracker_announces = tracker.announces();
  result.handlers = driver.handlers();
  members.clear();
  return result;
}

}  // namespace corrent::test
