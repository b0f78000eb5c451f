#include "corrent/plugins/tracker_udp/packet.hpp"

#include <algorithm>
#include <string>

#include "corrent/tracker/errc.hpp"
#include "corrent/tracker/response_fields.hpp"

namespace corrent::tracker_udp {

using tracker::AnnounceEvent;
using tracker::AnnounceRequest;
using tracker::AnnounceResponse;
using tracker::errc;
using tracker::ScrapeEntry;
using tracker::ScrapeResponse;
using tracker::tracker_fail;
using tracker::TrackerResult;

namespace {

void put32(std::vector<std::uint8_t>& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(v >> shift));
}

void put64(std::vector<std::uint8_t>& out, std::uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(v >> shift));
}

void put_bytes(std::vector<std::uint8_t>& out, std::span<const std::uint8_t> bytes) {
  out.insert(out.end(), bytes.begin(), bytes.end());
}

std::uint32_t get32(std::span<const std::uint8_t> p, std::size_t at) {
  return (std::uint32_t{p[at]} << 24) | (std::uint32_t{p[at + 1]} << 16) |
         (std::uint32_t{p[at + 2]} << 8) | std::uint32_t{p[at + 3]};
}

std::uint64_t get64(std::span<const std::uint8_t> p, std::size_t at) {
  return (std::uint64_t{get32(p, at)} << 32) | get32(p, at + 4);
}

// The checks every reply goes through before its body is read: header, transaction id,
// error action, expected action, minimum length.
TrackerResult<void> check_reply(std::span<const std::uint8_t> packet, std::uint32_t transaction_id,
                                UdpAction expected, std::size_t min_size) {
  const auto header = peek_udp_header(packet);
  if (!header) return tracker_fail(errc::bad_packet_length, std::to_string(packet.size()) + " bytes");
  if (header->transaction_id != transaction_id) return tracker_fail(errc::wrong_transaction_id);
  if (header->action == static_cast<std::uint32_t>(UdpAction::error)) {
    const auto text = packet.subspan(8, std::min(packet.size() - 8, kMaxUdpErrorMessage));
    std::string message(text.begin(), text.end());
    // Some trackers end the text with NULs (a C string) or send none at all: still a refusal.
    while (!message.empty() && (message.back() == '\0' || message.back() == ' ' || message.back() == '\n')) {
      message.pop_back();
    }
    if (message.empty()) message = kUdpRefusalNoReason;
    return tracker_fail(errc::tracker_failure, std::move(message));
  }
  if (header->action != static_cast<std::uint32_t>(expected)) {
    return tracker_fail(errc::wrong_action, "action " + std::to_string(header->action));
  }
  if (packet.size() < min_size) {
    return tracker_fail(errc::bad_packet_length, std::to_string(packet.size()) + " bytes");
  }
  return {};
}

std::span<const std::uint8_t> bytes_of(const metainfo::InfoHash& h) { return h.bytes; }

}  // namespace

std::optional<UdpReplyHeader> peek_udp_header(std::span<const std::uint8_t> packet) {
  if (packet.size() < 8) return std::nullopt;
  return UdpReplyHeader{get32(packet, 0), get32(packet, 4)};
}

std::uint32_t udp_event(AnnounceEvent event) {
  switch (event) {
    case AnnounceEvent::none: return 0;
    case AnnounceEvent::completed: return 1;
    case AnnounceEvent::started: return 2;
    case AnnounceEvent::stopped: return 3;
  }
  return 0;
}

std::vector<std::uint8_t> encode_udp_connect(std::uint32_t transaction_id) {
  std::vector<std::uint8_t> out;
  out.reserve(16);
  put64(out, kUdpProtocolId);
  put32(out, static_cast<std::uint32_t>(UdpAction::connect));
  put32(out, transaction_id);
  return out;
}

std::vector<std::uint8_t> encode_udp_announce(std::uint64_t connection_id,
                                              std::uint32_t transaction_id,
                                              const AnnounceRequest& request) {
  std::vector<std::uint8_t> out;
  out.reserve(98);
  put64(out, connection_id);
  put32(out, static_cast<std::uint32_t>(UdpAction::announce));
  put32(out, transaction_id);
  put_bytes(out, request.info_hash.bytes);
  put_bytes(out, request.peer_id.bytes);
  put64(out, request.downloaded);
  put64(out, request.left);
  put64(out, request.uploaded);
  put32(out, udp_event(request.event));
  put32(out, 0);  // ip: the sender's address
  put32(out, request.key);
  put32(out, request.numwant.value_or(0xffffffffu));  // -1: the tracker's default
  out.push_back(static_cast<std::uint8_t>(request.port >> 8));
  out.push_back(static_cast<std::uint8_t>(request.port & 0xff));
  return out;
}

std::vector<std::uint8_t> encode_udp_scrape(std::uint64_t connection_id,
                                            std::uint32_t transaction_id,
                                            std::span<const metainfo::InfoHash> info_hashes) {
  std::vector<std::uint8_t> out;
  out.reserve(16 + 20 * info_hashes.size());
  put64(out, connection_id);
  put32(out, static_cast<std::uint32_t>(UdpAction::scrape));
  put32(out, transaction_id);
  for (const auto& hash : info_hashes) put_bytes(out, bytes_of(hash));
  return out;
}

TrackerResult<std::uint64_t> decode_udp_connect(std::span<const std::uint8_t> packet,
                                                std::uint32_t transaction_id) {
  CORRENT_TRY_VOID(check_reply(packet, transaction_id, UdpAction::connect, 16));
  return get64(packet, 8);
}

TrackerResult<AnnounceResponse> decode_udp_announce(std::span<const std::uint8_t> packet,
                                                    std::uint32_t transaction_id,
                                                    UdpFamily family) {
  CORRENT_TRY_VOID(check_reply(packet, transaction_id, UdpAction::announce, 8));
  if (packet.size() == 8) return tracker_fail(errc::tracker_failure, kUdpEmptyAnnounceReply);
  if (packet.size() < 20) {
    return tracker_fail(errc::bad_packet_length, std::to_string(packet.size()) + " bytes");
  }
  AnnounceResponse out;
  out.transaction_id = transaction_id;
  out.interval = tracker::clamp_interval(get32(packet, 8));
  out.incomplete = get32(packet, 12);
  out.complete = get32(packet, 16);
  const std::size_t stride = family == UdpFamily::v4 ? tracker::kCompactV4 : tracker::kCompactV6;
  if (!tracker::append_compact_peers(packet.subspan(20), stride, out.peers)) {
    return tracker_fail(errc::bad_packet_length,
                        std::to_string(packet.size() - 20) + " bytes of peers, stride " +
                            std::to_string(stride));
  }
  return out;
}

TrackerResult<ScrapeResponse> decode_udp_scrape(std::span<const std::uint8_t> packet,
                                                std::uint32_t transaction_id,
                                                std::span<const metainfo::InfoHash> asked) {
  CORRENT_TRY_VOID(check_reply(packet, transaction_id, UdpAction::scrape, 8));
  const std::size_t body = packet.size() - 8;
  if (body % 12 != 0 || body / 12 > asked.size()) {
    return tracker_fail(errc::bad_packet_length, std::to_string(packet.size()) + " bytes");
  }
  ScrapeResponse out;
  out.transaction_id = transaction_id;
  for (std::size_t i = 0; i < body / 12; ++i) {
    const std::size_t at = 8 + 12 * i;
    out.files.emplace_back(asked[i], ScrapeEntry{get32(packet, at), get32(packet, at + 4),
                                                 get32(packet, at + 8)});
  }
  return out;
}

}  // namespace corrent::tracker_udp
