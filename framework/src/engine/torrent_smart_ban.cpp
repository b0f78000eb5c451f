// Torrent: smart ban. A piece that fails its hash check is fetched again; meanwhile the
// SHA-1 of each of its blocks, and who sent it, is kept (the disk queue hashes the blocks
// of a failed piece, and of that piece again when it completes). Once the piece passes,
// a sender whose block differs from the good one sent bad data: it is banned, whatever
// else it sent. A failure kept for judging is not counted against the peers that shared
// it (strike()), so an honest peer that shared pieces with a liar is never banned for it.
#include <algorithm>
#include <string>

#include <absl/container/btree_map.h>

#include "corrent/engine/session_limits.hpp"
#include "peer.hpp"
#include "torrent.hpp"

namespace corrent::engine {

bool Torrent::remember_failed_blocks(PieceIndex piece, const PieceSenders& senders,
                                     std::span<const crypto::Sha1Digest> digests) {
  if (digests.size() != senders.by_block.size()) return false;  // not every block's sender known
  const auto known = suspects_.find(piece.value);
  if (known == suspects_.end() && suspects_.size() >= kMaxSmartBanPieces) return false;
  auto& suspect = suspects_[piece.value];
  if (suspect.attempts >= kMaxSmartBanAttempts) return false;
  ++suspect.attempts;
  for (std::uint32_t i = 0; i < digests.size(); ++i) {
    const auto sender = senders.by_block[i];
    if (sender == PieceSenders::kNone) continue;
    suspect.blocks.push_back(SuspectBlock{i, senders.peers[sender].endpoint, digests[i]});
  }
  disk_->want_block_digests(piece);
  return true;
}

void Torrent::judge_failed_blocks(PieceIndex piece, std::span<const crypto::Sha1Digest> digests) {
  const auto it = suspects_.find(piece.value);
  if (it == suspects_.end()) return;
  const SuspectPiece suspect = std::move(it->second);
  suspects_.erase(it);
  // Sender -> blocks that differ; ordered, so that the bans come in the same order in
  // every run (a simulation repeats exactly).
  absl::btree_map<net::Endpoint, std::uint32_t> bad;
  for (const auto& b : suspect.blocks) {
    if (b.block < digests.size() && b.digest != digests[b.block]) ++bad[b.from];
  }
  for (const auto& [endpoint, blocks] : bad) {
    ban(endpoint, "sent " + std::to_string(blocks) + " bad block" + (blocks == 1 ? "" : "s") + " of piece " +
                      std::to_string(piece.value) + " (smart ban: compared with the piece once it passed)");
  }
}

}  // namespace corrent::engine
