// The corrent client's progress line: percent, rates, peers and ETA, within the width.
#include <boost/test/unit_test.hpp>

#include "progress_bar.hpp"

using corrent::engine::TorrentState;
using corrent::engine::TorrentStatus;
using namespace corrent::cli;

namespace {

TorrentStatus downloading(std::uint64_t done, std::uint64_t total, std::uint64_t rate) {
  TorrentStatus s;
  s.state = TorrentState::downloading;
  s.wanted_total = total;
  s.wanted_done = done;
  s.download_rate = rate;
  s.upload_rate = 1024;
  s.peers = 3;
  return s;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(progress_bar)

BOOST_AUTO_TEST_CASE(eta_formats) {
  BOOST_TEST(format_eta(0, 0) == "0:00");
  BOOST_TEST(format_eta(100, 0) == "--:--");
  BOOST_TEST(format_eta(42, 1) == "0:42");
  BOOST_TEST(format_eta(43, 2) == "0:22");  // rounded up: never says done too early
  BOOST_TEST(format_eta(3723, 1) == "1:02:03");
  BOOST_TEST(format_eta(3 * 86400 + 4 * 3600 + 59, 1) == "3d 04h");
}

BOOST_AUTO_TEST_CASE(rates_in_binary_units) {
  BOOST_TEST(format_rate(0) == "0 B/s");
  BOOST_TEST(format_rate(1536) == "1.5 KiB/s");
  BOOST_TEST(format_rate(3 * 1024 * 1024) == "3.0 MiB/s");
}

BOOST_AUTO_TEST_CASE(percent_of_wanted_bytes) {
  BOOST_TEST(wanted_percent(downloading(0, 1000, 0)) == 0.0);
  BOOST_TEST(wanted_percent(downloading(250, 1000, 0)) == 25.0);
  BOOST_TEST(wanted_percent(downloading(2000, 1000, 0)) == 100.0);  // never above 100
  BOOST_TEST(wanted_percent(downloading(0, 0, 0)) == 100.0);        // nothing wanted
}

BOOST_AUTO_TEST_CASE(line_has_percent_rates_peers_eta) {
  const auto line = render_progress(downloading(512 * 1024, 1024 * 1024, 64 * 1024), 100);
  BOOST_TEST(line.size() == 100u);
  BOOST_TEST(line.find(" 50.0%") != std::string::npos, line);
  BOOST_TEST(line.find("64.0 KiB/s down") != std::string::npos, line);
  BOOST_TEST(line.find("1.0 KiB/s up") != std::string::npos, line);
  BOOST_TEST(line.find("3 peers") != std::string::npos, line);
  BOOST_TEST(line.find("ETA 0:08") != std::string::npos, line);
  // Half the bar's cells are full.
  const auto open = line.find('['), close = line.find(']');
  const auto cells = close - open - 1;
  const auto full = static_cast<std::size_t>(std::count(line.begin() + open, line.begin() + close, '#'));
  BOOST_TEST(full == cells / 2);
}

BOOST_AUTO_TEST_CASE(one_peer_is_singular) {
  auto s = downloading(0, 10, 0);
  s.peers = 1;
  BOOST_TEST(render_progress(s, 100).find("1 peer ") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(checking_shows_check_progress) {
  TorrentStatus s;
  s.state = TorrentState::checking;
  s.check_progress = 0.25;
  const auto line = render_progress(s, 80);
  BOOST_TEST(line.find(" 25.0%  checking") != std::string::npos, line);
  BOOST_TEST(line.find("ETA") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_magnet_without_metadata_says_so) {
  TorrentStatus s;
  s.state = TorrentState::fetching_metadata;
  s.peers = 2;
  const auto line = render_progress(s, 80);
  BOOST_TEST(line.find("  0.0%    2 peers  fetching metadata") != std::string::npos, line);
  BOOST_TEST(line.find("ETA") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(finished_says_seeding) {
  auto s = downloading(10, 10, 0);
  s.state = TorrentState::seeding;
  s.finished = true;
  const auto line = render_progress(s, 100);
  BOOST_TEST(line.find("100.0%") != std::string::npos, line);
  BOOST_TEST(line.find("seeding") != std::string::npos, line);
}

BOOST_AUTO_TEST_CASE(width_is_respected_down_to_the_minimum) {
  const auto s = downloading(1, 3, 1000000);
  for (std::size_t width : {kMinProgressWidth, kMinProgressWidth + 1, std::size_t{60}, std::size_t{200}}) {
    BOOST_TEST(render_progress(s, width).size() <= width);
  }
  // Narrower than the minimum is drawn at the minimum.
  BOOST_TEST(render_progress(s, kMinProgressWidth - 1).size() == render_progress(s, kMinProgressWidth).size());
  BOOST_TEST(render_progress(s, 0).size() <= kMinProgressWidth);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(progress_bar_width)

// The bar's cells, from '[' to ']', of a line.
std::size_t bar_cells(const std::string& line) { return line.find(']') - line.find('[') - 1; }

BOOST_AUTO_TEST_CASE(bar_keeps_its_width_whatever_the_numbers_and_state) {
  std::vector<TorrentStatus> states;
  for (const std::uint64_t rate : {0ull, 1023ull, 1536ull, 999ull * 1024 * 1024, 1023ull * 1024 * 1024 * 1024}) {
    for (const std::uint32_t peers : {0u, 1u, 27u, 200u}) {
      auto s = downloading(1000, 1 << 30, rate);
      s.upload_rate = rate / 3;
      s.peers = peers;
      states.push_back(s);
    }
  }
  auto seeding = downloading(1 << 30, 1 << 30, 0);
  seeding.state = TorrentState::seeding;
  seeding.finished = true;
  states.push_back(seeding);
  TorrentStatus checking;
  checking.state = TorrentState::checking;
  checking.check_progress = 0.5;
  states.push_back(checking);
  TorrentStatus fetching;
  fetching.state = TorrentState::fetching_metadata;
  states.push_back(fetching);
  const auto first = render_progress(states.front(), 120);
  for (const auto& s : states) {
    const auto line = render_progress(s, 120);
    BOOST_TEST(line.size() == 120u, line);
    BOOST_TEST(bar_cells(line) == bar_cells(first), line);
    // The percent sits at the same column too.
    BOOST_TEST(line.find('%') == first.find('%'), line);
  }
}

BOOST_AUTO_TEST_SUITE_END()
