#include "event_json.hpp"

#include <type_traits>
#include <vector>

#include "corrent/core/encoding.hpp"

namespace corrent::cli {
namespace {

using nlohmann::json;

// Counts of peers whatever the engine hands over: a number or a list of endpoints.
std::size_t peer_count(std::size_t n) { return n; }
[[maybe_unused]] std::size_t peer_count(const std::vector<net::Endpoint>& peers) { return peers.size(); }

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
                    {"peer_id", to_hex(e.peer_id.bytes)}, {"client", e.client}, {"incoming", e.incoming}};
          },
          [](const PeerClosed& e) -> json {
            return {{"event", "peer_closed"}, {"endpoint", e.endpoint.to_string()},
                    {"reason", error_json(e.reason)}, {"detail", e.detail}};
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
                    {"pieces_have", e.pieces_have}, {"pieces_total", e.pieces_total}};
          },
          [](const CheckProgress& e) -> json {
            return {{"event", "check_progress"}, {"done", e.done}, {"total", e.total}};
          },
          [](const PieceFinished& e) -> json {
            return {{"event", "piece_finished"}, {"info_hash", e.info_hash.hex()}, {"piece", e.piece.value}};
          },
          [](const PieceFailed& e) -> json {
            return {{"event", "piece_failed"}, {"info_hash", e.info_hash.hex()}, {"piece", e.piece.value}};
          },
          [](const PeerBanned& e) -> json {
            return {{"event", "peer_banned"}, {"endpoint", e.endpoint.to_string()}, {"why", e.why}};
          },
          [](const TrackerReply& e) -> json {
            return {{"event", "tracker_reply"}, {"info_hash", e.info_hash.hex()}, {"url", e.url},
                    {"peers", peer_count(e.peers)}, {"error", e.error}};
          },
          [](const TorrentError& e) -> json {
            return {{"event", "torrent_error"}, {"info_hash", e.info_hash.hex()},
                    {"error", error_json(e.error)}, {"detail", e.detail}};
          },
          [](const TorrentFinished& e) -> json {
            return {{"event", "torrent_finished"}, {"info_hash", e.info_hash.hex()}};
          },
          [](const Stats& e) -> json {
            auto j = status_json(e.status);
            j["event"] = "stats";
            return j;
          },
      },
      event);
}

}  // namespace corrent::cli
