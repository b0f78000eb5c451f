#include "corrent/metainfo/creator_plan.hpp"

#include <bit>
#include <utility>

namespace corrent::metainfo {
namespace {

constexpr std::size_t kSha1Size = 20;

// BEP 47 pad files: libtorrent's convention, a ".pad" folder with the size as name, so
// that clients without BEP 47 at least keep them apart from the payload.
CreatorFile make_pad(std::uint64_t size) {
  CreatorFile pad;
  pad.path = {".pad", std::to_string(size)};
  pad.size = size;
  pad.pad = true;
  return pad;
}

// A pad file after every file that does not end on a piece boundary, as libtorrent's
// canonical layout, so every non-empty file starts a piece; none once only empty files
// remain, since nothing would be aligned by it.
std::vector<CreatorFile> insert_pads(std::vector<CreatorFile> files, std::uint32_t piece_length) {
  std::size_t last_nonempty = 0;
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (files[i].size != 0) last_nonempty = i;
  }
  std::vector<CreatorFile> out;
  out.reserve(files.size() * 2);
  std::uint64_t offset = 0;
  for (std::size_t i = 0; i < files.size(); ++i) {
    offset += files[i].size;
    out.push_back(std::move(files[i]));
    const auto misalign = offset % piece_length;
    if (misalign != 0 && i < last_nonempty) {
      out.push_back(make_pad(piece_length - misalign));
      offset += piece_length - misalign;
    }
  }
  return out;
}

bencode::Value path_list(const std::vector<std::string>& components) {
  auto list = bencode::Value::list();
  for (const auto& c : components) list.push_back(c);
  return list;
}

bencode::Value file_dict(const CreatorFile& file) {
  auto dict = bencode::Value::dict();
  dict["length"] = static_cast<std::int64_t>(file.size);
  dict["path"] = path_list(file.path);
  std::string attr;
  if (file.pad) attr += 'p';
  if (file.executable) attr += 'x';
  if (!attr.empty()) dict["attr"] = attr;
  return dict;
}

bencode::Value info_dict(const CreatorPlan& plan, std::string_view piece_hashes, const CreateOptions& options) {
  auto info = bencode::Value::dict();
  info["name"] = plan.name();
  info["piece length"] = static_cast<std::int64_t>(plan.piece_length());
  info["pieces"] = piece_hashes;
  if (options.is_private) info["private"] = 1;
  if (!options.source.empty()) info["source"] = options.source;
  if (plan.multi_file()) {
    auto files = bencode::Value::list();
    for (const auto& file : plan.files()) files.push_back(file_dict(file));
    info["files"] = std::move(files);
  } else {
    const auto& file = plan.files().front();
    info["length"] = static_cast<std::int64_t>(file.size);
    if (file.executable) info["attr"] = "x";
  }
  return info;
}

void add_trackers(bencode::Value& torrent, const std::vector<std::vector<std::string>>& tiers) {
  auto list = bencode::Value::list();
  for (const auto& tier : tiers) {
    if (tier.empty()) continue;
    auto urls = bencode::Value::list();
    for (const auto& url : tier) urls.push_back(url);
    list.push_back(std::move(urls));
  }
  if (list.as_list().empty()) return;
  torrent["announce"] = list.as_list().front().as_list().front();
  torrent["announce-list"] = std::move(list);
}

}  // namespace

Result<void> check_piece_length(std::uint64_t piece_length) {
  if (piece_length < kMinCreatePieceLength || piece_length > kMaxCreatePieceLength ||
      !std::has_single_bit(piece_length)) {
    return fail(creator_errc::invalid_piece_length);
  }
  return {};
}

std::uint32_t choose_piece_length(std::uint64_t payload_size) {
  std::uint32_t length = kMinCreatePieceLength;
  while (length < kMaxCreatePieceLength && (payload_size + length - 1) / length > kTargetPieceCount) {
    length *= 2;
  }
  return length;
}

Result<CreatorPlan> CreatorPlan::make(std::string name, bool multi_file, std::vector<CreatorFile> files,
                                      const CreateOptions& options) {
  std::uint64_t payload = 0;
  for (const auto& file : files) payload += file.size;
  if (payload == 0) return fail(creator_errc::empty_payload);
  if (!multi_file && files.size() != 1) return fail(creator_errc::unsupported_source);
  if (options.piece_length != 0) CORRENT_TRY_VOID(check_piece_length(options.piece_length));

  CreatorPlan plan;
  plan.name_ = std::move(name);
  plan.multi_file_ = multi_file;
  plan.piece_length_ = options.piece_length != 0 ? options.piece_length : choose_piece_length(payload);
  plan.files_ = options.pad_files && multi_file ? insert_pads(std::move(files), plan.piece_length_)
                                                : std::move(files);
  for (auto& file : plan.files_) {
    file.offset = plan.total_size_;
    plan.total_size_ += file.size;
  }
  if ((plan.total_size_ + plan.piece_length_ - 1) / plan.piece_length_ > kMaxCreatePieceCount) {
    return fail(creator_errc::too_many_pieces);
  }
  return plan;
}

std::uint32_t CreatorPlan::piece_count() const {
  return static_cast<std::uint32_t>((total_size_ + piece_length_ - 1) / piece_length_);
}

Result<bencode::Value> build_torrent(const CreatorPlan& plan, std::string_view piece_hashes,
                                     const CreateOptions& options, std::int64_t now) {
  if (piece_hashes.size() != std::size_t{plan.piece_count()} * kSha1Size) {
    return fail(creator_errc::bad_hash_count);
  }
  auto torrent = bencode::Value::dict();
  add_trackers(torrent, options.trackers);
  if (!options.web_seeds.empty()) {
    auto seeds = bencode::Value::list();
    for (const auto& url : options.web_seeds) seeds.push_back(url);
    torrent["url-list"] = std::move(seeds);
  }
  if (!options.comment.empty()) torrent["comment"] = options.comment;
  if (!options.created_by.empty()) torrent["created by"] = options.created_by;
  torrent["creation date"] = options.creation_date.value_or(now);
  torrent["info"] = info_dict(plan, piece_hashes, options);
  return torrent;
}

}  // namespace corrent::metainfo
