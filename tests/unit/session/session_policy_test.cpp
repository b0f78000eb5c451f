// Policies are plugins (issue 11, seam 6), through public headers: a picker plugin and a
// choker plugin registered by the test decide, for the session or for one torrent, the
// order pieces are requested in and who is uploaded to; names no plugin has are errors.
#include <boost/test/unit_test.hpp>

#include <memory>
#include <vector>

#include "corrent/engine/errc.hpp"
#include "corrent/policy/choke_strategy.hpp"
#include "corrent/policy/piece_order.hpp"
#include "corrent/registry/registry.hpp"
#include "scripted_peer.hpp"
#include "support/run_coro.hpp"

namespace {

using namespace scripted;
namespace policy = corrent::policy;

// Highest index first: the opposite of every built-in order.
class ReverseOrder final : public policy::PieceOrder {
 public:
  std::optional<PieceIndex> next_piece(policy::PieceCandidates& c, const corrent::Bitfield& peer_has) override {
    for (std::uint32_t p = c.piece_count(); p-- > 0;) {
      if (c.is_fresh(PieceIndex{p}) && peer_has.test(PieceIndex{p})) return PieceIndex{p};
    }
    return std::nullopt;
  }
};

struct Counts {
  int orders = 0;        // orders made
  int rounds = 0;        // choker rounds
  std::size_t seen = 0;  // peers in the last round
  std::size_t interested = 0;
};

class ReversePicker final : public policy::PickerPlugin {
 public:
  explicit ReversePicker(Counts* counts) : counts_(counts) {}
  std::unique_ptr<policy::PieceOrder> make_order(const policy::OrderTorrent&) override {
    ++counts_->orders;
    return std::make_unique<ReverseOrder>();
  }

 private:
  Counts* counts_;
};

// Unchokes nobody, and counts.
class ChokeAll final : public policy::ChokeStrategy {
 public:
  explicit ChokeAll(Counts* counts) : counts_(counts) {}
  std::vector<policy::PeerKey> round(std::span<const policy::ChokerPeer> peers, bool) override {
    ++counts_->rounds;
    counts_->seen = peers.size();
    counts_->interested = static_cast<std::size_t>(
        std::count_if(peers.begin(), peers.end(), [](const auto& p) { return p.interested; }));
    return {};
  }

 private:
  Counts* counts_;
};

class ChokeAllPlugin final : public policy::ChokerPlugin {
 public:
  explicit ChokeAllPlugin(Counts* counts) : counts_(counts) {}
  std::unique_ptr<policy::ChokeStrategy> make_strategy(const policy::ChokerTorrent&) override {
    return std::make_unique<ChokeAll>(counts_);
  }

 private:
  Counts* counts_;
};

void register_test_policies(corrent::Registry& registry, Counts* counts) {
  BOOST_TEST_REQUIRE(registry
                         .add_picker("test_reverse",
                                     [counts](corrent::PluginContext&) -> corrent::Result<std::unique_ptr<policy::PickerPlugin>> {
                                       return std::make_unique<ReversePicker>(counts);
                                     })
                         .has_value());
  BOOST_TEST_REQUIRE(registry
                         .add_choker("test_choke_all",
                                     [counts](corrent::PluginContext&) -> corrent::Result<std::unique_ptr<policy::ChokerPlugin>> {
                                       return std::make_unique<ChokeAllPlugin>(counts);
                                     })
                         .has_value());
}

// The pieces of `requests`, in the order they were asked for, each once.
std::vector<std::uint32_t> pieces_in_order(const std::vector<wire::Request>& requests) {
  std::vector<std::uint32_t> out;
  for (const auto& r : requests) {
    if (out.empty() || out.back() != r.piece.value) out.push_back(r.piece.value);
  }
  return out;
}

// Downloads `payload` (one block per piece) from a scripted seed into `node` with `params`;
// returns the order the seed was asked for pieces in.
Task<std::vector<std::uint32_t>> download_order(Node& node, const Payload& payload, corrent::AddTorrentParams params) {
  corrent::net::TaskGroup group(co_await asio::this_coro::executor);
  Peer seed;
  const auto added = co_await node.session->add_torrent(std::move(params));
  BOOST_TEST_REQUIRE(added.has_value());
  co_await wait_state(node, payload, TorrentState::downloading);
  co_await dial(node, payload, seed, group);
  co_await tell(seed, wire::HaveAll{});
  co_await tell(seed, wire::Unchoke{});
  REQUIRE_WITHIN(10000ms, finished(node, payload));
  seed.conn->close();
  co_await group.stop();
  co_return pieces_in_order(seed.requests);
}

std::vector<std::uint32_t> descending(std::uint32_t n) {
  std::vector<std::uint32_t> v;
  for (std::uint32_t p = n; p-- > 0;) v.push_back(p);
  return v;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(session_policy)

BOOST_AUTO_TEST_CASE(the_session_picker_plugin_orders_the_requests) {
  asio::io_context io;
  const Payload payload(16 * 16384, 16384);
  corrent::test::TempDir work;
  Counts counts;
  Node us(work.path() / "resume");
  register_test_policies(us.registry, &counts);
  us.settings.picker = "test_reverse";
  us.create(io);
  auto scenario = [&]() -> Task<void> {
    co_await start(us);
    corrent::AddTorrentParams params{payload.meta, work.path() / "out"};  // named: GCC 12 coroutines
    const auto order = co_await download_order(us, payload, std::move(params));
    BOOST_TEST(order == descending(16), boost::test_tools::per_element());
    BOOST_TEST(counts.orders == 1);
    co_await us.stop();
  };
  corrent::test::run_coro(io, scenario(), 30s);
}

BOOST_AUTO_TEST_CASE(a_torrent_may_name_its_own_picker_and_a_name_without_a_plugin_is_refused) {
  asio::io_context io;
  const Payload payload(16 * 16384, 16384);
  corrent::test::TempDir work;
  Counts counts;
  Node us(work.path() / "resume");
  register_test_policies(us.registry, &counts);  // the session keeps picker_rarest_first
  us.create(io);
  auto scenario = [&]() -> Task<void> {
    co_await start(us);
    corrent::AddTorrentParams unknown{payload.meta, work.path() / "out"};
    unknown.picker = "no_such_picker";
    const auto refused = co_await us.session->add_torrent(std::move(unknown));
    BOOST_TEST_REQUIRE(!refused.has_value());
    BOOST_TEST((refused.error() == corrent::engine::errc::no_picker));
    corrent::AddTorrentParams params{payload.meta, work.path() / "out"};
    params.picker = "test_reverse";
    const auto order = co_await download_order(us, payload, std::move(params));
    BOOST_TEST(order == descending(16), boost::test_tools::per_element());
    co_await us.stop();
  };
  corrent::test::run_coro(io, scenario(), 30s);
}

BOOST_AUTO_TEST_CASE(a_session_naming_no_built_picker_or_choker_is_not_created) {
  asio::io_context io;
  corrent::test::TempDir work;
  for (const bool bad_picker : {true, false}) {
    corrent::Registry registry;
    corrent::plugins::register_standard(registry);
    corrent::engine::SessionSettings settings;
    settings.resume_dir = work.path();
    (bad_picker ? settings.picker : settings.choker) = "missing";
    const auto made = corrent::engine::Session::create(io.get_executor(), registry, corrent::Config{}, settings);
    BOOST_TEST_REQUIRE(!made.has_value());
    const std::error_code expected = bad_picker ? corrent::engine::errc::no_picker : corrent::engine::errc::no_choker;
    BOOST_TEST((made.error().code == expected));
    BOOST_TEST(made.error().message().find("missing") != std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(the_choker_plugin_decides_who_stays_unchoked) {
  asio::io_context io;
  const Payload payload(64 * 1024, 16 * 1024);
  corrent::test::TempDir work;
  Counts counts;
  Node seeder(work.path() / "resume");
  register_test_policies(seeder.registry, &counts);
  seeder.settings.choker = "test_choke_all";
  seeder.settings.choke_interval = 50ms;
  seeder.create(io);
  Peer leecher;
  auto scenario = [&]() -> Task<void> {
    corrent::net::TaskGroup group(co_await asio::this_coro::executor);
    co_await start(seeder);
    co_await add(seeder, payload, payload.dir.path());
    co_await wait_state(seeder, payload, TorrentState::seeding);
    co_await dial(seeder, payload, leecher, group);
    co_await tell(leecher, wire::Interested{});
    // Unchoked at once into a free slot (between rounds), then the strategy's round chokes it.
    REQUIRE_WITHIN(5000ms, counts.rounds >= 2 && counts.interested == 1);
    BOOST_TEST(counts.seen == 1u);
    REQUIRE_WITHIN(5000ms, leecher.conn->peer_choking());
    const int rounds = counts.rounds;
    co_await sleep(200ms);
    BOOST_TEST(leecher.conn->peer_choking());  // and it stays so, round after round
    BOOST_TEST(counts.rounds > rounds);
    leecher.conn->close();
    co_await group.stop();
    co_await seeder.stop();
  };
  corrent::test::run_coro(io, scenario(), 30s);
}

BOOST_AUTO_TEST_SUITE_END()
