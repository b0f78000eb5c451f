// Torrent: creation, start, pause, resume, failure and stop; the transitions of its
// lifecycle that are not a stage's own (torrent_metadata.cpp, torrent_check.cpp); stats.
#include "torrent.hpp"

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <utility>

#include "corrent/engine/errc.hpp"
#include "corrent/engine/limits.hpp"
#include "corrent/engine/session_limits.hpp"
#include "metadata_peer.hpp"
#include "peer.hpp"

namespace corrent::engine {

wire::TorrentShape shape_of_layout(const metainfo::FileLayout& layout) {
  return {layout.piece_count(), layout.piece_length(), layout.total_size()};
}

namespace {

std::unique_ptr<policy::ChokeStrategy> make_choker(const TorrentContext& ctx, const metainfo::InfoHash& ih) {
  policy::ChokerTorrent torrent;
  torrent.info_hash = ih.bytes;
  torrent.upload_slots = ctx.settings->upload_slots;
  torrent.seed = ctx.random->next64();
  return ctx.choker->make_strategy(torrent);
}

}  // namespace

void Torrent::make_picker() {
  const auto shape = has_metadata_ ? shape_of_layout(meta_.layout) : wire::TorrentShape{};
  const auto seed = ctx_.random->next64();
  picker_ = PiecePicker(shape, seed);
  picker_.set_sequential(sequential_);
  policy::OrderTorrent torrent;
  torrent.info_hash = meta_.info_hash.bytes;
  torrent.piece_count = shape.piece_count;
  torrent.piece_length = shape.piece_length;
  torrent.seed = seed;
  picker_.set_order(ctx_.picker->make_order(torrent));
}

Result<std::unique_ptr<Torrent>> Torrent::create(TorrentContext context, AddTorrentParams params) {
  if (params.magnet) {
    if (!params.magnet->info_hash) return corrent::fail(errc::no_metadata_source);
    return std::unique_ptr<Torrent>(new Torrent(std::move(context), std::move(params)));
  }
  std::unique_ptr<Torrent> t(new Torrent(std::move(context), std::move(params)));
  CORRENT_TRY_VOID(t->open_storage());
  return t;
}

// Checks the priorities against the files, opens the storage and the disk queue, and
// sets the picker's priorities. For a magnet link: once the metadata is in meta_.
Result<void> Torrent::open_storage() {
  const auto file_count = meta_.layout.files().size();
  if (file_priorities_.empty()) file_priorities_.assign(file_count, kDefaultPiecePriority);
  if (file_priorities_.size() != file_count ||
      std::any_of(file_priorities_.begin(), file_priorities_.end(), [](auto p) { return p > kMaxPiecePriority; })) {
    return corrent::fail(errc::bad_priorities);
  }
  storage::OpenParams open{meta_.layout, save_path_, file_priorities_, read_only_, meta_.info_hash};
  CORRENT_TRY(auto store, ctx_.storage->open(open));
  disk_ = std::make_unique<storage::TorrentDisk>(*ctx_.disk_pool, ctx_.executor, std::move(store), meta_);
  disk_->set_piece_callback([this](const storage::PieceOutcome& outcome) { on_piece_verdict(outcome); });
  apply_priorities();
  pieces_changed_.notify_all();  // reads waiting for the metadata can map their range
  return {};
}

namespace {

// What a magnet link says, as the torrent's metainfo before the metadata arrives.
metainfo::Metainfo placeholder_meta(const metainfo::Magnet& magnet) {
  metainfo::Metainfo m;
  m.info_hash = *magnet.info_hash;
  m.name = magnet.display_name.empty() ? m.info_hash.hex() : magnet.display_name;
  for (const auto& url : magnet.trackers) m.trackers.push_back({url});  // one tier each, as libtorrent
  m.web_seeds = magnet.web_seeds;
  return m;
}

TorrentLifecycle::Stage first_stage(std::optional<metainfo::Magnet> magnet) {
  if (magnet) return TorrentLifecycle::FetchingMetadata{std::move(*magnet), std::nullopt};
  return TorrentLifecycle::Checking{};
}

std::vector<net::Endpoint> with_magnet_peers(std::vector<net::Endpoint> peers,
                                             const std::optional<metainfo::Magnet>& magnet) {
  if (!magnet) return peers;
  for (const auto& text : magnet->peers) {
    if (auto e = net::Endpoint::parse(text)) peers.push_back(*e);  // others: a warning in start()
  }
  return peers;
}

}  // namespace

Torrent::Torrent(TorrentContext context, AddTorrentParams params)
    : ctx_(std::move(context)),
      meta_(params.magnet ? placeholder_meta(*params.magnet) : std::move(params.metainfo)),
      save_path_(std::move(params.save_path)),
      file_priorities_(std::move(params.file_priorities)),  // checked by open_storage()
      initial_peers_(with_magnet_peers(std::move(params.peers), params.magnet)),
      sequential_(params.sequential),
      read_only_(params.read_only),
      has_metadata_(!params.magnet),
      from_magnet_(params.magnet.has_value()),
      rate_limits_(std::make_shared<throttle::LimitPair>(params.rate_limits)),
      metadata_wake_(ctx_.executor),
      lifecycle_(first_stage(std::move(params.magnet)),
                 [this](TorrentState from, TorrentState to) { on_state_changed(from, to); }),
      picker_(wire::TorrentShape{}, 0),  // made in the body, with its order
      connect_wake_(ctx_.executor),
      discovery_(*this, ctx_),
      pieces_changed_(ctx_.executor),
      tasks_(ctx_.executor),
      peer_tasks_(ctx_.executor) {
  make_picker();
  choker_ = make_choker(ctx_, meta_.info_hash);
}

Torrent::~Torrent() = default;

void Torrent::apply_priorities() {
  const auto& layout = meta_.layout;
  const auto& files = layout.files();
  for (PieceIndex p{0}; p.value < layout.piece_count(); ++p) {
    std::uint8_t prio = 0;
    for (const auto& slice : layout.map_block(p, 0, layout.piece_size(p))) {
      if (!files[slice.file.value].pad) prio = std::max(prio, file_priorities_[slice.file.value]);
    }
    if (!piece_overrides_.empty() && piece_overrides_[p.value] >= 0) {
      prio = static_cast<std::uint8_t>(piece_overrides_[p.value]);
    }
    picker_.set_piece_priority(p, read_only_ ? std::uint8_t{0} : prio);  // read-only: wants nothing
  }
}

std::optional<wire::TorrentShape> Torrent::shape() const {
  if (!has_metadata_) return std::nullopt;
  return shape_of_layout(meta_.layout);
}

bool Torrent::accepting() const {
  const auto state = lifecycle_.state();
  return !stopped_ && (state == TorrentState::downloading || state == TorrentState::seeding ||
                       state == TorrentState::fetching_metadata);
}

void Torrent::on_state_changed(TorrentState from, TorrentState to) {
  publish(events::TorrentStateChanged{meta_.info_hash, from, to});
}

void Torrent::publish(events::Event event) const {
  if (ctx_.events != nullptr) ctx_.events->publish(event);
}

void Torrent::start() {
  publish(events::TorrentAdded{meta_.info_hash, meta_.name});
  if (const auto* fetching = lifecycle_.get<TorrentLifecycle::FetchingMetadata>()) {
    for (const auto& text : fetching->magnet.peers) {
      if (auto e = net::Endpoint::parse(text); !e) {
        publish(events::TorrentWarning{meta_.info_hash, e.error(),
                                       "magnet peer x.pe=" + text + " ignored: not IP:PORT (host names are not "
                                       "resolved by the engine)"});
      }
    }
  }
  tasks_.spawn(main());
}

Task<void> Torrent::main() {
  const bool locked = co_await lock_resume_data();
  if (!locked) co_return;
  if (lifecycle_.stage() == TorrentState::fetching_metadata) {
    // Not in the condition above: GCC 12 miscompiles a co_await under a short-circuit &&.
    const bool fetched = co_await fetch_metadata();
    if (!fetched) co_return;
  }
  co_await check();
  if (lifecycle_.failed() || stopped_) co_return;
  begin_transfer();
}

// The connector, the choker, the stats ticker and discovery: once, whether the torrent
// starts with its metadata or fetches it first.
void Torrent::start_loops() {
  if (loops_started_) return;
  loops_started_ = true;
  tasks_.spawn(connector());
  tasks_.spawn(choker_loop());
  tasks_.spawn(ticker());
  discovery_.start(tasks_);
  for (const auto& peer : initial_peers_) add_peer(net::PeerAddress{peer, {}});
}

void Torrent::on_seeding() {
  publish(events::TorrentFinished{meta_.info_hash});
  discovery_.completed();
  tasks_.spawn(save_resume());
  for (auto& [key, peer] : peers_) peer->set_upload_only(true);
  wake_peers();
}

void Torrent::wake_peers() {
  for (auto& [key, peer] : peers_) peer->wake();
}

void Torrent::pause() {
  if (!lifecycle_.pause(TorrentLifecycle::PauseCause::user)) return;
  close_all(errc::torrent_stopped);
}

// Also lifts a pause for a full disk: if the disk is still full, the next write pauses
// the torrent again.
void Torrent::resume() {
  if (!lifecycle_.resume_all()) return;
  wake_peers();
  connect_wake_.notify();
}

void Torrent::fail(std::error_code why, std::string detail) {
  if (!lifecycle_.fail(why, detail)) return;
  publish(events::TorrentError{meta_.info_hash, why, std::move(detail)});
  close_all(why);
  pieces_changed_.notify_all();
}

Task<void> Torrent::stop() {
  if (stopped_) co_return;
  stopped_ = true;
  metadata_wake_.notify();
  discovery_.stopping();
  close_all(errc::torrent_stopped);
  co_await peer_tasks_.stop();
  co_await tasks_.stop();
  // Services' calls see stopped_ and end, but one may be on the disk: the queue outlives it.
  pieces_changed_.notify_all();
  (void)co_await pieces_changed_.wait_until([this] { return active_calls_ == 0; });
  // Not for a check cut short (its pieces are not known) nor a failure.
  const auto stage = lifecycle_.stage();
  // A piece whose last block came before the peers went is still being hashed and
  // written: taken after it, the resume data's file times match the files (else the next
  // start distrusts them and checks every piece; interop.engine_cli caught it under load).
  if (stage != TorrentState::checking && stage != TorrentState::failed && disk_) {
    co_await disk_->settle();
    co_await save_resume();
  }
  if (disk_) co_await disk_->stop();
  resume_lock_ = {};  // the next process may have it
}

Task<void> Torrent::ticker() {
  Wake tick(ctx_.executor);
  auto next_resume = Clock::now() + kResumeInterval;
  while (co_await tick.wait(kStatsInterval)) {
    const auto s = status();
    publish(events::Stats{s.info_hash, s.pieces_have, s.pieces_total, s.wanted_done, s.wanted_total,
                          s.download_rate, s.upload_rate, s.downloaded, s.uploaded, s.wasted, s.peers,
                          s.seeds});
    // Also while seeding when the last write failed: it is retried until it works.
    if (Clock::now() >= next_resume && (lifecycle_.state() == TorrentState::downloading || resume_failing_)) {
      next_resume = Clock::now() + kResumeInterval;
      co_await save_resume();
    }
  }
}

TorrentStatus Torrent::status() const {
  TorrentStatus s;
  s.info_hash = meta_.info_hash;
  s.name = meta_.name;
  s.state = lifecycle_.state();
  s.ports = *ctx_.ports;
  s.pieces_have = picker_.have_count();
  s.pieces_total = meta_.layout.piece_count();
  s.wanted_total = picker_.wanted_bytes();
  s.wanted_done = s.wanted_total - picker_.wanted_bytes_left();
  if (const auto* checking = lifecycle_.get<TorrentLifecycle::Checking>()) {
    s.check_progress = checking->progress;
  } else {
    s.check_progress = has_metadata_ && lifecycle_.stage() != TorrentState::fetching_metadata ? 1.0 : 0.0;
  }
  if (const auto* failed = lifecycle_.get<TorrentLifecycle::Failed>()) {
    s.error = failed->why;
    s.error_detail = failed->detail;
  }
  const auto now = Clock::now();
  s.download_rate = down_rate_.rate(now);
  s.upload_rate = up_rate_.rate(now);
  s.downloaded = downloaded_;
  s.uploaded = uploaded_;
  s.wasted = wasted_;
  s.peers = static_cast<std::uint32_t>(connection_count());  // the metadata fetch's too
  for (const auto& [key, peer] : peers_) s.seeds += peer->is_seed() ? 1 : 0;
  s.finished = has_metadata_ && picker_.is_finished();
  return s;
}

TransferTotals Torrent::transfer_totals() const {
  return TransferTotals{resumed_uploaded_ + uploaded_, resumed_downloaded_ + downloaded_, 0};
}

void Torrent::on_downloaded(std::uint64_t bytes) {
  downloaded_ += bytes;
  down_rate_.add(bytes, Clock::now());
}

void Torrent::on_uploaded(std::uint64_t bytes) {
  uploaded_ += bytes;
  up_rate_.add(bytes, Clock::now());
}

}  // namespace corrent::engine
