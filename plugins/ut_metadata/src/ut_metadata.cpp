#include "ut_metadata.hpp"

#include <algorithm>

#include "errc.hpp"
#include "limits.hpp"

namespace corrent::ut_metadata {

std::optional<FetchSlots::Slot> FetchSlots::take(const InfoHashBytes& torrent) {
  auto& n = counts_[torrent];
  if (n >= kMaxFetchingPeers) return std::nullopt;
  ++n;
  return Slot(*this, torrent);
}

std::size_t FetchSlots::fetching(const InfoHashBytes& torrent) const {
  const auto it = counts_.find(torrent);
  return it == counts_.end() ? 0 : it->second;
}

void FetchSlots::release(const InfoHashBytes& torrent) {
  const auto it = counts_.find(torrent);
  if (it == counts_.end()) return;
  if (--it->second == 0) counts_.erase(it);
}

std::unique_ptr<ExtensionPeer> UtMetadata::attach(PeerContext& peer) {
  TorrentView* torrent = peer.torrent();
  if (torrent == nullptr) return nullptr;
  // BEP 27: a private torrent's metadata is not handed out (libtorrent does the same).
  if (torrent->has_metadata() && torrent->is_private()) return nullptr;
  return std::make_unique<UtMetadataPeer>(executor_, peer, *torrent, slots_);
}

void UtMetadataPeer::add_handshake_fields(bencode::Value& fields) {
  const auto info = torrent_.info_dict();
  if (!info.empty()) fields["metadata_size"] = static_cast<std::int64_t>(info.size());
}

void UtMetadataPeer::on_handshake(const wire::ExtensionHandshake& theirs) {
  if (torrent_.has_metadata() || announced_size_ || !theirs.id_of(kName) || !theirs.metadata_size) return;
  if (auto checked = MetadataAssembler::check_size(*theirs.metadata_size); !checked) {
    peer_.close(checked.error());  // an absurd size: nothing to gain from this peer
    return;
  }
  announced_size_ = *theirs.metadata_size;
  start_fetch();
}

// Begins fetching from this peer if it offers metadata and a place is free (else run()
// tries again later).
void UtMetadataPeer::start_fetch() {
  if (fetch_ || !announced_size_ || torrent_.has_metadata()) return;
  auto slot = slots_.take(torrent_.info_hash());
  if (!slot) return;
  auto fetch = MetadataAssembler::create(*announced_size_);  // the size was checked
  if (!fetch) return;
  slot_.emplace(std::move(*slot));
  fetch_ = std::move(*fetch);
  wake_.notify();
}

Task<Result<void>> UtMetadataPeer::on_message(std::span<const std::byte> payload) {
  CORRENT_CO_TRY(const auto m, decode_message(payload));
  if (!m.type) co_return Result<void>{};  // an unknown msg_type is ignored (BEP 9)
  switch (*m.type) {
    case MessageType::request: co_return co_await serve(m.piece);
    case MessageType::data: co_return on_data(m);
    case MessageType::reject: co_return on_reject(m.piece);
  }
  co_return Result<void>{};
}

Task<Result<void>> UtMetadataPeer::serve(std::uint32_t piece) {
  const auto info = torrent_.info_dict();
  const std::size_t pieces = (info.size() + kMetadataPieceSize - 1) / kMetadataPieceSize;
  if (served_.size() != pieces) served_.assign(pieces, 0);
  if (piece >= pieces || served_[piece] >= kMaxServedPerPiece) {
    // Not known yet, out of range, or asked for too often: BEP 9 says reject.
    auto reject = encode_reject(piece);
    co_return co_await peer_.send(reject);
  }
  ++served_[piece];
  const std::size_t begin = std::size_t{piece} * kMetadataPieceSize;
  const auto slice = info.subspan(begin, std::min<std::size_t>(kMetadataPieceSize, info.size() - begin));
  auto data = encode_data(piece, info.size(), slice);
  co_return co_await peer_.send(data);
}

Result<void> UtMetadataPeer::on_data(const MetadataMessage& m) {
  if (!fetch_ || torrent_.has_metadata()) return {};  // not asked for, or no longer needed
  CORRENT_TRY_VOID(fetch_->on_data(m.piece, *m.total_size, m.data));
  last_progress_ = Clock::now();
  if (!fetch_->complete()) {
    wake_.notify();
    return {};
  }
  // Checked against the info-hash by the torrent; a mismatch drops this peer only.
  auto offered = torrent_.offer_metadata(fetch_->bytes(), peer_.remote());
  fetch_.reset();
  slot_.reset();
  return offered;
}

Result<void> UtMetadataPeer::on_reject(std::uint32_t piece) {
  if (!fetch_) return {};
  CORRENT_TRY_VOID(fetch_->on_reject(piece));
  if (++rejects_ >= kMaxRejects) return fail(errc::too_many_rejects);
  last_progress_ = Clock::now();
  backoff_until_ = last_progress_ + kRejectBackoff;
  return {};
}

// Asks for pieces up to kMaxOutstandingRequests. False once the connection is gone.
// (Results of co_await are named locals throughout: GCC 12 miscompiles some co_await
// expressions used directly as conditions.)
Task<bool> UtMetadataPeer::send_requests() {
  while (fetch_ && fetch_->outstanding() < kMaxOutstandingRequests && Clock::now() >= backoff_until_) {
    const bool was_idle = fetch_->outstanding() == 0;
    const auto piece = fetch_->next_request();
    if (!piece) break;
    if (was_idle) last_progress_ = Clock::now();
    auto request = encode_request(*piece);
    const auto sent = co_await peer_.send(request);
    if (!sent) co_return false;
  }
  co_return true;
}

Task<void> UtMetadataPeer::run() {
  for (;;) {
    if (torrent_.has_metadata()) co_return;
    start_fetch();  // a place may have come free
    const bool connected = co_await send_requests();
    if (!connected) co_return;
    const bool running = co_await wake_.wait(kIdleWait);
    if (!running) co_return;  // cancelled: the connection ended
    if (fetch_ && fetch_->outstanding() > 0 && Clock::now() - last_progress_ > kRequestTimeout) {
      peer_.close(errc::request_timeout);
      co_return;
    }
  }
}

}  // namespace corrent::ut_metadata
