#include "event_json.hpp"

#include <type_traits>
#include <vector>

#include "corrent/core/encoding.hpp"

namespace corrent::cli {
namespace {

using nlohmann::json;

std::string_view protocol_name(PortProtocol protocol) {
  return protocol == PortProtocol::udp ? "udp" : "tcp";
}

json error_json(const std::error_code& ec) {
  return {{"category", ec.category().name()}, {"value", ec.value()}, {"message", ec.message()}};
}

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

}  // namespace

std::string_view state_name(engine::TorrentState state) {
  switch (state) {
    case engine::TorrentState::fetching_metadata: return "fetching_metadata";
    case engine::TorrentState::checking: return "checking";
    case engine::TorrentState::downloading: return "downloading";
    case engine::TorrentState::seeding: return "seeding";
    case engine::TorrentState::paused: return "paused";
    case engine::TorrentState::failed: return "failed";
  }
  return "unknown";
}

json status_json(const engine::TorrentStatus& s) {
  return {{"info_hash", s.info_hash.hex()},   {"name", s.name},
          {"state", state_name(s.state)},      {"pieces_have", s.pieces_have},
          {"pieces_total", s.pieces_total},    {"wanted_total", s.wanted_total},
          {"wanted_done", s.wanted_done},      {"check_progress", s.check_progress},
          {"download_rate", s.download_rate},  {"upload_rate", s.upload_rate},
          {"downloaded", s.downloaded},        {"uploaded", s.uploaded},
          {"wasted", s.wasted},                {"peers", s.peers},
          {"seeds", s.seeds},                  {"finished", s.finished}};
}

json event_json(const events::Event& event) {
  using namespace corrent::events;
  return std::visit(
      Overloaded{
          [](const PeerConnected& e) -> json {
            return {{"event", "peer_connected"}, {"endpoint", e.endpoint.to_string()},
                    {"peer_id", to_hex(e.peer_id.bytes)}, {"client", e.client}, {"incoming", e.incoming},
                    {"transport", e.transport}};
          },
          [](const PeerClosed& e) -> json {
            return {{"event", "peer_closed"}, {"endpoint", e.endpoint.to_string()},
                    {"reason", error_json(e.reason)}, {"detail", e.detail}};
          },
          [](const PeerConnectFailed& e) -> json {
            return {{"event", "peer_connect_failed"}, {"info_hash", e.info_hash.hex()},
                    {"endpoint", e.endpoint.to_string()}, {"error", error_json(e.error)},
                    {"connected", e.connected}};
          },
          [](const BlockReceived& e) -> json {
            return {{"event", "block_received"}, {"endpoint", e.endpoint.to_string()},
                    {"piece", e.piece.value}, {"begin", e.begin}, {"length", e.length}};
          },
          [](const TorrentAdded& e) -> json {
            return {{"event", "torrent_added"}, {"info_hash", e.info_hash.hex()}, {"name", e.name}};
          },
          [](const TorrentChecked& e) -> json {
            return {{"event", "torrent_checked"}, {"info_hash", e.info_hash.hex()},
                    {"pieces_have", e.pieces_have}, {"pieces_total", e.pieces_total},
                    {"from_resume", e.from_resume}};
          },
          [](const CheckProgress& e) -> json {
            return {{"event", "check_progress"}, {"info_hash", e.info_hash.hex()}, {"done", e.done},
                    {"total", e.total}};
          },
          [](const PieceFinished& e) -> json {
            return {{"event", "piece_finished"}, {"info_hash", e.info_hash.hex()}, {"piece", e.piece.value}};
          },
          [](const PieceFailed& e) -> json {
            return {{"event", "piece_failed"}, {"info_hash", e.info_hash.hex()}, {"piece", e.piece.value},
                    {"contributors", e.contributors}};
          },
          [](const PeerBanned& e) -> json {
            return {{"event", "peer_banned"}, {"info_hash", e.info_hash.hex()},
                    {"endpoint", e.endpoint.to_string()}, {"why", e.why}};
          },
          [](const TrackerReply& e) -> json {
            return {{"event", "tracker_reply"}, {"info_hash", e.info_hash.hex()}, {"url", e.url},
                    {"announce", e.event}, {"peers", e.peers}, {"error", e.error},
                    {"next", e.next},       {"retry_in_ms", e.retry_in_ms}};
          },
          [](const TorrentError& e) -> json {
            return {{"event", "torrent_error"}, {"info_hash", e.info_hash.hex()},
                    {"error", error_json(e.error)}, {"detail", e.detail}};
          },
          [](const TorrentWarning& e) -> json {
            return {{"event", "torrent_warning"}, {"info_hash", e.info_hash.hex()},
                    {"error", error_json(e.error)}, {"detail", e.detail}};
          },
          [](const TorrentPaused& e) -> json {
            return {{"event", "torrent_paused"}, {"info_hash", e.info_hash.hex()},
                    {"error", error_json(e.error)}, {"detail", e.detail}};
          },
          [](const TorrentResumed& e) -> json {
            return {{"event", "torrent_resumed"}, {"info_hash", e.info_hash.hex()}};
          },
          [](const TorrentStateChanged& e) -> json {
            return {{"event", "torrent_state"}, {"info_hash", e.info_hash.hex()},
                    {"from", std::string(to_string(e.from))}, {"to", std::string(to_string(e.to))}};
          },
          [](const TorrentFinished& e) -> json {
            return {{"event", "torrent_finished"}, {"info_hash", e.info_hash.hex()}};
          },
          [](const MetadataReceived& e) -> json {
            return {{"event", "metadata_received"}, {"info_hash", e.info_hash.hex()}, {"name", e.name},
                    {"size", e.size}, {"from", e.from.to_string()}};
          },
          [](const PeersDiscovered& e) -> json {
            json peers = json::array();
            for (const auto& p : e.peers) peers.push_back(p.to_string());
            return {{"event", "peers_discovered"}, {"info_hash", e.info_hash.hex()}, {"source", e.source},
                    {"from", e.from.to_string()}, {"peers", std::move(peers)}};
          },
          [](const ExtensionNote& e) -> json {
            return {{"event", "extension_note"}, {"info_hash", e.info_hash.hex()},
                    {"endpoint", e.endpoint.to_string()}, {"extension", e.extension}, {"text", e.text}};
          },
          [](const Lagged& e) -> json { return {{"event", "lagged"}, {"count", e.count}}; },
          [](const PortMapped& e) -> json {
            return {{"event", "port_mapped"}, {"mapper", e.mapper}, {"protocol", protocol_name(e.request.protocol)},
                    {"local_port", e.request.local_port}, {"external", e.external.to_string()}};
          },
          [](const PortUnmapped& e) -> json {
            return {{"event", "port_unmapped"}, {"mapper", e.mapper}, {"protocol", protocol_name(e.request.protocol)},
                    {"local_port", e.request.local_port}, {"error", error_json(e.error)}};
          },
          [](const ExternalAddressChanged& e) -> json {
            return {{"event", "external_address"}, {"address", e.address.address_string()}, {"source", e.source}};
          },
          [](const SessionWarning& e) -> json {
            return {{"event", "session_warning"}, {"what", e.what}, {"error", e.error.message()},
                    {"detail", e.detail}};
          },
          [](const Stats& e) -> json {
            return {{"event", "stats"},          {"info_hash", e.info_hash.hex()},
                    {"pieces_have", e.pieces_have},   {"pieces_total", e.pieces_total},
                    {"wanted_done", e.wanted_done},   {"wanted_total", e.wanted_total},
                    {"download_rate", e.download_rate}, {"upload_rate", e.upload_rate},
                    {"downloaded", e.downloaded},     {"uploaded", e.uploaded},
                    {"wasted", e.wasted},             {"peers", e.peers},
                    {"seeds", e.seeds}};
          },
      },
      event);
}

}  // namespace corrent::cli
