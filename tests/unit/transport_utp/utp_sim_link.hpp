#pragma once
// SimLink: a deterministic simulated network for UtpConnection pairs on a virtual
// microsecond clock. Each pair's `a` dials its `b` (b is made by UtpConnection::accept()
// when the SYN arrives). A packet sent on a path is lost with a seeded probability, dropped
// when larger than the path's MTU, optionally queued at a bottleneck shared by every flow
// (a rate and a drop-tail queue), then delivered after the one-way delay plus an optional
// jitter (which reorders). run_until() delivers packets at their time (decode_packet, then
// on_packet on the right connection) and ticks every connection each kTickInterval.
#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "utp_connection.hpp"
#include "utp_packet.hpp"
#include "utp_settings.hpp"

namespace corrent::transport_utp::sim {

inline constexpr std::uint64_t kMs = 1000;
inline constexpr std::uint64_t kSec = 1'000'000;
inline constexpr std::uint64_t kTickUs = std::chrono::microseconds(kTickInterval).count();

struct PathConfig {
  std::uint64_t delay_us = 10 * kMs;  ///< one way
  double loss = 0;                    ///< probability that a packet is lost
  std::uint64_t jitter_us = 0;        ///< extra delay, uniform in [0, jitter_us): reorders
  std::size_t max_packet_bytes = 0;   ///< larger packets are dropped; 0: no limit
  bool bottleneck = false;            ///< through the shared bottleneck queue first
};

class SimLink {
 public:
  class Port final : public PacketSink {
   public:
    Port(SimLink& link, std::size_t pair, bool to_b) : link_(&link), pair_(pair), to_b_(to_b) {}
    bool send(std::span<const std::uint8_t> packet) override {
      link_->send(pair_, to_b_, packet);
      return true;
    }

   private:
    SimLink* link_;
    std::size_t pair_;
    bool to_b_;
  };

  struct Pair {
    Pair(SimLink& link, std::size_t index) : to_b(link, index, true), to_a(link, index, false) {}
    Port to_b;  ///< a's sink
    Port to_a;  ///< b's sink
    PathConfig a_to_b, b_to_a;
    ConnectionSettings b_settings;
    std::uint16_t b_first_seq = 0;
    bool refuse = false;  ///< b answers the SYN with a RESET, as a host with no listener
    std::optional<UtpConnection> a, b;
    std::uint64_t dropped = 0;  ///< lost on a path or at the MTU (not at the bottleneck)
  };

  explicit SimLink(std::uint64_t seed = 1) : rng_(seed) {}

  [[nodiscard]] std::uint64_t now() const { return now_; }
  [[nodiscard]] std::size_t size() const { return pairs_.size(); }
  Pair& pair(std::size_t i) { return *pairs_[i]; }

  /// Adds a pair; its `a` sends its SYN now.
  Pair& add_pair(const ConnectionSettings& a, const ConnectionSettings& b, PathConfig a_to_b, PathConfig b_to_a,
                 std::uint16_t a_first_seq = 1000, std::uint16_t b_first_seq = 30000) {
    const std::size_t index = pairs_.size();
    pairs_.push_back(std::make_unique<Pair>(*this, index));
    Pair& p = *pairs_.back();
    p.a_to_b = a_to_b;
    p.b_to_a = b_to_a;
    p.b_settings = b;
    p.b_first_seq = b_first_seq;
    p.a.emplace(a, p.to_b, static_cast<std::uint16_t>(100 + 2 * index), a_first_seq, now_);
    p.a->send_syn(now_);
    return p;
  }

  /// The shared bottleneck: `rate` bytes per second, a drop-tail queue of `limit` bytes.
  void set_bottleneck(std::uint64_t rate_bytes_per_s, std::uint64_t queue_limit_bytes) {
    rate_ = rate_bytes_per_s;
    queue_limit_ = queue_limit_bytes;
  }

  /// Runs until `done()` or `limit_us` of virtual time have passed; returns done().
  bool run_until(const std::function<bool()>& done, std::uint64_t limit_us) {
    const std::uint64_t end = now_ + limit_us;
    while (!done()) {
      const std::uint64_t next_packet = queue_.empty() ? UINT64_MAX : queue_.begin()->first.first;
      const std::uint64_t at = std::min(next_packet, next_tick_);
      if (at > end) {
        now_ = end;
        return done();
      }
      now_ = at;
      if (next_packet <= next_tick_) {
        auto node = queue_.extract(queue_.begin());
        deliver(node.mapped());
      } else {
        tick();
      }
    }
    return true;
  }
  void run_for(std::uint64_t us) { run_until([] { return false; }, us); }

  /// Extra drops (tests): true drops the packet. Called for each packet sent.
  std::function<bool(std::size_t pair, bool to_b, const Packet&)> drop;
  /// The application's step, called on each tick before the connections' timers.
  std::function<void()> on_tick;

  // The bottleneck's record.
  std::uint64_t bottleneck_drops = 0;
  std::uint64_t queue_delay_sum_us = 0;  ///< waiting time of the packets it took
  std::uint64_t queue_samples = 0;
  std::uint64_t misaddressed = 0;  ///< wrong connection id for the connection it reached
  std::uint64_t undecodable = 0;

 private:
  struct InFlight {
    std::size_t pair;
    bool to_b;
    std::vector<std::uint8_t> bytes;
  };

  double uniform() {  // splitmix64: the same numbers on every platform
    std::uint64_t z = (rng_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return static_cast<double>((z ^ (z >> 31)) >> 11) / static_cast<double>(1ULL << 53);
  }

  void send(std::size_t pair_index, bool to_b, std::span<const std::uint8_t> bytes) {
    Pair& p = *pairs_[pair_index];
    const PathConfig& path = to_b ? p.a_to_b : p.b_to_a;
    if (drop) {
      if (auto decoded = decode_packet(bytes); decoded && drop(pair_index, to_b, *decoded)) return;
    }
    if ((path.max_packet_bytes != 0 && bytes.size() > path.max_packet_bytes) ||
        (path.loss > 0 && uniform() < path.loss)) {
      ++p.dropped;
      return;
    }
    std::uint64_t at = now_;
    if (path.bottleneck && rate_ != 0) {
      const std::uint64_t wait = free_at_ > now_ ? free_at_ - now_ : 0;
      if (wait * rate_ / kSec + bytes.size() > queue_limit_) {
        ++bottleneck_drops;
        return;
      }
      queue_delay_sum_us += wait;
      ++queue_samples;
      free_at_ = now_ + wait + bytes.size() * kSec / rate_;
      at = free_at_;
    }
    at += path.delay_us;
    if (path.jitter_us != 0) at += static_cast<std::uint64_t>(uniform() * static_cast<double>(path.jitter_us));
    queue_.emplace(std::pair{at, order_++}, InFlight{pair_index, to_b, {bytes.begin(), bytes.end()}});
  }

  void deliver(const InFlight& f) {
    auto packet = decode_packet(f.bytes);
    if (!packet) {
      ++undecodable;
      return;
    }
    Pair& p = *pairs_[f.pair];
    const auto& h = packet->header;
    if (f.to_b && !p.b) {
      if (h.type != PacketType::syn) return;  // nobody there yet
      if (p.refuse) return refuse(p, h);
      p.b.emplace(UtpConnection::accept(p.b_settings, p.to_a, *packet, p.b_first_seq, now_));
      return;
    }
    UtpConnection& c = f.to_b ? *p.b : *p.a;
    const bool syn = h.type == PacketType::syn;
    if (h.connection_id != (syn ? static_cast<std::uint16_t>(c.recv_id() - 1) : c.recv_id())) {
      ++misaddressed;
      return;
    }
    c.on_packet(*packet, now_);
  }

  void refuse(Pair& p, const PacketHeader& syn) {
    PacketHeader h;
    h.type = PacketType::reset;
    h.connection_id = syn.connection_id;
    h.timestamp_us = static_cast<std::uint32_t>(now_);
    h.ack_nr = syn.seq_nr;
    std::vector<std::uint8_t> bytes(kHeaderSize);
    encode_packet(h, {}, {}, bytes);
    p.to_a.send(bytes);
  }

  void tick() {
    next_tick_ = now_ + kTickUs;
    if (on_tick) on_tick();
    for (auto& p : pairs_) {
      if (p->a) p->a->on_tick(now_);
      if (p->b) p->b->on_tick(now_);
    }
  }

  std::uint64_t rng_;
  std::uint64_t now_ = kSec;  // timestamp 0 means "none" on the wire: start later
  std::uint64_t next_tick_ = kSec + kTickUs;
  std::vector<std::unique_ptr<Pair>> pairs_;
  std::map<std::pair<std::uint64_t, std::uint64_t>, InFlight> queue_;  // by (time, order)
  std::uint64_t order_ = 0;
  std::uint64_t rate_ = 0;
  std::uint64_t queue_limit_ = 0;
  std::uint64_t free_at_ = 0;  // when the bottleneck has sent what it holds
};

}  // namespace corrent::transport_utp::sim
