// BEP 15 packets: request layouts byte for byte, reply decoding, and every class of bad
// reply (short, wrong transaction id, wrong action, error action, bad stride).
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <vector>

#include "corrent/plugins/tracker_udp/packet.hpp"
#include "corrent/tracker/errc.hpp"
#include "corrent/tracker/limits.hpp"
#include "support/require_error.hpp"

using corrent::test::error_of;

namespace {

namespace tr = corrent::tracker;
namespace udp = corrent::tracker_udp;
using Bytes = std::vector<std::uint8_t>;

void put32(Bytes& b, std::uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) b.push_back(static_cast<std::uint8_t>(v >> s));
}

Bytes header(std::uint32_t action, std::uint32_t tid) {
  Bytes b;
  put32(b, action);
  put32(b, tid);
  return b;
}

Bytes announce_reply(std::uint32_t tid, std::uint32_t interval, std::size_t peer_bytes) {
  Bytes b = header(1, tid);
  put32(b, interval);
  put32(b, 7);  // leechers
  put32(b, 9);  // seeders
  for (std::size_t i = 0; i < peer_bytes; ++i) b.push_back(static_cast<std::uint8_t>(i % 5 + 1));
  return b;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(udp_tracker_packet)

BOOST_AUTO_TEST_CASE(connect_request_layout) {
  const Bytes expected{0x00, 0x00, 0x04, 0x17, 0x27, 0x10, 0x19, 0x80, 0, 0, 0, 0, 0x12, 0x34, 0x56, 0x78};
  BOOST_TEST(udp::encode_udp_connect(0x12345678) == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(announce_request_layout) {
  tr::AnnounceRequest r;
  r.info_hash.bytes.fill(0xaa);
  r.peer_id.bytes.fill(0xbb);
  r.downloaded = 0x0102;
  r.left = 0x0304;
  r.uploaded = 0x0506;
  r.event = tr::AnnounceEvent::started;
  r.key = 0xcafebabe;
  r.port = 6881;
  const Bytes p = udp::encode_udp_announce(0x1122334455667788ULL, 0x01020304, r);
  BOOST_REQUIRE(p.size() == 98u);
  BOOST_TEST(p[0] == 0x11);
  BOOST_TEST(p[7] == 0x88);
  BOOST_TEST(p[11] == 1);   // action announce
  BOOST_TEST(p[15] == 4);   // transaction id
  BOOST_TEST(p[16] == 0xaa);
  BOOST_TEST(p[36] == 0xbb);
  BOOST_TEST(p[62] == 0x01);  // downloaded
  BOOST_TEST(p[63] == 0x02);
  BOOST_TEST(p[71] == 0x04);  // left
  BOOST_TEST(p[79] == 0x06);  // uploaded
  BOOST_TEST(p[83] == 2);     // BEP 15: started is 2
  BOOST_TEST(p[87] == 0);     // ip 0
  BOOST_TEST(p[88] == 0xca);  // key
  BOOST_TEST((p[92] == 0xff && p[95] == 0xff));  // num_want -1
  BOOST_TEST(p[96] == 0x1a);  // port 6881
  BOOST_TEST(p[97] == 0xe1);
  BOOST_TEST(udp::udp_event(tr::AnnounceEvent::completed) == 1u);
  BOOST_TEST(udp::udp_event(tr::AnnounceEvent::stopped) == 3u);
  BOOST_TEST(udp::udp_event(tr::AnnounceEvent::none) == 0u);
}

BOOST_AUTO_TEST_CASE(scrape_request_layout) {
  std::vector<corrent::metainfo::InfoHash> hashes(2);
  hashes[1].bytes.fill(0x77);
  const Bytes p = udp::encode_udp_scrape(1, 2, hashes);
  BOOST_REQUIRE(p.size() == 16u + 40u);
  BOOST_TEST(p[11] == 2);
  BOOST_TEST(p[36] == 0x77);
}

BOOST_AUTO_TEST_CASE(connect_reply) {
  Bytes b = header(0, 42);
  put32(b, 0xa1a2a3a4);
  put32(b, 0xb1b2b3b4);
  BOOST_TEST(*udp::decode_udp_connect(b, 42) == 0xa1a2a3a4b1b2b3b4ULL);
  BOOST_TEST((error_of(udp::decode_udp_connect(b, 43)).code == tr::errc::wrong_transaction_id));
  b.pop_back();
  BOOST_TEST((error_of(udp::decode_udp_connect(b, 42)).code == tr::errc::bad_packet_length));
  BOOST_TEST((error_of(udp::decode_udp_connect(Bytes{0, 0, 0}, 42)).code == tr::errc::bad_packet_length));
}

BOOST_AUTO_TEST_CASE(announce_reply_ipv4_and_ipv6) {
  const auto v4 = udp::decode_udp_announce(announce_reply(5, 1800, 12), 5, udp::UdpFamily::v4);
  BOOST_REQUIRE(v4);
  BOOST_TEST(v4->interval.count() == 1800);
  BOOST_TEST(*v4->incomplete == 7u);
  BOOST_TEST(*v4->complete == 9u);
  BOOST_TEST(*v4->transaction_id == 5u);
  BOOST_REQUIRE(v4->peers.size() == 2u);
  BOOST_TEST(v4->peers[0].to_string() == "1.2.3.4:1281");  // 5, 1 -> port 0x0501
  const auto v6 = udp::decode_udp_announce(announce_reply(5, 1800, 36), 5, udp::UdpFamily::v6);
  BOOST_REQUIRE(v6);
  BOOST_TEST(v6->peers.size() == 2u);
  BOOST_TEST(v6->peers[0].is_v6());
  // Interval 0 is replaced, as over HTTP.
  BOOST_TEST((udp::decode_udp_announce(announce_reply(5, 0, 0), 5, udp::UdpFamily::v4)->interval ==
              tr::kDefaultInterval));
}

BOOST_AUTO_TEST_CASE(announce_reply_errors) {
  // A 7-byte peer tail: not a multiple of the stride.
  BOOST_TEST((error_of(udp::decode_udp_announce(announce_reply(5, 60, 13), 5, udp::UdpFamily::v4)).code ==
              tr::errc::bad_packet_length));
  // 12 bytes are two IPv4 peers but not a whole IPv6 one.
  BOOST_TEST((error_of(udp::decode_udp_announce(announce_reply(5, 60, 12), 5, udp::UdpFamily::v6)).code ==
              tr::errc::bad_packet_length));
  BOOST_TEST((error_of(udp::decode_udp_announce(announce_reply(6, 60, 0), 5, udp::UdpFamily::v4)).code ==
              tr::errc::wrong_transaction_id));
  Bytes connect = header(0, 5);
  connect.resize(20);
  BOOST_TEST((error_of(udp::decode_udp_announce(connect, 5, udp::UdpFamily::v4)).code == tr::errc::wrong_action));
  Bytes short_reply = announce_reply(5, 60, 0);
  short_reply.resize(19);
  BOOST_TEST((error_of(udp::decode_udp_announce(short_reply, 5, udp::UdpFamily::v4)).code ==
              tr::errc::bad_packet_length));
}

BOOST_AUTO_TEST_CASE(error_action_becomes_failure_with_text) {
  Bytes b = header(3, 9);
  for (const char c : std::string("unregistered torrent")) b.push_back(static_cast<std::uint8_t>(c));
  const auto e = error_of(udp::decode_udp_announce(b, 9, udp::UdpFamily::v4));
  BOOST_TEST((e.code == tr::errc::tracker_failure));
  BOOST_TEST(e.message == "unregistered torrent");
  BOOST_TEST((error_of(udp::decode_udp_scrape(b, 9, {})).code == tr::errc::tracker_failure));
  // An error for someone else's transaction is not ours to report.
  BOOST_TEST((error_of(udp::decode_udp_connect(b, 10)).code == tr::errc::wrong_transaction_id));
  // A long text is cut at the bound.
  Bytes long_error = header(3, 9);
  long_error.resize(8 + udp::kMaxUdpErrorMessage + 1, 'x');
  BOOST_TEST(error_of(udp::decode_udp_connect(long_error, 9)).message.size() == udp::kMaxUdpErrorMessage);
}

// Issue 22: a refusal without text is still a refusal, never "a reply of a bad length".
BOOST_AUTO_TEST_CASE(error_action_without_text_is_a_refusal) {
  const Bytes empty = header(3, 9);
  for (const auto& e : {udp::decode_udp_connect(empty, 9).error(),
                        udp::decode_udp_announce(empty, 9, udp::UdpFamily::v4).error(),
                        udp::decode_udp_scrape(empty, 9, {}).error()}) {
    BOOST_TEST((e.code == tr::errc::tracker_failure));
    BOOST_TEST(e.message == udp::kUdpRefusalNoReason);
  }
  // A C string's NULs and trailing blanks are not a reason either.
  Bytes nuls = header(3, 9);
  for (const char c : std::string("\0\0 \n", 4)) nuls.push_back(static_cast<std::uint8_t>(c));
  BOOST_TEST(udp::decode_udp_announce(nuls, 9, udp::UdpFamily::v4).error().message == udp::kUdpRefusalNoReason);
  // A one-byte text is kept as it is.
  Bytes one = header(3, 9);
  one.push_back('?');
  BOOST_TEST(udp::decode_udp_announce(one, 9, udp::UdpFamily::v6).error().message == "?");
}

// Debian's opentracker answers an announce for a torrent missing from its whitelist with
// the announce header alone (measured: 8 bytes, action 1): a refusal. 9 to 19 bytes stay
// a bad length, and a wrong transaction id is still not ours.
BOOST_AUTO_TEST_CASE(announce_header_alone_is_a_refusal) {
  const auto e = udp::decode_udp_announce(header(1, 5), 5, udp::UdpFamily::v4).error();
  BOOST_TEST((e.code == tr::errc::tracker_failure));
  BOOST_TEST(e.message == udp::kUdpEmptyAnnounceReply);
  BOOST_TEST((udp::decode_udp_announce(header(1, 6), 5, udp::UdpFamily::v4).error().code ==
              tr::errc::wrong_transaction_id));
  Bytes nine = header(1, 5);
  nine.push_back(0);
  BOOST_TEST((udp::decode_udp_announce(nine, 5, udp::UdpFamily::v4).error().code == tr::errc::bad_packet_length));
  // A connect or scrape reply of 8 bytes is no such refusal: a scrape of nothing, a short connect.
  BOOST_TEST((udp::decode_udp_connect(header(0, 5), 5).error().code == tr::errc::bad_packet_length));
}

BOOST_AUTO_TEST_CASE(scrape_reply) {
  std::vector<corrent::metainfo::InfoHash> asked(2);
  asked[1].bytes.fill(1);
  Bytes b = header(2, 4);
  for (std::uint32_t v : {1u, 2u, 3u, 4u, 5u, 6u}) put32(b, v);
  const auto r = udp::decode_udp_scrape(b, 4, asked);
  BOOST_REQUIRE(r);
  BOOST_REQUIRE(r->files.size() == 2u);
  BOOST_TEST((r->files[1].first == asked[1]));
  BOOST_TEST((r->files[1].second == tr::ScrapeEntry{4, 5, 6}));
  BOOST_TEST(r->transaction_id.value_or(0) == 4u);
  // Fewer entries than asked: the first ones.
  Bytes one = header(2, 4);
  for (std::uint32_t v : {1u, 2u, 3u}) put32(one, v);
  BOOST_TEST(udp::decode_udp_scrape(one, 4, asked)->files.size() == 1u);
  // More than asked, or not whole entries.
  put32(b, 7);
  put32(b, 8);
  put32(b, 9);
  BOOST_TEST((error_of(udp::decode_udp_scrape(b, 4, asked)).code == tr::errc::bad_packet_length));
  one.pop_back();
  BOOST_TEST((error_of(udp::decode_udp_scrape(one, 4, asked)).code == tr::errc::bad_packet_length));
}

BOOST_AUTO_TEST_SUITE_END()
