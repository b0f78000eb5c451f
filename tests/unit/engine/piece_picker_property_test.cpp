// PiecePicker under random sequences of operations over several peers: the invariants
// hold after every step, and a download driven to the end finishes every wanted piece.

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <vector>

#include "corrent/engine/piece_picker.hpp"
#include "engine_test_util.hpp"

namespace {

using namespace corrent::engine;
using corrent::Bitfield;
using corrent::PieceIndex;

// How often the checks saw a block requested from several peers (end-game), and a
// piece fail: the scenarios must reach those paths.
std::size_t g_duplicates = 0;
std::size_t g_failures = 0;

struct Peer {
  PeerKey key;
  Bitfield has;
};

class Scenario {
 public:
  explicit Scenario(std::uint64_t seed)
      : rng_(seed), shape_(make_shape()), pk_(shape_, seed) {
    for (int i = 0; i < 5; ++i) join();
    for (std::uint32_t p = 0; p < shape_.piece_count; ++p) {
      if (one_in(5)) pk_.set_piece_priority(PieceIndex{p}, static_cast<std::uint8_t>(below(8)));
    }
    pk_.set_sequential(one_in(4));
  }

  void step() {
    switch (below(9)) {
      case 0: case 1: case 2: pick(); break;
      case 3: case 4: receive(); break;
      case 5: write(); break;
      case 6: cancel(); break;
      case 7: churn(); break;
      default: tweak(); break;
    }
  }

  /// Everything delivered by a new seed until finished (bounded).
  void finish() {
    for (const Peer& p : peers_) {
      pk_.on_peer_gone(p.key);
      pk_.remove_peer(p.has);
    }
    peers_.clear();
    for (const BlockRef b : std::vector<BlockRef>(received_.begin(), received_.end())) written(b);
    const Bitfield seed(shape_.piece_count, true);
    pk_.add_peer(seed);
    for (int i = 0; i < 10000 && !pk_.is_finished(); ++i) {
      const auto got = pk_.pick(next_key_, seed, 1 + below(40));
      BOOST_REQUIRE(!got.empty());
      for (const BlockRef b : got) {
        BOOST_REQUIRE(pk_.on_block_received(next_key_, b).accepted);
        received_.insert(b);
        written(b);
      }
      check();
    }
    BOOST_TEST(pk_.is_finished());
    BOOST_TEST(pk_.wanted_bytes_left() == 0u);
    for (std::uint32_t p = 0; p < shape_.piece_count; ++p) {
      if (pk_.piece_priority(PieceIndex{p}) > 0) BOOST_TEST(pk_.have(PieceIndex{p}));
    }
  }

  /// The invariants visible from outside, plus the picker's own.
  void check() {
    BOOST_REQUIRE_EQUAL(pk_.check_invariants(), "");
    std::map<BlockRef, std::set<PeerKey>> requesters;
    for (const Peer& p : peers_) {
      const auto reqs = pk_.requests_of(p.key);
      BOOST_REQUIRE_EQUAL(reqs.size(), pk_.outstanding(p.key));
      for (const BlockRef b : reqs) {
        BOOST_REQUIRE(requesters[b].insert(p.key).second);  // never twice to one peer
        BOOST_REQUIRE(!pk_.have(b.piece));
        BOOST_REQUIRE(!received_.contains(b));
      }
    }
    for (const auto& [b, who] : requesters) {
      BOOST_REQUIRE_LE(who.size(), kMaxEndgameDuplicates + 1);
      if (who.size() > 1) ++g_duplicates;
    }
  }

 private:
  static constexpr std::uint32_t kMaxPieces = 12;

  std::uint32_t below(std::uint32_t n) { return static_cast<std::uint32_t>(rng_() % n); }
  bool one_in(std::uint32_t n) { return below(n) == 0; }

  corrent::wire::TorrentShape make_shape() {
    const std::uint32_t pieces = 1 + below(kMaxPieces);
    const std::uint32_t length = (1 + below(5)) * kBlockSize;
    const std::uint64_t full = std::uint64_t{pieces} * length;
    return {pieces, length, full - below(length)};  // the last piece often shorter
  }

  void join() {
    Bitfield has(shape_.piece_count, one_in(3));
    if (!has.all()) {
      for (std::uint32_t p = 0; p < shape_.piece_count; ++p) {
        if (one_in(2)) has.set(PieceIndex{p});
      }
    }
    pk_.add_peer(has);
    peers_.push_back({next_key_++, has});
  }

  Peer& some_peer() { return peers_[below(static_cast<std::uint32_t>(peers_.size()))]; }

  void pick() {
    Peer& peer = some_peer();
    std::vector<PieceIndex> fast;
    for (int i = 0; i < 3; ++i) fast.push_back(PieceIndex{below(shape_.piece_count + 1)});
    const bool choked = one_in(4);
    const auto before = pk_.requests_of(peer.key);
    const auto got = pk_.pick(peer.key, peer.has, below(12), fast, choked);
    for (const BlockRef b : got) {
      BOOST_REQUIRE(peer.has.test(b.piece));
      BOOST_REQUIRE(pk_.piece_priority(b.piece) > 0);
      BOOST_REQUIRE(!pk_.have(b.piece));
      BOOST_REQUIRE(std::find(before.begin(), before.end(), b) == before.end());
      if (choked) BOOST_REQUIRE(std::find(fast.begin(), fast.end(), b.piece) != fast.end());
    }
  }

  void receive() {
    Peer& peer = some_peer();
    const auto reqs = pk_.requests_of(peer.key);
    BlockRef b = reqs.empty() || one_in(5)
                     ? pk_.block_at(PieceIndex{below(shape_.piece_count)}, below(5))
                     : reqs[below(static_cast<std::uint32_t>(reqs.size()))];
    const bool expected = std::find(reqs.begin(), reqs.end(), b) != reqs.end();
    const auto r = pk_.on_block_received(peer.key, b);
    BOOST_REQUIRE_EQUAL(r.accepted, expected);
    if (r.accepted) received_.insert(b);
    for (const PeerKey other : r.also_requested) BOOST_REQUIRE_NE(other, peer.key);
  }

  void write() {
    if (received_.empty()) return;
    auto it = received_.begin();
    std::advance(it, below(static_cast<std::uint32_t>(received_.size())));
    written(*it);
  }

  void written(BlockRef b) {
    received_.erase(b);
    if (!pk_.on_block_written(b)) return;
    if (one_in(4)) {
      const auto who = pk_.on_piece_failed(b.piece);
      BOOST_REQUIRE(!who.empty());
      ++g_failures;
    } else {
      pk_.on_piece_passed(b.piece);
    }
  }

  void cancel() {
    Peer& peer = some_peer();
    const auto reqs = pk_.requests_of(peer.key);
    if (!reqs.empty()) pk_.on_request_cancelled(peer.key, reqs[below(static_cast<std::uint32_t>(reqs.size()))]);
  }

  void churn() {
    const std::size_t i = below(static_cast<std::uint32_t>(peers_.size()));
    pk_.on_peer_gone(peers_[i].key);
    pk_.remove_peer(peers_[i].has);
    peers_.erase(peers_.begin() + static_cast<std::ptrdiff_t>(i));
    join();
  }

  void tweak() {
    const PieceIndex p{below(shape_.piece_count)};
    switch (below(4)) {
      case 0: pk_.set_piece_priority(p, static_cast<std::uint8_t>(below(9))); break;
      case 1: pk_.set_deadline(p, below(100)); break;
      case 2: pk_.clear_deadline(p); break;
      default: {
        Peer& peer = some_peer();
        if (!peer.has.test(p)) {
          peer.has.set(p);
          pk_.add_have(p);
        }
      }
    }
  }

  std::mt19937_64 rng_;
  corrent::wire::TorrentShape shape_;
  PiecePicker pk_;
  std::vector<Peer> peers_;
  std::set<BlockRef> received_;  // accepted, not written yet
  PeerKey next_key_ = 1;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(engine_piece_picker_property)

BOOST_AUTO_TEST_CASE(random_operations_keep_the_invariants_and_finish) {
  for (std::uint64_t seed = 1; seed <= 300; ++seed) {
    BOOST_TEST_CONTEXT("seed " << seed) {
      Scenario s(seed);
      for (int i = 0; i < 400; ++i) {
        s.step();
        s.check();
      }
      s.finish();
    }
  }
  BOOST_TEST(g_duplicates > 0u);
  BOOST_TEST(g_failures > 0u);
}

BOOST_AUTO_TEST_SUITE_END()
