// The service against a fake SessionView (so that the engine is not in the way): one
// stream per URL of a downloading torrent; a URL whose piece has a wrong hash is banned
// and never adopted again, while a good one is adopted again after its back-off when its
// stream ends; nothing is adopted for a finished torrent; run() ends when cancelled.
#include <boost/test/unit_test.hpp>

#include <asio/experimental/awaitable_operators.hpp>
#include <asio/io_context.hpp>

#include "corrent/engine/errc.hpp"
#include "corrent/events/event_bus.hpp"
#include "corrent/plugins/webseed.hpp"
#include "corrent/registry/plugin_set.hpp"
#include "corrent/registry/registry.hpp"
#include "corrent/view/session_view.hpp"
#include "support/run_coro.hpp"
#include "webseed_engine_side.hpp"
#include "webseed_errc.hpp"
#include "webseed_service.hpp"
#include "webseed_test_support.hpp"

namespace {

using namespace std::chrono_literals;
using namespace asio::experimental::awaitable_operators;
using corrent::Result;
using corrent::Task;
namespace metainfo = corrent::metainfo;

// One torrent; adopted streams are kept for the test to drive.
class FakeSession final : public corrent::SessionView {
 public:
  FakeSession(asio::any_io_executor executor, metainfo::Metainfo meta) : bus_(executor), meta_(std::move(meta)) {
    status_.info_hash = meta_.info_hash;
    status_.state = corrent::TorrentState::downloading;
  }
  std::vector<std::unique_ptr<corrent::net::Stream>> adopted;
  std::vector<std::string> sources;
  corrent::TorrentStatus status_;

  [[nodiscard]] std::vector<corrent::TorrentStatus> torrents() const override { return {status_}; }
  [[nodiscard]] std::optional<corrent::TorrentStatus> status(const metainfo::InfoHash& ih) const override {
    if (ih != meta_.info_hash) return std::nullopt;
    return status_;
  }
  [[nodiscard]] std::optional<metainfo::FileLayout> files(const metainfo::InfoHash&) const override {
    return meta_.layout;
  }
  [[nodiscard]] std::optional<metainfo::Metainfo> metainfo(const metainfo::InfoHash& ih) const override {
    if (ih != meta_.info_hash) return std::nullopt;
    return meta_;
  }
  corrent::Task<corrent::Result<void>> set_piece_priorities(metainfo::InfoHash, corrent::PieceIndex,
                                                            corrent::PieceIndex, std::uint8_t) override {
    co_return corrent::Result<void>{};  // the service never asks
  }
  [[nodiscard]] std::optional<corrent::Bitfield> have_pieces(const metainfo::InfoHash&) const override {
    return std::nullopt;  // the service never asks
  }
  void adopt_peer(std::unique_ptr<corrent::net::Stream> stream, std::string source) override {
    adopted.push_back(std::move(stream));
    sources.push_back(std::move(source));
  }
  Task<Result<metainfo::InfoHash>> add_torrent(corrent::AddTorrentParams) override {
    co_return corrent::fail(corrent::engine::errc::unknown_torrent);
  }
  Task<Result<void>> remove_torrent(metainfo::InfoHash) override {
    co_return corrent::fail(corrent::engine::errc::unknown_torrent);
  }
  Result<void> pause(const metainfo::InfoHash&) override { return corrent::fail(corrent::engine::errc::unknown_torrent); }
  Result<void> resume(const metainfo::InfoHash&) override { return corrent::fail(corrent::engine::errc::unknown_torrent); }
  [[nodiscard]] std::vector<corrent::net::Endpoint> listen_endpoints() const override { return {}; }
  [[nodiscard]] std::vector<corrent::net::Endpoint> udp_endpoints() const override { return {}; }
  [[nodiscard]] std::vector<corrent::PortMapping> external_endpoints() const override { return {}; }
  [[nodiscard]] std::optional<corrent::net::Endpoint> external_address() const override { return std::nullopt; }
  [[nodiscard]] corrent::events::EventBus& events() override { return bus_; }
  Task<Result<std::vector<std::byte>>> read(metainfo::InfoHash, std::uint64_t, std::size_t) override {
    co_return corrent::fail(corrent::engine::errc::unknown_torrent);
  }
  Result<void> set_piece_deadline(const metainfo::InfoHash&, corrent::PieceIndex, std::chrono::milliseconds) override {
    return corrent::fail(corrent::engine::errc::unknown_torrent);
  }
  Result<std::size_t> clear_piece_deadlines(const metainfo::InfoHash&, corrent::PieceIndex,
                                            corrent::PieceIndex) override {
    return corrent::fail(corrent::engine::errc::unknown_torrent);
  }
  Task<Result<void>> set_file_priorities(metainfo::InfoHash, std::vector<std::uint8_t>) override {
    co_return corrent::fail(corrent::engine::errc::unknown_torrent);
  }

 private:
  corrent::events::EventBus bus_;
  metainfo::Metainfo meta_;
};

Task<void> sleep_for(std::chrono::milliseconds d) {
  corrent::Timer t(co_await asio::this_coro::executor);
  t.expires_after(d);
  co_await t.async_wait(corrent::use_nothrow);
}

template <class F>
Task<bool> eventually(F done, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done() && std::chrono::steady_clock::now() < deadline) co_await sleep_for(5ms);
  co_return done();
}

// Opens `stream` as the engine and asks for the first block of piece 0.
Task<Result<std::vector<std::byte>>> first_block(corrent::net::Stream& stream, const metainfo::Metainfo& meta) {
  webseed_test::Engine engine{stream};
  co_await engine.open(meta);
  const auto sent = co_await engine.send(corrent::wire::Request{corrent::PieceIndex{0}, 0, 16384});
  BOOST_TEST_REQUIRE(sent.has_value());
  co_return co_await engine.read_message();
}

std::size_t count_port(const FakeSession& s, std::uint16_t port) {
  return static_cast<std::size_t>(std::count_if(s.adopted.begin(), s.adopted.end(),
                                                [&](const auto& st) { return st->remote().port() == port; }));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(webseed_service)

BOOST_AUTO_TEST_CASE(a_bad_url_is_banned_a_good_one_adopted_again_and_a_finished_torrent_left_alone) {
  asio::io_context io;
  corrent::test::LoopbackHttpServer good(io), bad(io);
  auto t = webseed_test::make_torrent("f.bin", {{"f.bin", corrent::test::pattern_bytes(40'000, 5)}}, 32 * 1024,
                                      false, {});
  t.meta.web_seeds = {good.url("/f.bin"), bad.url("/f.bin")};
  std::string wrong = t.all;
  wrong[0] = static_cast<char>(wrong[0] ^ 1);
  const std::map<std::string, std::string> good_files{{"/f.bin", t.all}}, bad_files{{"/f.bin", wrong}};
  FakeSession session(io.get_executor(), t.meta);
  corrent::webseed::WebSeedSettings settings;
  settings.fetch = {3, 100ms, 2000ms};
  settings.readopt_delay = 100ms;
  corrent::webseed::WebSeedService service(io.get_executor(), settings);
  std::optional<Result<void>> ran;
  auto run = [&]() -> Task<void> { ran = co_await service.run(session); };
  auto drive = [&]() -> Task<void> {
    const bool both = co_await eventually([&] { return session.adopted.size() == 2; }, 3s);
    BOOST_TEST_REQUIRE(both);
    BOOST_TEST(session.sources[0] == "webseed");
    for (std::size_t i = 0; i < 2; ++i) {
      auto& stream = *session.adopted[i];
      const auto block = co_await first_block(stream, t.meta);
      if (stream.remote().port() == good.port()) {
        BOOST_TEST_REQUIRE(block.has_value());
        BOOST_TEST(block->size() == 9u + 16384u);  // PIECE: id, index, begin, block
      } else {
        BOOST_TEST_REQUIRE(!block.has_value());
        BOOST_TEST(block.error() == corrent::webseed::errc::bad_data);
      }
    }
    session.adopted.clear();  // the engine drops both streams
    // The good URL again after ~100 ms, the bad one never.
    const bool again = co_await eventually([&] { return count_port(session, good.port()) == 1; }, 3s);
    BOOST_TEST(again);
    co_await sleep_for(500ms);
    BOOST_TEST(count_port(session, bad.port()) == 0u);
    BOOST_TEST((service.banned(t.meta.info_hash) == std::vector<std::string>{bad.url("/f.bin")}));
    // Complete: the stream that ends is not replaced.
    session.status_.finished = true;
    session.status_.state = corrent::TorrentState::seeding;
    session.adopted.clear();
    co_await sleep_for(500ms);
    BOOST_TEST(session.adopted.empty());
  };
  corrent::test::run_coro(
      io, [&]() -> Task<void> {
        co_await (good.serve([&](const std::string& h) -> std::optional<std::string> {
                    return webseed_test::serve_file(good_files, h);
                  }) ||
                  bad.serve([&](const std::string& h) -> std::optional<std::string> {
                    return webseed_test::serve_file(bad_files, h);
                  }) ||
                  run() || drive());
      }(),
      10s);
  // drive() ended first: run() was cancelled and returned cleanly.
  BOOST_TEST_REQUIRE(ran.has_value());
  BOOST_TEST(ran->has_value());
  BOOST_TEST(bad.requests.size() == 1u);
}

BOOST_AUTO_TEST_CASE(the_readoption_delay_doubles_and_is_capped) {
  using corrent::webseed::readopt_delay;
  BOOST_TEST(readopt_delay(100ms, 1).count() == 100);
  BOOST_TEST(readopt_delay(100ms, 2).count() == 200);
  BOOST_TEST(readopt_delay(100ms, 4).count() == 800);
  BOOST_TEST((readopt_delay(30s, 100) == corrent::webseed::kMaxReadoptDelay));
  using corrent::webseed::retry_delay;
  BOOST_TEST(retry_delay(2000ms, 1).count() == 2000);
  BOOST_TEST(retry_delay(2000ms, 3).count() == 8000);
  BOOST_TEST((retry_delay(2000ms, 10) == corrent::webseed::kMaxRetryDelay));
}

BOOST_AUTO_TEST_CASE(the_section_is_checked_at_start_up) {
  asio::io_context io;
  corrent::Registry registry;
  corrent::plugins::register_webseed(registry);
  BOOST_TEST_REQUIRE(registry.find("webseed") != nullptr);
  BOOST_TEST((registry.find("webseed")->kind() == corrent::PluginKind::service));
  {
    corrent::Config config;
    config.set("webseed", "max_retries", "10");  // at the limit
    config.set("webseed", "request_timeout_ms", "1000");
    auto built = corrent::build_plugins(registry, config, io.get_executor());
    BOOST_TEST_REQUIRE(built.has_value());
    BOOST_TEST(built->all<corrent::Service>().size() == 1u);
  }
  for (const auto& [key, value] : std::vector<std::pair<std::string, std::string>>{
           {"max_retries", "11"}, {"max_retries", "0"}, {"retry_delay_ms", "99"}, {"retry_delay_ms", "30001"},
           {"request_timeout_ms", "120001"}, {"readopt_delay_ms", "1800001"}, {"no_such_key", "1"}}) {
    corrent::Config config;
    config.set("webseed", key, value);
    BOOST_TEST(!corrent::build_plugins(registry, config, io.get_executor()).has_value(), key << "=" << value);
  }
}

BOOST_AUTO_TEST_SUITE_END()
