// TorrentLifecycle: which transitions are allowed from which state, what each state keeps,
// and that every change of the reported state is said once, in order.

#include <boost/test/unit_test.hpp>

#include <string>
#include <utility>
#include <vector>

#include "engine/torrent_lifecycle.hpp"

namespace {

using corrent::TorrentState;
using corrent::engine::TorrentLifecycle;
using Cause = TorrentLifecycle::PauseCause;
using Change = std::pair<TorrentState, TorrentState>;

// A lifecycle starting at `first` that records its changes in `changes`.
TorrentLifecycle recording(TorrentLifecycle::Stage first, std::vector<Change>& changes) {
  return TorrentLifecycle(std::move(first),
                          [&changes](TorrentState from, TorrentState to) { changes.emplace_back(from, to); });
}

TorrentLifecycle::FetchingMetadata fetching() {
  TorrentLifecycle::FetchingMetadata f;
  f.magnet.display_name = "from the link";
  return f;
}

// Every transition call, tried from the lifecycle's current state; returns which were allowed.
struct Allowed {
  bool metadata_opened, checked, finished, wants_more;
};
Allowed try_each(const TorrentLifecycle& at) {
  Allowed a{};
  { auto l = at; a.metadata_opened = l.metadata_opened(); }
  { auto l = at; a.checked = l.checked(false); }
  { auto l = at; a.finished = l.finished(); }
  { auto l = at; a.wants_more = l.wants_more(); }
  return a;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(engine_torrent_lifecycle)

BOOST_AUTO_TEST_CASE(a_magnet_goes_through_every_stage_in_order_and_says_each_change) {
  std::vector<Change> changes;
  auto l = recording(fetching(), changes);
  BOOST_TEST((l.state() == TorrentState::fetching_metadata));
  BOOST_TEST(l.get<TorrentLifecycle::FetchingMetadata>()->magnet.display_name == "from the link");

  BOOST_TEST(l.metadata_opened());
  BOOST_TEST((l.state() == TorrentState::checking));
  BOOST_TEST(l.get<TorrentLifecycle::FetchingMetadata>() == nullptr);  // the magnet's data is gone
  BOOST_TEST(l.checked(false));
  BOOST_TEST((l.state() == TorrentState::downloading));
  BOOST_TEST(l.get<TorrentLifecycle::Checking>() == nullptr);
  BOOST_TEST(l.finished());
  BOOST_TEST((l.state() == TorrentState::seeding));
  BOOST_TEST(l.wants_more());
  BOOST_TEST((l.state() == TorrentState::downloading));

  const std::vector<Change> expected{{TorrentState::fetching_metadata, TorrentState::checking},
                                     {TorrentState::checking, TorrentState::downloading},
                                     {TorrentState::downloading, TorrentState::seeding},
                                     {TorrentState::seeding, TorrentState::downloading}};
  BOOST_TEST((changes == expected));
}

BOOST_AUTO_TEST_CASE(resume_bytes_read_while_fetching_pass_to_the_check) {
  auto f = fetching();
  f.resume_bytes = "d4:infod...ee";
  TorrentLifecycle l(std::move(f));
  BOOST_TEST(l.metadata_opened());
  const auto* checking = l.get<TorrentLifecycle::Checking>();
  BOOST_REQUIRE(checking != nullptr);
  BOOST_TEST(checking->resume_bytes.value_or("") == "d4:infod...ee");
  BOOST_TEST(checking->progress == 0.0);
}

BOOST_AUTO_TEST_CASE(a_complete_torrent_goes_from_checking_to_seeding) {
  std::vector<Change> changes;
  auto l = recording(TorrentLifecycle::Checking{}, changes);
  BOOST_TEST(l.checked(true));
  BOOST_TEST((l.state() == TorrentState::seeding));
  BOOST_TEST((changes == std::vector<Change>{{TorrentState::checking, TorrentState::seeding}}));
}

BOOST_AUTO_TEST_CASE(each_stage_allows_only_its_own_transitions) {
  const TorrentLifecycle from_fetching(fetching());
  const TorrentLifecycle from_checking(TorrentLifecycle::Checking{});
  const TorrentLifecycle from_downloading(TorrentLifecycle::Downloading{});
  const TorrentLifecycle from_seeding(TorrentLifecycle::Seeding{});
  const TorrentLifecycle from_failed(TorrentLifecycle::Failed{});

  auto a = try_each(from_fetching);
  BOOST_TEST((a.metadata_opened && !a.checked && !a.finished && !a.wants_more));
  a = try_each(from_checking);
  BOOST_TEST((!a.metadata_opened && a.checked && !a.finished && !a.wants_more));
  a = try_each(from_downloading);
  BOOST_TEST((!a.metadata_opened && !a.checked && a.finished && !a.wants_more));
  a = try_each(from_seeding);
  BOOST_TEST((!a.metadata_opened && !a.checked && !a.finished && a.wants_more));
  a = try_each(from_failed);
  BOOST_TEST((!a.metadata_opened && !a.checked && !a.finished && !a.wants_more));
}

BOOST_AUTO_TEST_CASE(a_refused_transition_changes_nothing_and_says_nothing) {
  std::vector<Change> changes;
  auto l = recording(TorrentLifecycle::Downloading{}, changes);
  BOOST_TEST(!l.metadata_opened());
  BOOST_TEST(!l.checked(true));
  BOOST_TEST(!l.wants_more());
  BOOST_TEST(!l.resume(Cause::user));
  BOOST_TEST(!l.resume_all());
  BOOST_TEST((l.state() == TorrentState::downloading));
  BOOST_TEST(changes.empty());
}

BOOST_AUTO_TEST_CASE(a_pause_holds_the_stage_which_still_moves_on_underneath) {
  std::vector<Change> changes;
  auto l = recording(TorrentLifecycle::Checking{}, changes);
  BOOST_TEST(l.pause(Cause::user));
  BOOST_TEST((l.state() == TorrentState::paused));
  BOOST_TEST((l.stage() == TorrentState::checking));
  // The check that was under way ends while paused: still paused, and no change is said.
  BOOST_TEST(l.checked(false));
  BOOST_TEST((l.state() == TorrentState::paused));
  BOOST_TEST((l.stage() == TorrentState::downloading));
  BOOST_TEST(l.finished());  // the last piece, written while paused
  BOOST_TEST(l.resume_all());
  BOOST_TEST((l.state() == TorrentState::seeding));  // where the stage is now, not where it was
  const std::vector<Change> expected{{TorrentState::checking, TorrentState::paused},
                                     {TorrentState::paused, TorrentState::seeding}};
  BOOST_TEST((changes == expected));
}

BOOST_AUTO_TEST_CASE(pause_causes_are_lifted_one_by_one) {
  TorrentLifecycle l(TorrentLifecycle::Downloading{});
  BOOST_TEST(l.pause(Cause::disk_full));
  BOOST_TEST(!l.pause(Cause::disk_full));  // a second piece of the same burst
  BOOST_TEST(l.pause(Cause::user));
  BOOST_TEST(l.paused_by(Cause::user));
  BOOST_TEST(l.paused_by(Cause::disk_full));
  // The disk has room again, but the user's pause stays.
  BOOST_TEST(l.resume(Cause::disk_full));
  BOOST_TEST((l.state() == TorrentState::paused));
  BOOST_TEST(!l.resume(Cause::disk_full));
  BOOST_TEST(l.resume(Cause::user));
  BOOST_TEST((l.state() == TorrentState::downloading));
}

BOOST_AUTO_TEST_CASE(the_users_resume_lifts_every_cause) {
  TorrentLifecycle l(TorrentLifecycle::Seeding{});
  BOOST_TEST(l.pause(Cause::disk_full));
  BOOST_TEST(l.pause(Cause::user));
  BOOST_TEST(l.resume_all());
  BOOST_TEST(!l.paused());
  BOOST_TEST((l.state() == TorrentState::seeding));
}

BOOST_AUTO_TEST_CASE(failing_is_final_drops_the_pause_and_keeps_why) {
  std::vector<Change> changes;
  auto l = recording(TorrentLifecycle::Downloading{}, changes);
  BOOST_TEST(l.pause(Cause::user));
  BOOST_TEST(l.fail(std::make_error_code(std::errc::io_error), "writing piece 3 to a/b"));
  BOOST_TEST((l.state() == TorrentState::failed));
  BOOST_TEST(!l.paused());
  const auto* failed = l.get<TorrentLifecycle::Failed>();
  BOOST_REQUIRE(failed != nullptr);
  BOOST_TEST((failed->why == std::errc::io_error));
  BOOST_TEST(failed->detail == "writing piece 3 to a/b");
  // Nothing leaves failed, and a second failure does not replace the first.
  BOOST_TEST(!l.fail(std::make_error_code(std::errc::no_space_on_device), "later"));
  BOOST_TEST(!l.pause(Cause::user));
  BOOST_TEST(!l.resume_all());
  BOOST_TEST(l.get<TorrentLifecycle::Failed>()->detail == "writing piece 3 to a/b");
  const std::vector<Change> expected{{TorrentState::downloading, TorrentState::paused},
                                     {TorrentState::paused, TorrentState::failed}};
  BOOST_TEST((changes == expected));
}

BOOST_AUTO_TEST_CASE(every_stage_can_fail) {
  for (auto stage : {TorrentLifecycle::Stage{fetching()}, TorrentLifecycle::Stage{TorrentLifecycle::Checking{}},
                     TorrentLifecycle::Stage{TorrentLifecycle::Downloading{}},
                     TorrentLifecycle::Stage{TorrentLifecycle::Seeding{}}}) {
    TorrentLifecycle l(std::move(stage));
    BOOST_TEST(l.fail(std::make_error_code(std::errc::io_error), "x"));
    BOOST_TEST(l.failed());
  }
}

BOOST_AUTO_TEST_SUITE_END()
