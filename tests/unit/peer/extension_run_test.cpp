// ExtensionPeer::run() as PeerConnection runs it: started once the connection runs, given
// the torrent view, and always over before run() returns, even when run() is cancelled
// (a stopping TaskGroup): the ExtensionPeer is destroyed right after.
#include <boost/test/unit_test.hpp>

#include <asio/steady_timer.hpp>

#include "corrent/net/task_group.hpp"
#include "corrent/wire/extension.hpp"
#include "peer_fixture.hpp"
#include "support/fake_extension_host.hpp"

using namespace peer_test;
using corrent::net::TaskGroup;

namespace {

struct Trace {
  std::vector<std::string> log;
  corrent::TorrentView* seen_torrent = nullptr;
};

class WaitingPeer final : public corrent::ExtensionPeer {
 public:
  WaitingPeer(corrent::PeerContext& peer, Trace& trace) : peer_(peer), trace_(trace) {}
  ~WaitingPeer() override { trace_.log.push_back("destroyed"); }
  Task<Result<void>> on_message(std::span<const std::byte>) override { co_return Result<void>{}; }
  Task<void> run() override {
    trace_.seen_torrent = peer_.torrent();
    trace_.log.push_back("started");
    asio::steady_timer forever(co_await asio::this_coro::executor, std::chrono::hours(1));
    (void)co_await forever.async_wait(corrent::use_nothrow);
    trace_.log.push_back("ended");  // touches *this: must run before the destructor
  }

 private:
  corrent::PeerContext& peer_;
  Trace& trace_;
};

class WaitingExtension final : public corrent::Extension {
 public:
  explicit WaitingExtension(Trace& trace) : trace_(trace) {}
  [[nodiscard]] std::string_view name() const override { return "x_wait"; }
  std::unique_ptr<corrent::ExtensionPeer> attach(corrent::PeerContext& peer) override {
    return std::make_unique<WaitingPeer>(peer, trace_);
  }

 private:
  Trace& trace_;
};

Task<void> run_and_log(wire::PeerConnection* conn, wire::MessageHandler* handler,
                       std::vector<wire::ExtensionSlot> extensions, corrent::TorrentView* torrent, Trace* trace) {
  (void)co_await conn->run(*handler, std::move(extensions), torrent);
  trace->log.push_back("run returned");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(extension_run)

BOOST_AUTO_TEST_CASE(runs_with_the_torrent_view_and_ends_before_a_cancelled_run_returns) {
  asio::io_context io;
  auto [sa, sb] = PipeStream::make_pair(io.get_executor());
  auto both = run_coro(io, connect_both(std::move(sa), std::move(sb), quick_settings(), quick_settings()));
  BOOST_REQUIRE(both);
  Trace trace;
  WaitingExtension extension(trace);
  corrent::test::FakeTorrentView torrent;  // only its address is used
  RecordingHandler ha, hb;
  std::vector<wire::ExtensionSlot> slots{{1, &extension}};
  TaskGroup group(io.get_executor());
  group.spawn(run_and_log(both->a.get(), &ha, slots, &torrent, &trace));
  std::optional<std::error_code> b_ended;
  group.spawn(run_to_end(both->b.get(), &hb, {}, &b_ended));
  BOOST_REQUIRE(run_until(io, [&] { return !trace.log.empty(); }));
  BOOST_TEST(trace.seen_torrent == &torrent);

  run_coro(io, group.stop());  // cancels both run()s
  both->a.reset();             // destroys the ExtensionPeer
  const std::vector<std::string> expected{"started", "ended", "run returned", "destroyed"};
  BOOST_TEST(trace.log == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
