// Torrent: what happens to a piece once its blocks are in: the verdict of its hash, HAVEs,
// finishing, and banning the peers that sent bad data.
#include <cerrno>

#include "corrent/engine/errc.hpp"
#include "corrent/engine/session_limits.hpp"
#include "corrent/storage/error.hpp"
#include "peer.hpp"
#include "torrent.hpp"

namespace corrent::engine {

void Torrent::on_block_accepted(PeerKey peer, BlockRef block) {
  auto& senders = contributors_[block.piece.value];
  auto& who = senders.peers;
  auto at = std::find_if(who.begin(), who.end(), [&](const Contributor& c) { return c.key == peer; });
  if (at == who.end()) {
    if (Peer* p = find_peer(peer)) {
      who.push_back(Contributor{peer, p->endpoint()});
      at = who.end() - 1;
    }
  }
  if (senders.by_block.empty()) senders.by_block.assign(picker_.block_count(block.piece), PieceSenders::kNone);
  const auto index = block.offset / kBlockSize;
  if (at != who.end() && index < senders.by_block.size()) {
    senders.by_block[index] = static_cast<std::uint16_t>(at - who.begin());
  }
  (void)picker_.on_block_written(block);  // the disk queue reports the verdict when complete
}

void Torrent::on_piece_verdict(const storage::PieceOutcome& outcome) {
  if (stopped_ || lifecycle_.failed()) return;
  switch (outcome.verdict) {
    case storage::PieceVerdict::passed: on_piece_passed(outcome.piece, outcome.block_digests); break;
    case storage::PieceVerdict::failed: on_piece_failed(outcome.piece, outcome.block_digests); break;
    case storage::PieceVerdict::write_error: on_write_error(outcome.piece, outcome.error); break;
  }
}

namespace {

bool is_disk_full(std::error_code ec) {
  return ec == std::errc::no_space_on_device ||
         (ec.category() == std::system_category() && ec.value() == EDQUOT);
}

}  // namespace

void Torrent::on_write_error(PieceIndex piece, std::error_code ec) {
  if (!ec) ec = errc::storage_failed;
  const auto where = disk_->failed_path();
  auto detail = "writing piece " + std::to_string(piece.value) + (where.empty() ? "" : " to " + where.string()) +
                ": " + ec.message();
  if (!is_disk_full(ec)) {
    fail(ec, std::move(detail));
    return;
  }
  // The piece is fetched again once there is room; its senders did nothing wrong.
  (void)picker_.on_piece_failed(piece);
  contributors_.erase(piece.value);
  // The peers stop asking; connections stay up. Already paused for it: another piece of
  // the same burst.
  if (!lifecycle_.pause(TorrentLifecycle::PauseCause::disk_full)) return;
  wake_peers();
  if (!disk_full_) {
    disk_full_ = true;
    publish(events::TorrentPaused{meta_.info_hash, ec, std::move(detail)});
  }
  tasks_.spawn(retry_after_disk_full());
}

// Downloads again after a while: the next piece written says whether there is room now
// (TorrentResumed), or pauses again without a new event.
Task<void> Torrent::retry_after_disk_full() {
  Wake wait(ctx_.executor);
  if (!co_await wait.wait(kDiskFullRetryInterval)) co_return;  // stopping
  if (stopped_ || !lifecycle_.resume(TorrentLifecycle::PauseCause::disk_full)) co_return;
  wake_peers();
  connect_wake_.notify();
}

void Torrent::on_piece_passed(PieceIndex piece, std::span<const crypto::Sha1Digest> block_digests) {
  picker_.on_piece_passed(piece);
  judge_failed_blocks(piece, block_digests);
  if (disk_full_ && !lifecycle_.paused()) {
    disk_full_ = false;  // written after the retry: there is room again
    publish(events::TorrentResumed{meta_.info_hash});
  }
  if (const auto it = contributors_.find(piece.value); it != contributors_.end()) {
    for (const auto& c : it->second.peers) ++scores_[c.endpoint].passes;
    contributors_.erase(it);
  }
  for (auto& [key, peer] : peers_) peer->on_we_have(piece);
  publish(events::PieceFinished{meta_.info_hash, piece});
  pieces_changed_.notify_all();
  // Under a pause too: the stage is what the pause holds.
  if (picker_.is_finished() && lifecycle_.finished()) on_seeding();
}

void Torrent::on_piece_lost(PieceIndex piece) {
  if (!picker_.lose(piece)) return;  // known already
  const auto where = disk_->failed_path();
  publish(events::TorrentWarning{meta_.info_hash, std::error_code(storage::errc::not_present),
                                 "piece " + std::to_string(piece.value) + " is no longer on disk" +
                                     (where.empty() ? std::string() : " (" + where.string() + ")") +
                                     ": it is fetched again"});
  for (auto& [key, peer] : peers_) peer->on_we_lost(piece);
  on_wanted_changed();  // more is wanted now: seeding turns to downloading
}

void Torrent::on_piece_failed(PieceIndex piece, std::span<const crypto::Sha1Digest> block_digests) {
  (void)picker_.on_piece_failed(piece);
  wasted_ += meta_.layout.piece_size(piece);
  PieceSenders who;
  if (const auto it = contributors_.find(piece.value); it != contributors_.end()) {
    who = std::move(it->second);
    contributors_.erase(it);
  }
  const bool judged_later = remember_failed_blocks(piece, who, block_digests);
  publish(events::PieceFailed{meta_.info_hash, piece, static_cast<std::uint32_t>(who.peers.size())});
  strike(who.peers, judged_later);
  wake_peers();
}

void Torrent::strike(const Contributors& contributors, bool judged_later) {
  const bool sole = contributors.size() == 1;
  if (!sole && judged_later) return;
  for (const auto& c : contributors) {
    auto& score = scores_[c.endpoint];
    ++(sole ? score.sole_failures : score.shared_failures);
    const auto failures = score.sole_failures + score.shared_failures;
    const bool ban = score.sole_failures >= kBanSoleFailures ||
                     (failures >= kBanSharedFailures && score.passes < failures);
    if (!ban) continue;
    Torrent::ban(c.endpoint, std::to_string(failures) + " pieces it sent failed the hash check, " +
                                 std::to_string(score.passes) + " passed");
  }
}

void Torrent::ban(const net::Endpoint& endpoint, std::string why) {
  if (peer_set_.banned(endpoint)) return;
  peer_set_.ban(endpoint);
  publish(events::PeerBanned{meta_.info_hash, endpoint, std::move(why)});
  for (auto& [key, peer] : peers_) {
    if (peer->endpoint() == endpoint) peer->close(errc::banned);
  }
}

}  // namespace corrent::engine
