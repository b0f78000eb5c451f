// UtpConnection (BEP 29) on a simulated path (utp_sim_link.hpp): the handshake, transfers
// clean and lossy, sequence numbers wrapping, FIN, RESET, the connect and idle timeouts,
// keep-alives, a receiver that stops reading, fast retransmit, MTU probing, and hostile
// packets (acks of nothing, huge windows, data past the window, floods).
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include <asio/error.hpp>

#include "test_bytes.hpp"
#include "utp_connection.hpp"
#include "utp_sim_link.hpp"

namespace utp = corrent::transport_utp;
namespace sim = corrent::transport_utp::sim;
using sim::kMs;
using sim::kSec;

namespace {

std::vector<std::uint8_t> pattern(std::size_t size, std::uint32_t seed) { return utp_test::pattern<std::uint8_t>(size, seed); }

/// One side of a transfer: writes `out` as room allows, reads everything into `in`.
struct Pump {
  std::vector<std::uint8_t> out;
  std::size_t written = 0;
  std::vector<std::uint8_t> in;
  bool reading = true;
  bool close_when_written = false;

  void step(utp::UtpConnection& c, std::uint64_t now) {
    if (written < out.size()) written += c.write(std::span(out).subspan(written), now);
    if (close_when_written && written == out.size()) c.close(now);
    if (!reading) return;
    std::array<std::uint8_t, 16384> buf{};
    while (const std::size_t n = c.read(buf, now)) in.insert(in.end(), buf.begin(), buf.begin() + n);
  }
};

/// A pair with a pump each side, stepped every tick.
struct Transfer {
  sim::SimLink::Pair* pair = nullptr;
  Pump a, b;
  void install(sim::SimLink& net) {
    net.on_tick = [this, &net] {
      if (pair->a) a.step(*pair->a, net.now());
      if (pair->b && pair->b->confirmed()) b.step(*pair->b, net.now());
    };
  }
};

sim::SimLink::Pair& connect(sim::SimLink& net, const utp::ConnectionSettings& s = {}, sim::PathConfig path = {},
                            std::uint16_t a_seq = 1000, std::uint16_t b_seq = 30000) {
  auto& p = net.add_pair(s, s, path, path, a_seq, b_seq);
  BOOST_REQUIRE(net.run_until([&] { return p.a->state() == utp::ConnectionState::connected; }, 10 * kSec));
  return p;
}

/// Connects, and confirms b with one byte from a.
sim::SimLink::Pair& connect_confirmed(sim::SimLink& net, const utp::ConnectionSettings& s = {},
                                      sim::PathConfig path = {}) {
  auto& p = connect(net, s, path);
  const std::array<std::uint8_t, 1> one{42};
  BOOST_REQUIRE(p.a->write(one, net.now()) == 1);
  BOOST_REQUIRE(net.run_until([&] { return p.b->readable() == 1; }, 5 * kSec));
  std::array<std::uint8_t, 1> got{};
  BOOST_REQUIRE(p.b->read(got, net.now()) == 1);
  return p;
}

utp::Packet forged(utp::PacketType type, std::uint16_t seq, std::uint16_t ack,
                   std::span<const std::uint8_t> payload = {}, std::uint32_t wnd = 1 << 20) {
  utp::Packet p;
  p.header.type = type;
  p.header.seq_nr = seq;
  p.header.ack_nr = ack;
  p.header.wnd_size = wnd;
  p.payload = payload;
  return p;
}

void run_transfer(sim::SimLink& net, Transfer& t, std::size_t a_bytes, std::size_t b_bytes, std::uint64_t limit) {
  t.a.out = pattern(a_bytes, 1);
  t.b.out = pattern(b_bytes, 2);
  t.install(net);
  const bool done = net.run_until([&] { return t.b.in.size() == a_bytes && t.a.in.size() == b_bytes; }, limit);
  BOOST_TEST_INFO("a got " << t.a.in.size() << ", b got " << t.b.in.size() << " at " << net.now());
  BOOST_REQUIRE(done);
  BOOST_TEST((t.b.in == t.a.out));
  BOOST_TEST((t.a.in == t.b.out));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(utp_connection)

BOOST_AUTO_TEST_CASE(handshake_connects_and_confirms_on_the_first_packet) {
  sim::SimLink net;
  auto& p = net.add_pair({}, {}, {}, {});
  BOOST_TEST((p.a->state() == utp::ConnectionState::syn_sent));
  net.run_until([&] { return p.b.has_value(); }, kSec);
  BOOST_REQUIRE(p.b.has_value());
  BOOST_TEST((p.b->state() == utp::ConnectionState::syn_received));
  BOOST_TEST(!p.b->confirmed());
  BOOST_TEST(p.b->recv_id() == p.a->send_id());
  BOOST_TEST(p.b->send_id() == p.a->recv_id());
  BOOST_REQUIRE(net.run_until([&] { return p.a->state() == utp::ConnectionState::connected; }, kSec));
  net.run_for(200 * kMs);
  BOOST_TEST(!p.b->confirmed());  // the dialler said nothing yet
  const std::array<std::uint8_t, 3> hello{1, 2, 3};
  BOOST_TEST(p.a->write(hello, net.now()) == 3u);
  BOOST_REQUIRE(net.run_until([&] { return p.b->confirmed(); }, kSec));
  BOOST_TEST((p.b->state() == utp::ConnectionState::connected));
  net.run_for(100 * kMs);
  BOOST_TEST(p.b->readable() == 3u);
  BOOST_TEST(net.misaddressed == 0u);
}

BOOST_AUTO_TEST_CASE(one_mebibyte_each_way_on_a_clean_path) {
  sim::SimLink net;
  Transfer t;
  t.pair = &connect(net);
  run_transfer(net, t, 1 << 20, 1 << 20, 60 * kSec);
  BOOST_TEST(t.pair->a->stats().resent == 0u);
  BOOST_TEST(t.pair->b->stats().resent == 0u);
  BOOST_TEST(t.pair->a->stats().timeouts == 0u);
  BOOST_TEST_MESSAGE("clean 1 MiB each way: " << (net.now() - kSec) / 1000 << " ms virtual");
}

BOOST_AUTO_TEST_CASE(two_mebibytes_with_loss_and_reordering) {
  sim::SimLink net(7);
  sim::PathConfig path;
  path.loss = 0.03;
  path.jitter_us = 5 * kMs;
  Transfer t;
  t.pair = &connect(net, {}, path);
  run_transfer(net, t, 2 << 20, 2 << 20, 300 * kSec);
  BOOST_TEST(t.pair->a->stats().resent > 0u);
  BOOST_TEST(t.pair->b->stats().resent > 0u);
  BOOST_TEST_MESSAGE("lossy 2 MiB each way: " << (net.now() - kSec) / 1000 << " ms virtual, a resent "
                                              << t.pair->a->stats().resent << ", fast "
                                              << t.pair->a->stats().fast_retransmits << ", timeouts "
                                              << t.pair->a->stats().timeouts);
}

BOOST_AUTO_TEST_CASE(sequence_numbers_wrap) {
  sim::SimLink net(3);
  sim::PathConfig path;
  path.loss = 0.01;
  Transfer t;
  t.pair = &connect(net, {}, path, 65530, 65500);
  run_transfer(net, t, 300'000, 300'000, 120 * kSec);
}

BOOST_AUTO_TEST_CASE(fin_after_writing_delivers_everything_then_eof) {
  sim::SimLink net;
  Transfer t;
  t.pair = &connect(net);
  auto& p = *t.pair;
  t.a.out = pattern(200'000, 5);
  t.a.close_when_written = true;
  t.install(net);
  BOOST_REQUIRE(net.run_until([&] { return p.b && p.b->at_eof(); }, 30 * kSec));
  BOOST_TEST((t.b.in == t.a.out));
  p.b->close(net.now());
  BOOST_REQUIRE(net.run_until([&] { return p.a->finished() && p.b->finished(); }, 30 * kSec));
  BOOST_TEST(!p.a->error());
  BOOST_TEST(!p.b->error());
}

BOOST_AUTO_TEST_CASE(both_sides_closing_at_once_end_cleanly) {
  sim::SimLink net;
  auto& p = connect_confirmed(net);
  p.a->close(net.now());
  p.b->close(net.now());  // the FINs cross
  BOOST_REQUIRE(net.run_until([&] { return p.a->finished() && p.b->finished(); }, 10 * kSec));
  BOOST_TEST(!p.a->error());
  BOOST_TEST(!p.b->error());
}

BOOST_AUTO_TEST_CASE(closing_side_waits_for_the_peers_fin_then_lingers_out) {
  sim::SimLink net;
  utp::ConnectionSettings s;
  s.linger_timeout = std::chrono::milliseconds(3000);
  auto& p = connect_confirmed(net, s);
  const std::uint64_t closed_at = net.now();
  p.a->close(net.now());
  net.run_for(500 * kMs);
  BOOST_TEST(p.b->at_eof());
  BOOST_TEST((p.a->state() == utp::ConnectionState::closing));  // its FIN is acked; theirs is not here
  // b never closes: a gives up after the linger bound and resets.
  BOOST_REQUIRE(net.run_until([&] { return p.a->finished(); }, 10 * kSec));
  BOOST_TEST(net.now() - closed_at >= 3 * kSec);
  BOOST_REQUIRE(net.run_until([&] { return p.b->finished(); }, kSec));
  BOOST_TEST((p.b->error() == asio::error::connection_reset));
}

BOOST_AUTO_TEST_CASE(reset_fails_the_peer_with_connection_reset) {
  sim::SimLink net;
  auto& p = connect_confirmed(net);
  p.a->reset();
  BOOST_TEST(p.a->finished());
  BOOST_REQUIRE(net.run_until([&] { return p.b->finished(); }, kSec));
  BOOST_TEST((p.b->error() == asio::error::connection_reset));
}

BOOST_AUTO_TEST_CASE(reset_answering_a_syn_is_connection_refused) {
  sim::SimLink net;
  auto& p = net.add_pair({}, {}, {}, {});
  p.refuse = true;
  BOOST_REQUIRE(net.run_until([&] { return p.a->finished(); }, 5 * kSec));
  BOOST_TEST((p.a->error() == asio::error::connection_refused));
  BOOST_TEST(net.now() - kSec < 100 * kMs);
}

BOOST_AUTO_TEST_CASE(syn_without_answer_times_out_after_its_resends) {
  sim::SimLink net;
  sim::PathConfig dead;
  dead.loss = 1.0;
  utp::ConnectionSettings s;
  auto& p = net.add_pair(s, s, dead, dead);
  BOOST_REQUIRE(net.run_until([&] { return p.a->finished(); }, 60 * kSec));
  BOOST_TEST((p.a->error() == asio::error::timed_out));
  BOOST_TEST(p.a->stats().packets_sent == 1 + s.syn_resends);
  // One initial timeout (1 s) per SYN, not doubled (libtorrent's 3 s connect timeout).
  const std::uint64_t took = net.now() - kSec;
  const std::uint64_t expected = (1 + s.syn_resends) * std::uint64_t{utp::kInitialRtoUs};
  BOOST_TEST_MESSAGE("SYN gave up after " << took / 1000 << " ms");
  BOOST_TEST(took >= expected);
  BOOST_TEST(took <= expected + sim::kTickUs);
}

BOOST_AUTO_TEST_CASE(receiver_that_stops_reading_stalls_the_sender_without_killing_it) {
  sim::SimLink net;
  utp::ConnectionSettings s;
  s.receive_buffer_bytes = 64 * 1024;
  s.send_buffer_bytes = 256 * 1024;
  Transfer t;
  t.pair = &connect(net, s);
  auto& p = *t.pair;
  t.a.out = pattern(1 << 20, 9);
  t.b.reading = false;
  t.install(net);
  std::uint64_t worst_flight = 0;
  std::size_t worst_buffered = 0;
  auto watch = [&] {
    worst_flight = std::max<std::uint64_t>(worst_flight, p.a->flight_bytes());
    if (p.b) worst_buffered = std::max(worst_buffered, p.b->receive_buffered());
    return false;
  };
  net.run_until(watch, 20 * kSec);
  BOOST_TEST(worst_buffered <= s.receive_buffer_bytes);
  BOOST_TEST(worst_flight <= s.receive_buffer_bytes);
  BOOST_TEST(p.b->receive_buffered() >= s.receive_buffer_bytes - p.a->packet_payload());
  BOOST_TEST(t.a.written < t.a.out.size());  // the sender stalled on its send buffer
  BOOST_REQUIRE((p.a->state() == utp::ConnectionState::connected));
  BOOST_REQUIRE((p.b->state() == utp::ConnectionState::connected));
  const auto sent_while_shut = p.a->stats().packets_sent;
  t.b.reading = true;
  const bool done = net.run_until([&] { return t.b.in.size() == t.a.out.size(); }, 60 * kSec);
  BOOST_TEST_INFO("b got " << t.b.in.size() << ", a state " << static_cast<int>(p.a->state()) << " error "
                           << p.a->error().message() << " flight " << p.a->flight_bytes() << " timeouts "
                           << p.a->stats().timeouts << " b state " << static_cast<int>(p.b->state()));
  BOOST_REQUIRE(done);
  BOOST_TEST((t.b.in == t.a.out));
  BOOST_TEST_MESSAGE("window shut 20 s: a sent " << sent_while_shut << " packets, worst flight " << worst_flight);
}

BOOST_AUTO_TEST_CASE(one_lost_data_packet_is_fast_retransmitted) {
  sim::SimLink net;
  Transfer t;
  t.pair = &connect(net);
  int data_packets = 0;
  net.drop = [&](std::size_t, bool to_b, const utp::Packet& packet) {
    return to_b && packet.header.type == utp::PacketType::data && ++data_packets == 30;
  };
  run_transfer(net, t, 400'000, 0, 30 * kSec);
  BOOST_TEST(data_packets >= 30);
  BOOST_TEST(t.pair->a->stats().fast_retransmits >= 1u);
  BOOST_TEST(t.pair->a->stats().timeouts == 0u);
  BOOST_TEST_MESSAGE("one loss: fast retransmits " << t.pair->a->stats().fast_retransmits << ", resent "
                                                   << t.pair->a->stats().resent << ", duplicates at b "
                                                   << t.pair->b->stats().duplicates_received);
  BOOST_TEST(t.pair->a->stats().resent == 1u);
}

BOOST_AUTO_TEST_CASE(mtu_probing_grows_the_packet_on_a_clean_path) {
  sim::SimLink net;
  Transfer t;
  t.pair = &connect(net);
  const std::uint32_t start = t.pair->a->packet_payload();
  BOOST_TEST(start == utp::kPacketSizeFloor - utp::kPacketOverhead);
  run_transfer(net, t, 1 << 20, 0, 30 * kSec);
  const std::uint32_t end = t.pair->a->packet_payload();
  BOOST_TEST_MESSAGE("payload " << start << " -> " << end << " after " << t.pair->a->stats().mtu_probes << " probes");
  BOOST_TEST(end > utp::kPacketSizeCeilingV4 - utp::kPacketOverhead - 20);
  BOOST_TEST(end <= utp::kPacketSizeCeilingV4 - utp::kPacketOverhead);
  BOOST_TEST(t.pair->a->stats().mtu_probes_lost == 0u);
}

BOOST_AUTO_TEST_CASE(mtu_probing_settles_below_a_smaller_path_mtu) {
  sim::SimLink net;
  sim::PathConfig path;
  path.max_packet_bytes = 1400;
  Transfer t;
  t.pair = &connect(net, {}, path);
  run_transfer(net, t, 1 << 20, 0, 60 * kSec);
  const std::uint32_t end = t.pair->a->packet_payload();
  BOOST_TEST_MESSAGE("payload settled at " << end << ", probes " << t.pair->a->stats().mtu_probes << ", lost "
                                           << t.pair->a->stats().mtu_probes_lost);
  BOOST_TEST(end + utp::kHeaderSize <= 1400u);
  BOOST_TEST(end > utp::kPacketSizeFloor - utp::kPacketOverhead);
  BOOST_TEST(t.pair->a->stats().mtu_probes_lost >= 1u);
}

BOOST_AUTO_TEST_CASE(keepalive_goes_out_after_the_idle_interval) {
  sim::SimLink net;
  utp::ConnectionSettings s;
  s.keepalive_interval = std::chrono::milliseconds(2000);
  s.idle_timeout = std::chrono::milliseconds(5000);
  auto& p = connect_confirmed(net, s);
  const auto a_sent = p.a->stats().packets_sent;
  const auto b_sent = p.b->stats().packets_sent;
  net.run_for(1900 * kMs);
  BOOST_TEST(p.a->stats().packets_sent == a_sent);
  net.run_for(20 * kSec);  // four times the idle timeout: keep-alives keep it up
  BOOST_TEST(p.a->stats().packets_sent > a_sent);
  BOOST_TEST(p.b->stats().packets_sent > b_sent);
  BOOST_TEST((p.a->state() == utp::ConnectionState::connected));
  BOOST_TEST((p.b->state() == utp::ConnectionState::connected));
}

BOOST_AUTO_TEST_CASE(idle_timeout_ends_a_connection_whose_peer_vanished) {
  sim::SimLink net;
  utp::ConnectionSettings s;
  s.keepalive_interval = std::chrono::milliseconds(2000);
  s.idle_timeout = std::chrono::milliseconds(5000);
  auto& p = connect_confirmed(net, s);
  p.a_to_b.loss = 1.0;
  p.b_to_a.loss = 1.0;
  const std::uint64_t vanished = net.now();
  BOOST_REQUIRE(net.run_until([&] { return p.a->finished() && p.b->finished(); }, 30 * kSec));
  BOOST_TEST((p.a->error() == asio::error::timed_out));
  BOOST_TEST((p.b->error() == asio::error::timed_out));
  BOOST_TEST(net.now() - vanished <= 5 * kSec + 20 * kMs);
}

BOOST_AUTO_TEST_SUITE(hostile)

BOOST_AUTO_TEST_CASE(ack_of_a_never_sent_packet_is_ignored) {
  sim::SimLink net;
  auto& p = connect_confirmed(net);
  // b sent no data: its next sequence number is still 30000.
  const auto before = p.b->stats();
  p.b->on_packet(forged(utp::PacketType::state, 1002, 30500), net.now());
  p.b->on_packet(forged(utp::PacketType::data, 1002, 31000), net.now());
  BOOST_TEST(p.b->stats().bad_acks == before.bad_acks + 2);
  BOOST_TEST(p.b->readable() == 0u);
  BOOST_TEST((p.b->state() == utp::ConnectionState::connected));
}

BOOST_AUTO_TEST_CASE(huge_window_does_not_let_the_flight_pass_the_congestion_window) {
  sim::SimLink net;
  utp::ConnectionSettings s;
  s.ledbat.max_cwnd_bytes = 64 * 1024;
  s.receive_buffer_bytes = 8 << 20;
  Transfer t;
  t.pair = &connect(net, s);
  auto& p = *t.pair;
  t.a.out = pattern(2 << 20, 3);
  t.install(net);
  auto pump = net.on_tick;
  std::uint32_t worst = 0;
  net.on_tick = [&] {
    pump();
    // Acks nothing new (the SYN's seq), opens the window to 4 GiB.
    p.a->on_packet(forged(utp::PacketType::state, 30000, 1000, {}, 0xffff'ffff), net.now());
    worst = std::max(worst, p.a->flight_bytes());
  };
  BOOST_REQUIRE(net.run_until([&] { return t.b.in.size() == t.a.out.size(); }, 60 * kSec));
  BOOST_TEST((t.b.in == t.a.out));
  BOOST_TEST(worst <= s.ledbat.max_cwnd_bytes + utp::kPacketSizeCeilingV4);
}

BOOST_AUTO_TEST_CASE(data_past_the_window_is_dropped_and_memory_stays_bounded) {
  sim::SimLink net;
  utp::ConnectionSettings s;
  s.receive_buffer_bytes = 64 * 1024;
  auto& p = connect_confirmed(net, s);
  // b has 1001 in order (the SYN was 1000, the confirming byte 1001).
  const std::vector<std::uint8_t> payload(1000, 7);
  const auto before = p.b->stats().out_of_window;
  p.b->on_packet(forged(utp::PacketType::data, 1001 + utp::kMaxReorderDistance, 30000 - 1, payload), net.now());
  p.b->on_packet(forged(utp::PacketType::data, 1001 + 30000, 30000 - 1, payload), net.now());
  BOOST_TEST(p.b->stats().out_of_window == before + 2);
  BOOST_TEST(p.b->receive_buffered() == 0u);
  // Every slot of the reorder range, each a packet: the buffer bound holds.
  for (std::uint16_t i = 2; i < utp::kMaxReorderDistance; ++i) {
    p.b->on_packet(forged(utp::PacketType::data, static_cast<std::uint16_t>(1001 + i), 30000 - 1, payload), net.now());
    BOOST_REQUIRE(p.b->receive_buffered() <= s.receive_buffer_bytes);
  }
  BOOST_TEST(p.b->stats().out_of_window > before + 1000);
  BOOST_TEST((p.b->state() == utp::ConnectionState::connected));
}

BOOST_AUTO_TEST_CASE(flood_of_duplicate_and_garbage_data_does_not_grow_memory) {
  sim::SimLink net;
  auto& p = connect_confirmed(net);
  const std::vector<std::uint8_t> payload(1200, 9);
  for (int i = 0; i < 5000; ++i) {
    p.b->on_packet(forged(utp::PacketType::data, 1003, 29999, payload), net.now());  // the same early packet
    p.b->on_packet(forged(utp::PacketType::data, static_cast<std::uint16_t>(1001 - i % 500), 29999, payload),
                   net.now());  // old ones
  }
  BOOST_TEST(p.b->receive_buffered() == payload.size());
  BOOST_TEST(p.b->stats().duplicates_received >= 9999u);
  // Headers of every kind with arbitrary numbers.
  std::uint32_t x = 12345;
  for (int i = 0; i < 20000; ++i) {
    x = x * 1664525u + 1013904223u;
    const auto type = static_cast<utp::PacketType>((x >> 8) % 3);  // data, fin, state
    x = x * 1664525u + 1013904223u;
    p.b->on_packet(forged(type, static_cast<std::uint16_t>(x), static_cast<std::uint16_t>(x >> 16),
                          std::span(payload).first((x >> 5) % 1200)),
                   net.now());
    BOOST_REQUIRE(p.b->receive_buffered() <= std::size_t{1} << 20);
  }
  BOOST_TEST(p.b->receive_buffered() <= std::size_t{1} << 20);
}

BOOST_AUTO_TEST_CASE(reset_flood_to_a_closed_connection_is_harmless) {
  sim::SimLink net;
  auto& p = connect_confirmed(net);
  p.a->reset();
  net.run_for(100 * kMs);
  BOOST_REQUIRE(p.b->finished());
  const auto a_sent = p.a->stats().packets_sent;
  const auto b_sent = p.b->stats().packets_sent;
  for (int i = 0; i < 10000; ++i) {
    p.a->on_packet(forged(utp::PacketType::reset, static_cast<std::uint16_t>(i), 0), net.now());
    p.b->on_packet(forged(utp::PacketType::reset, static_cast<std::uint16_t>(i), 0), net.now());
  }
  net.run_for(kSec);
  BOOST_TEST(p.a->stats().packets_sent == a_sent);
  BOOST_TEST(p.b->stats().packets_sent == b_sent);
  BOOST_TEST((p.b->error() == asio::error::connection_reset));
  BOOST_TEST(!p.a->error());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE_END()
