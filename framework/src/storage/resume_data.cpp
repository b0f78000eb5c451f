#include "corrent/storage/resume_data.hpp"

#include <limits>

#include "corrent/bencode/decode.hpp"
#include "corrent/bencode/encode.hpp"
#include "corrent/bencode/value.hpp"
#include "corrent/metainfo/limits.hpp"
#include "corrent/storage/limits.hpp"

namespace corrent::storage {

std::string_view describe(resume_errc e) noexcept {
  switch (e) {
    case resume_errc::ok: return "ok";
    case resume_errc::too_large: return "resume data too large";
    case resume_errc::not_a_dict: return "resume data is not a dict";
    case resume_errc::bad_version: return "unknown resume data version";
    case resume_errc::missing_field: return "resume data field missing or of the wrong type";
    case resume_errc::wrong_info_hash: return "resume data of another torrent";
    case resume_errc::wrong_piece_count: return "resume bitfield does not fit the torrent";
    case resume_errc::wrong_file_count: return "resume data file count does not match";
    case resume_errc::bad_number: return "resume data number out of range";
    case resume_errc::locked: return "resume data in use by another process";
  }
  return "unknown resume error";
}

namespace {

constexpr std::string_view kVersionKey = "corrent-resume";
constexpr std::int64_t kVersion = 1;
constexpr std::int64_t kMaxPriority = 7;

using bencode::Node;

/// A non-negative integer no larger than `max`.
ParseResult<std::uint64_t> unsigned_at(const Node& node, std::uint64_t max) {
  const auto v = node.as_int();
  if (!v) return parse_fail(resume_errc::missing_field, node.offset());
  if (*v < 0 || static_cast<std::uint64_t>(*v) > max) {
    return parse_fail(resume_errc::bad_number, node.offset());
  }
  return static_cast<std::uint64_t>(*v);
}

ParseResult<Node> field(const Node& root, std::string_view key) {
  const auto n = root.find(key);
  if (!n) return parse_fail(resume_errc::missing_field, root.offset());
  return *n;
}

ParseResult<FileState> parse_file(const Node& node) {
  if (!node.is_list() || node.size() != 3) {
    return parse_fail(resume_errc::missing_field, node.offset());
  }
  auto it = node.items().begin();
  const Node exists = *it++;
  const Node size = *it++;
  const Node mtime = *it;
  FileState f;
  CORRENT_TRY(const auto e, unsigned_at(exists, 1));
  CORRENT_TRY(f.size, unsigned_at(size, metainfo::kMaxFileSize));
  const auto m = mtime.as_int();
  if (!m) return parse_fail(resume_errc::missing_field, mtime.offset());
  f.exists = e == 1;
  f.mtime_ns = *m;
  return f;
}

ParseResult<std::vector<FileState>> parse_files(const Node& list, std::size_t file_count) {
  if (!list.is_list()) return parse_fail(resume_errc::missing_field, list.offset());
  if (list.size() != file_count) return parse_fail(resume_errc::wrong_file_count, list.offset());
  std::vector<FileState> files;
  files.reserve(file_count);
  for (const Node item : list.items()) {
    CORRENT_TRY(auto f, parse_file(item));
    files.push_back(f);
  }
  return files;
}

ParseResult<std::vector<std::uint8_t>> parse_priorities(const Node& list, std::size_t file_count) {
  if (!list.is_list()) return parse_fail(resume_errc::missing_field, list.offset());
  const std::size_t n = list.size();
  if (n != 0 && n != file_count) return parse_fail(resume_errc::wrong_file_count, list.offset());
  std::vector<std::uint8_t> prios;
  prios.reserve(n);
  for (const Node item : list.items()) {
    CORRENT_TRY(const auto p, unsigned_at(item, kMaxPriority));
    prios.push_back(static_cast<std::uint8_t>(p));
  }
  return prios;
}

}  // namespace

std::string encode_resume(const ResumeData& data) {
  auto root = bencode::Value::dict();
  root[kVersionKey] = kVersion;
  root["info-hash"] = std::string(data.info_hash.view());
  root["pieces"] = data.have.to_wire();
  auto& files = root["files"];
  files = bencode::Value::list();
  for (const auto& f : data.files) {
    files.push_back(bencode::Value::List{std::int64_t{f.exists ? 1 : 0},
                                         static_cast<std::int64_t>(f.size), f.mtime_ns});
  }
  auto& prios = root["file-priorities"];
  prios = bencode::Value::list();
  for (const auto p : data.file_priorities) prios.push_back(std::int64_t{p});
  root["uploaded"] = static_cast<std::int64_t>(data.uploaded);
  root["downloaded"] = static_cast<std::int64_t>(data.downloaded);
  if (!data.info.empty()) root["info"] = data.info;
  return bencode::encode(root);
}

ParseResult<ResumeData> parse_resume(std::string_view bytes, const metainfo::InfoHash& expected,
                                     const wire::TorrentShape& shape, std::size_t file_count) {
  if (bytes.size() > kMaxResumeBytes) return parse_fail(resume_errc::too_large, 0);
  // Tokens bounded by what this torrent's resume data can hold: 4 per file entry, 1 per
  // priority, and a few dozen for the rest (unknown keys included).
  bencode::DecodeOptions options;
  options.limits.max_depth = 4;
  options.limits.max_tokens = 5 * file_count + 64;
  CORRENT_TRY(const auto doc, bencode::decode(bytes, options));
  const Node root = doc.root();
  if (!root.is_dict()) return parse_fail(resume_errc::not_a_dict, 0);
  if (root.find_int(kVersionKey) != kVersion) return parse_fail(resume_errc::bad_version, 0);

  ResumeData out;
  CORRENT_TRY(const Node hash, field(root, "info-hash"));
  const auto raw_hash = hash.as_string();
  if (!raw_hash) return parse_fail(resume_errc::missing_field, hash.offset());
  const auto ih = metainfo::InfoHash::from_bytes(*raw_hash);
  if (!ih || *ih != expected) return parse_fail(resume_errc::wrong_info_hash, hash.offset());
  out.info_hash = *ih;

  CORRENT_TRY(const Node pieces, field(root, "pieces"));
  const auto raw_pieces = pieces.as_string();
  if (!raw_pieces) return parse_fail(resume_errc::missing_field, pieces.offset());
  auto have = Bitfield::from_wire(*raw_pieces, shape.piece_count);
  if (!have) return parse_fail(resume_errc::wrong_piece_count, pieces.offset());
  out.have = std::move(*have);

  CORRENT_TRY(const Node files, field(root, "files"));
  CORRENT_TRY(out.files, parse_files(files, file_count));
  CORRENT_TRY(const Node prios, field(root, "file-priorities"));
  CORRENT_TRY(out.file_priorities, parse_priorities(prios, file_count));
  constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  CORRENT_TRY(const Node up, field(root, "uploaded"));
  CORRENT_TRY(out.uploaded, unsigned_at(up, kMax));
  CORRENT_TRY(const Node down, field(root, "downloaded"));
  CORRENT_TRY(out.downloaded, unsigned_at(down, kMax));
  if (const auto info = root.find("info")) {
    const auto raw = info->as_string();
    if (!raw) return parse_fail(resume_errc::missing_field, info->offset());
    out.info = std::string(*raw);
  }
  return out;
}

ParseResult<std::string> parse_resume_info(std::string_view bytes, const metainfo::InfoHash& expected) {
  if (bytes.size() > kMaxResumeBytes) return parse_fail(resume_errc::too_large, 0);
  // The file count is not known yet: the bound of the largest torrent we accept.
  bencode::DecodeOptions options;
  options.limits.max_depth = 4;
  options.limits.max_tokens = 5 * metainfo::kDefaultMaxFiles + 64;
  CORRENT_TRY(const auto doc, bencode::decode(bytes, options));
  const Node root = doc.root();
  if (!root.is_dict()) return parse_fail(resume_errc::not_a_dict, 0);
  if (root.find_int(kVersionKey) != kVersion) return parse_fail(resume_errc::bad_version, 0);
  CORRENT_TRY(const Node hash, field(root, "info-hash"));
  const auto raw_hash = hash.as_string();
  const auto ih = raw_hash ? metainfo::InfoHash::from_bytes(*raw_hash) : std::nullopt;
  if (!ih || *ih != expected) return parse_fail(resume_errc::wrong_info_hash, hash.offset());
  const auto info = root.find("info");
  if (!info) return std::string{};
  const auto raw = info->as_string();
  if (!raw) return parse_fail(resume_errc::missing_field, info->offset());
  return std::string(*raw);
}

}  // namespace corrent::storage
