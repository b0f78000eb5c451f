#include "corrent/client/torrent_handle.hpp"

#include "client_state.hpp"
#include "corrent/metainfo/magnet.hpp"

namespace corrent::client {

TorrentHandle::TorrentHandle(std::shared_ptr<detail::ClientState> state, metainfo::InfoHash info_hash)
    : state_(std::move(state)), info_hash_(info_hash) {}

ClientResult<void> TorrentHandle::check() const { return detail::check_torrent(*state_, info_hash_); }

namespace {

/// The torrent's status, or torrent_destroyed if the session dropped it.
ClientResult<TorrentStatus> status_of(const detail::ClientState& state, const metainfo::InfoHash& info_hash) {
  if (auto ok = detail::check_torrent(state, info_hash); !ok) return tl::make_unexpected(ok.error());
  auto status = state.session->status(info_hash);
  if (!status) return client_fail(errc::torrent_destroyed, info_hash.hex());
  return std::move(*status);
}

}  // namespace

ClientResult<std::string> TorrentHandle::name() const {
  return status_of(*state_, info_hash_).map([](TorrentStatus s) { return std::move(s.name); });
}

ClientResult<std::uint64_t> TorrentHandle::length() const {
  if (auto ok = check(); !ok) return tl::make_unexpected(ok.error());
  auto layout = state_->session->view().files(info_hash_);
  if (!layout) return client_fail(errc::metadata_pending, info_hash_.hex());
  return layout->total_size();
}

ClientResult<std::vector<FileInfo>> TorrentHandle::files() const {
  if (auto ok = check(); !ok) return tl::make_unexpected(ok.error());
  auto layout = state_->session->view().files(info_hash_);
  if (!layout) return client_fail(errc::metadata_pending, info_hash_.hex());
  std::vector<FileInfo> out;
  for (const auto& file : layout->files()) {
    if (!file.pad) out.push_back({file.path, file.size, file.offset});
  }
  return out;
}

ClientResult<double> TorrentHandle::progress() const {
  return status_of(*state_, info_hash_).map([](const TorrentStatus& s) {
    return s.wanted_total == 0 ? 0.0 : static_cast<double>(s.wanted_done) / static_cast<double>(s.wanted_total);
  });
}

ClientResult<std::uint64_t> TorrentHandle::downloaded() const {
  return status_of(*state_, info_hash_).map([](const TorrentStatus& s) { return s.downloaded; });
}

ClientResult<std::uint64_t> TorrentHandle::uploaded() const {
  return status_of(*state_, info_hash_).map([](const TorrentStatus& s) { return s.uploaded; });
}

ClientResult<std::uint32_t> TorrentHandle::num_peers() const {
  return status_of(*state_, info_hash_).map([](const TorrentStatus& s) { return s.peers; });
}

ClientResult<std::string> TorrentHandle::magnet_uri() const {
  if (auto ok = check(); !ok) return tl::make_unexpected(ok.error());
  auto meta = state_->session->view().metainfo(info_hash_);
  if (!meta) return client_fail(errc::metadata_pending, info_hash_.hex());
  return metainfo::to_uri(metainfo::make_magnet(*meta));
}

ClientResult<FileReader> TorrentHandle::reader(std::size_t index) const {
  auto list = files();
  if (!list) return tl::make_unexpected(list.error());
  if (index >= list->size()) {
    return client_fail(errc::out_of_range, "file " + std::to_string(index) + " of " + std::to_string(list->size()));
  }
  const auto& file = (*list)[index];
  return FileReader(state_, info_hash_, file.offset, file.length);
}

Task<ClientResult<void>> TorrentHandle::destroy() {
  auto state = state_;
  const auto info_hash = info_hash_;
  if (auto ok = detail::check_torrent(*state, info_hash); !ok) co_return tl::make_unexpected(ok.error());
  state->torrents.erase(info_hash);
  auto removed = co_await state->session->remove_torrent(info_hash);
  if (!removed) co_return tl::make_unexpected(detail::from_engine(removed.error(), info_hash.hex()));
  co_return ClientResult<void>{};
}

}  // namespace corrent::client
