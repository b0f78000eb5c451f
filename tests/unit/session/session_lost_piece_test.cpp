// A piece whose bytes go from the disk under a seed (its file cut short): the first
// request for it finds it gone, the torrent takes it as not had any more (a warning, back
// to downloading), the request is refused, and every peer's extensions hear of it
// (ExtensionPeer::on_piece_lost, what lt_donthave sends from). Through public headers.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <memory>
#include <vector>

#include "corrent/events/event_bus.hpp"
#include "corrent/registry/plugin_context.hpp"
#include "corrent/registry/registry.hpp"
#include "corrent/storage/error.hpp"
#include "corrent/wire/extension.hpp"
#include "scripted_peer.hpp"
#include "support/run_coro.hpp"

using namespace scripted;
namespace events = corrent::events;

namespace {

// An extension that records the pieces its peers were told are lost.
class LostRecorder final : public corrent::Extension {
 public:
  explicit LostRecorder(std::vector<std::uint32_t>* lost) : lost_(lost) {}
  [[nodiscard]] std::string_view name() const override { return "x_lost"; }
  std::unique_ptr<corrent::ExtensionPeer> attach(corrent::PeerContext&) override {
    return std::make_unique<Recorder>(lost_);
  }

 private:
  struct Recorder final : corrent::ExtensionPeer {
    explicit Recorder(std::vector<std::uint32_t>* l) : lost(l) {}
    Task<corrent::Result<void>> on_message(std::span<const std::byte>) override { co_return corrent::Result<void>{}; }
    void on_piece_lost(PieceIndex piece) override { lost->push_back(piece.value); }
    std::vector<std::uint32_t>* lost;
  };
  std::vector<std::uint32_t>* lost_;
};

}  // namespace

BOOST_AUTO_TEST_CASE(a_piece_cut_from_under_a_seed_is_lost_refused_and_told) {
  asio::io_context io;
  constexpr std::uint32_t kPiece = 32 * 1024;
  Payload payload(4 * kPiece, kPiece);
  corrent::test::TempDir work;
  Node seeder(work.path() / "seed-resume");
  std::vector<std::uint32_t> lost;
  (void)seeder.registry.add_extension("x_lost", [&lost](corrent::PluginContext&)
                                          -> corrent::Result<std::unique_ptr<corrent::Extension>> {
    return std::make_unique<LostRecorder>(&lost);
  });
  seeder.create(io);
  std::vector<events::TorrentWarning> warnings;
  auto subscription = seeder.session->events().subscribe(
      [&](const events::Event& e) {
        if (const auto* w = std::get_if<events::TorrentWarning>(&e)) warnings.push_back(*w);
      },
      events::EventMask::of<events::TorrentWarning>());
  Peer leecher;
  auto scenario = [&]() -> Task<void> {
    corrent::net::TaskGroup group(co_await asio::this_coro::executor);
    co_await start(seeder);
    co_await add(seeder, payload, payload.dir.path());
    co_await wait_state(seeder, payload, TorrentState::seeding);
    const auto ih = payload.meta.info_hash;
    BOOST_TEST(seeder.session->status(ih)->pieces_have == 4u);
    // The last piece's bytes go: the file is cut to three pieces.
    std::filesystem::resize_file(payload.dir.path() / "payload.bin", 3 * kPiece);
    co_await dial(seeder, payload, leecher, group);
    co_await tell(leecher, wire::HaveNone{});
    co_await tell(leecher, wire::Interested{});
    REQUIRE_WITHIN(5000ms, !leecher.conn->peer_choking());
    co_await tell(leecher, wire::Request{PieceIndex{3}, 0, 16384});
    REQUIRE_WITHIN(5000ms, !lost.empty());
    BOOST_TEST((lost == std::vector<std::uint32_t>{3}));
    const auto status = seeder.session->status(ih);
    BOOST_TEST(status->pieces_have == 3u);
    BOOST_TEST(!status->finished);
    BOOST_TEST((status->state == TorrentState::downloading));
    BOOST_REQUIRE(warnings.size() == 1u);
    BOOST_TEST((warnings[0].error == corrent::storage::errc::not_present));
    BOOST_TEST(warnings[0].detail.find("piece 3") != std::string::npos, warnings[0].detail);
    REQUIRE_WITHIN(5000ms, !leecher.rejects.empty());  // fast extension: refused, not dropped
    BOOST_TEST((leecher.rejects[0] == wire::Reject{PieceIndex{3}, 0, 16384}));
    leecher.conn->close();
    co_await group.stop();
    co_await seeder.stop();
  };
  corrent::test::run_coro(io, scenario(), 30s);
}
