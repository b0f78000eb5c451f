// Torrent: creation, the start-up check, state changes, stats and resume data.
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
  storage::OpenParams open{meta_.layout, save_path_, file_priorities_, read_only_};
  CORRENT_TRY(auto store, ctx_.storage->open(open));
  disk_ = std::make_unique<storage::TorrentDisk>(*ctx_.disk_pool, ctx_.executor, std::move(store), meta_);
  disk_->set_piece_callback([this](PieceIndex piece, storage::PieceVerdict verdict, std::error_code ec) {
    on_piece_verdict(piece, verdict, ec);
  });
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
      magnet_(std::move(params.magnet)),
      metadata_wake_(ctx_.executor),
      picker_(wire::TorrentShape{}, 0),  // made in the body, with its order
      connect_wake_(ctx_.executor),
      discovery_(*this, ctx_),
      pieces_changed_(ctx_.executor),
      tasks_(ctx_.executor),
      peer_tasks_(ctx_.executor) {
  make_picker();
  choker_ = make_choker(ctx_, meta_.info_hash);
  // Said at once, not when main() gets there (it takes the resume lock first).
  if (!has_metadata_) state_ = TorrentState::fetching_metadata;
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
    picker_.set_piece_priority(p, read_only_ ? std::uint8_t{0} : prio);  // read-only: wants nothing
  }
}

std::optional<wire::TorrentShape> Torrent::shape() const {
  if (!has_metadata_) return std::nullopt;
  return shape_of_layout(meta_.layout);
}

bool Torrent::accepting() const {
  return !stopped_ && (state_ == TorrentState::downloading || state_ == TorrentState::seeding ||
                       state_ == TorrentState::fetching_metadata);
}

void Torrent::publish(events::Event event) const {
  if (ctx_.events != nullptr) ctx_.events->publish(event);
}

void Torrent::start() {
  publish(events::TorrentAdded{meta_.info_hash, meta_.name});
  if (magnet_) {
    for (const auto& text : magnet_->peers) {
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
  if (!has_metadata_) {
    // Not in the condition above: GCC 12 miscompiles a co_await under a short-circuit &&.
    const bool fetched = co_await fetch_metadata();
    if (!fetched) co_return;
  }
  co_await check();
  if (state_ == TorrentState::failed || stopped_) co_return;
  begin_transfer();
}

// A magnet link: find peers and let the extensions fetch the info dictionary (they hand it
// to offer_metadata). Then open the storage, and have the peers of the fetch reconnect as
// full peers. False if the torrent stopped or failed meanwhile.
Task<bool> Torrent::fetch_metadata() {
  state_ = TorrentState::fetching_metadata;
  co_await metadata_from_resume();
  start_loops();
  while (!has_metadata_ && !stopped_) {
    if (!co_await metadata_wake_.wait(kStatsInterval)) co_return false;
  }
  if (stopped_) co_return false;
  if (auto opened = open_storage(); !opened) {
    fail(opened.error(), "opening the storage of the fetched torrent");
    co_return false;
  }
  state_ = TorrentState::checking;
  for (auto& [key, peer] : metadata_peers_) peer->close(errc::metadata_received);
  co_return true;
}

Task<void> Torrent::check() {
  state_ = TorrentState::checking;
  auto trusted = co_await trusted_from_resume();
  const bool from_resume = trusted && !trusted->none();
  const auto info_hash = meta_.info_hash;
  auto* events = ctx_.events;
  // Named first: GCC 12 mishandles temporaries that live across a co_await.
  // CheckProgress by time (kCheckProgressInterval), not per piece batch; the last always.
  auto last_published = std::make_shared<std::optional<Clock::time_point>>();
  storage::TorrentDisk::ProgressCallback progress = [this, info_hash, events, last_published](std::uint32_t done,
                                                                                              std::uint32_t total) {
    check_progress_ = total == 0 ? 1.0 : static_cast<double>(done) / total;
    const auto now = Clock::now();
    const bool due = !*last_published || now - **last_published >= kCheckProgressInterval || done >= total;
    if (events == nullptr || !due) return;
    *last_published = now;
    events->publish(events::CheckProgress{info_hash, done, total});
  };
  auto checked = co_await disk_->check(std::move(progress), std::move(trusted));
  if (!checked) {
    const auto where = disk_->failed_path();
    fail(checked.error(), "checking the data on disk" + (where.empty() ? std::string() : " at " + where.string()) +
                              ": " + checked.error().message());
    co_return;
  }
  for (PieceIndex p{0}; p.value < checked->size(); ++p) {
    if (checked->test(p)) picker_.set_have(p);
  }
  check_progress_ = 1.0;
  pieces_changed_.notify_all();
  publish(events::TorrentChecked{meta_.info_hash, picker_.have_count(), meta_.layout.piece_count(),
                                 from_resume});
}

void Torrent::begin_transfer() {
  state_ = TorrentState::downloading;
  if (picker_.is_finished()) set_finished_state();
  start_loops();
  connect_wake_.notify();  // peers of the metadata fetch may be waiting to reconnect
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

void Torrent::set_finished_state() {
  state_ = TorrentState::seeding;
  if (!finished_published_) {
    finished_published_ = true;
    publish(events::TorrentFinished{meta_.info_hash});
    discovery_.completed();
    tasks_.spawn(save_resume());
  }
  for (auto& [key, peer] : peers_) peer->set_upload_only();
  wake_peers();
}

void Torrent::wake_peers() {
  for (auto& [key, peer] : peers_) peer->wake();
}

void Torrent::pause() {
  if (state_ == TorrentState::paused || state_ == TorrentState::failed) return;
  resume_to_ = state_ == TorrentState::checking ? TorrentState::downloading : state_;
  state_ = TorrentState::paused;
  close_all(errc::torrent_stopped);
}

void Torrent::resume() {
  if (state_ != TorrentState::paused) return;
  if (!has_metadata_) {
    state_ = TorrentState::fetching_metadata;  // an empty picker would look finished
  } else {
    state_ = picker_.is_finished() ? TorrentState::seeding : resume_to_;
  }
  connect_wake_.notify();
}

void Torrent::fail(std::error_code why, std::string detail) {
  if (state_ == TorrentState::failed) return;
  state_ = TorrentState::failed;
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
  if (state_ != TorrentState::checking && state_ != TorrentState::failed && disk_) co_await save_resume();
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
    if (Clock::now() >= next_resume && (state_ == TorrentState::downloading || resume_failing_)) {
      next_resume = Clock::now() + kResumeInterval;
      co_await save_resume();
    }
  }
}

TorrentStatus Torrent::status() const {
  TorrentStatus s;
  s.info_hash = meta_.info_hash;
  s.name = meta_.name;
  s.state = state_;
  s.ports = *ctx_.ports;
  s.pieces_have = picker_.have_count();
  s.pieces_total = meta_.layout.piece_count();
  s.wanted_total = picker_.wanted_bytes();
  s.wanted_done = s.wanted_total - picker_.wanted_bytes_left();
  s.check_progress = check_progress_;
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
