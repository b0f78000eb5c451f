// LEDBAT (RFC 6817) at work: UtpConnection pairs sending without pause through one
// simulated bottleneck (utp_sim_link.hpp): 20 Mbit/s, 20 ms one way, a drop-tail queue of
// about 300 ms. Many uTP flows share it fairly and fill it; a TCP-like flow (a connection
// whose delay target cannot be reached, so it grows one packet per round trip and halves
// on loss) beside them takes most of it, as LEDBAT yields; one uTP flow alone holds the
// queueing delay near its 100 ms target.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <vector>

#include "utp_connection.hpp"
#include "utp_sim_link.hpp"

namespace utp = corrent::transport_utp;
namespace sim = corrent::transport_utp::sim;
using sim::kMs;
using sim::kSec;

namespace {

constexpr std::uint64_t kRate = 20'000'000 / 8;           // bytes per second
constexpr std::uint64_t kOneWay = 20 * kMs;
constexpr std::uint64_t kQueueBytes = kRate * 300 / 1000;  // 300 ms of data

/// Flows through the bottleneck, each writing as fast as its send buffer takes and its
/// receiver reading everything.
class Bench {
 public:
  Bench() {
    net_.set_bottleneck(kRate, kQueueBytes);
    net_.on_tick = [this] { pump(); };
  }

  void add_flow(const utp::LedbatSettings& ledbat = {}) {
    utp::ConnectionSettings s;
    s.ledbat = ledbat;
    sim::PathConfig data{kOneWay, 0, 0, 0, true};
    sim::PathConfig acks{kOneWay, 0, 0, 0, false};
    const auto n = static_cast<std::uint16_t>(net_.size());
    net_.add_pair(s, s, data, acks, static_cast<std::uint16_t>(1000 + 997 * n), static_cast<std::uint16_t>(40000 + 991 * n));
  }

  /// Bytes each flow's receiver has had in order.
  [[nodiscard]] std::vector<double> received() {
    std::vector<double> out;
    for (std::size_t i = 0; i < net_.size(); ++i) {
      const auto& p = net_.pair(i);
      out.push_back(p.b ? static_cast<double>(p.b->stats().payload_received) : 0.0);
    }
    return out;
  }

  sim::SimLink& net() { return net_; }

 private:
  void pump() {
    for (std::size_t i = 0; i < net_.size(); ++i) {
      auto& p = net_.pair(i);
      if (p.a && p.a->state() == utp::ConnectionState::connected) {
        while (p.a->write(chunk_, net_.now()) > 0) {
        }
      }
      if (p.b) {
        while (p.b->read(sink_, net_.now()) > 0) {
        }
      }
    }
  }

  sim::SimLink net_{11};
  std::vector<std::uint8_t> chunk_ = std::vector<std::uint8_t>(64 * 1024, 0x5a);
  std::vector<std::uint8_t> sink_ = std::vector<std::uint8_t>(256 * 1024);
};

std::vector<double> minus(const std::vector<double>& a, const std::vector<double>& b) {
  std::vector<double> out(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) out[i] = a[i] - (i < b.size() ? b[i] : 0.0);
  return out;
}

double jain(const std::vector<double>& x) {
  const double sum = std::accumulate(x.begin(), x.end(), 0.0);
  const double squares = std::inner_product(x.begin(), x.end(), x.begin(), 0.0);
  return squares == 0 ? 0 : sum * sum / (static_cast<double>(x.size()) * squares);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(ledbat_fairness)

BOOST_AUTO_TEST_CASE(twenty_utp_flows_share_the_bottleneck_fairly_and_fill_it) {
  Bench bench;
  for (int i = 0; i < 20; ++i) bench.add_flow();
  bench.net().run_for(10 * kSec);
  const auto start = bench.received();
  const std::uint64_t span = 10 * kSec;
  bench.net().run_for(span);
  const auto got = minus(bench.received(), start);
  const double total = std::accumulate(got.begin(), got.end(), 0.0);
  const double utilisation = total / (static_cast<double>(kRate) * span / kSec);
  const double fairness = jain(got);
  BOOST_TEST_MESSAGE("20 uTP flows: Jain " << fairness << ", utilisation " << utilisation << ", min "
                                           << *std::min_element(got.begin(), got.end()) << " max "
                                           << *std::max_element(got.begin(), got.end()));
  BOOST_TEST(fairness >= 0.9);  // 0.996 measured, utilisation 0.986
  BOOST_TEST(utilisation >= 0.8);
}

BOOST_AUTO_TEST_CASE(a_tcp_like_flow_beside_twenty_utp_flows_is_not_starved) {
  Bench bench;
  for (int i = 0; i < 20; ++i) bench.add_flow();
  bench.net().run_for(5 * kSec);
  utp::LedbatSettings reno;
  reno.target_us = 10'000'000;  // never reached: one MSS per round trip, halving on loss
  bench.add_flow(reno);
  bench.net().run_for(10 * kSec);
  const auto start = bench.received();
  const std::uint64_t span = 10 * kSec;
  bench.net().run_for(span);
  const auto got = minus(bench.received(), start);
  const double total = std::accumulate(got.begin(), got.end(), 0.0);
  const double tcp_share = got.back() / total;
  const double utilisation = total / (static_cast<double>(kRate) * span / kSec);
  BOOST_TEST_MESSAGE("TCP-like flow's share " << tcp_share << ", utilisation " << utilisation);
  BOOST_TEST(tcp_share >= 0.6);  // 0.91 measured
  BOOST_TEST(utilisation >= 0.8);
}

BOOST_AUTO_TEST_CASE(one_utp_flow_keeps_the_queueing_delay_near_its_target) {
  Bench bench;
  bench.add_flow();
  bench.net().run_for(10 * kSec);
  auto& net = bench.net();
  const auto sum = net.queue_delay_sum_us;
  const auto samples = net.queue_samples;
  const auto start = bench.received();
  const std::uint64_t span = 10 * kSec;
  net.run_for(span);
  const double mean_ms =
      static_cast<double>(net.queue_delay_sum_us - sum) / static_cast<double>(net.queue_samples - samples) / 1000.0;
  const double utilisation = (bench.received()[0] - start[0]) / (static_cast<double>(kRate) * span / kSec);
  BOOST_TEST_MESSAGE("one uTP flow: mean queueing delay " << mean_ms << " ms, utilisation " << utilisation
                                                          << ", drops " << net.bottleneck_drops << ", LEDBAT's estimate "
                                                          << net.pair(0).a->congestion().queueing_delay_us() / 1000 << " ms");
  // The current delay is the least of the last few samples, so the queue settles a little
  // above the target (about 125 ms measured).
  BOOST_TEST(mean_ms >= 70.0);
  BOOST_TEST(mean_ms <= 160.0);
  BOOST_TEST(utilisation >= 0.9);
}

BOOST_AUTO_TEST_SUITE_END()
