#include "corrent/metainfo/torrent_creator.hpp"

#include <chrono>
#include <system_error>
#include <utility>

#include "corrent/bencode/encode.hpp"
#include "corrent/crypto/sha1.hpp"
#include "corrent/metainfo/creator_plan.hpp"
#include "corrent/metainfo/metainfo.hpp"

namespace corrent::metainfo {
namespace {

bool savable_name(std::string_view name) {
  return !name.empty() && name != "." && name != ".." && name.find('/') == std::string_view::npos;
}

// 20 bytes per piece of `data`, in order.
std::string piece_hashes(std::span<const std::byte> data, std::uint32_t piece_length) {
  std::string out;
  crypto::Sha1 hasher;
  for (std::size_t at = 0; at < data.size(); at += piece_length) {
    hasher.update(data.subspan(at, std::min<std::size_t>(piece_length, data.size() - at)));
    out += hasher.finish().view();
  }
  return out;
}

}  // namespace

TorrentCreator::TorrentCreator() { options_.piece_length = kDefaultCreatorPieceLength; }

TorrentCreator& TorrentCreator::with_piece_length(std::uint32_t length) {
  options_.piece_length = length;
  return *this;
}

TorrentCreator& TorrentCreator::with_announce(std::vector<std::string> urls) {
  options_.trackers.clear();
  for (auto& url : urls) options_.trackers.push_back({std::move(url)});
  return *this;
}

TorrentCreator& TorrentCreator::with_announce_list(std::vector<std::vector<std::string>> tiers) {
  options_.trackers = std::move(tiers);
  return *this;
}

TorrentCreator& TorrentCreator::with_comment(std::string comment) {
  options_.comment = std::move(comment);
  return *this;
}

TorrentCreator& TorrentCreator::with_created_by(std::string created_by) {
  options_.created_by = std::move(created_by);
  return *this;
}

TorrentCreator& TorrentCreator::with_private(bool is_private) {
  options_.is_private = is_private;
  return *this;
}

TorrentCreator& TorrentCreator::with_url_list(std::vector<std::string> urls) {
  options_.web_seeds = std::move(urls);
  return *this;
}

TorrentCreator& TorrentCreator::with_creation_date(std::int64_t unix_time) {
  options_.creation_date = unix_time;
  return *this;
}

Result<CreatedTorrent> TorrentCreator::create_from_data(std::string name, std::span<const std::byte> data) const {
  if (!savable_name(name)) return fail(std::make_error_code(std::errc::invalid_argument));
  std::vector<CreatorFile> files(1);
  files[0].size = data.size();
  CORRENT_TRY(const auto plan, CreatorPlan::make(std::move(name), false, std::move(files), options_));
  const auto now =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  CORRENT_TRY(const auto value, build_torrent(plan, piece_hashes(data, plan.piece_length()), options_, now));
  CreatedTorrent out;
  out.torrent = bencode::encode(value);
  // The info-hash as any reader computes it: from the info dict's bytes in the file.
  auto parsed = parse_torrent(out.torrent);
  if (!parsed) return fail(parsed.error().code);
  out.info_hash = parsed->info_hash;
  return out;
}

Result<CreatedTorrent> TorrentCreator::create_from_data(std::string name, std::string_view data) const {
  return create_from_data(std::move(name), std::as_bytes(std::span(data.data(), data.size())));
}

}  // namespace corrent::metainfo
