#include "metainfo/info_parser.hpp"

#include <absl/container/inlined_vector.h>
#include <absl/strings/str_format.h>

#include "corrent/crypto/sha1.hpp"
#include "corrent/metainfo/errc.hpp"

namespace corrent::metainfo::detail {
namespace {

using bencode::Node;
using PathElements = absl::InlinedVector<std::string_view, 8>;

template <class E>
auto fail_at(E e, const Node& node) {
  return parse_fail(e, node.offset());
}

// `key.utf-8` when it is there with the right type (older clients put the UTF-8 form of
// a name beside a legacy-encoded one), else `key`.
std::optional<Node> find_preferring_utf8(const Node& dict, std::string_view key, bencode::Type type) {
  if (auto n = dict.find(std::string(key) + ".utf-8"); n && n->type() == type) return n;
  return dict.find(key);
}

// The elements of a list of strings, or nullopt when an element is not a string.
std::optional<PathElements> string_list(const Node& list) {
  PathElements out;
  for (Node item : list.items()) {
    auto s = item.as_string();
    if (!s) return std::nullopt;
    out.push_back(*s);
  }
  return out;
}

ParseResult<std::string> read_name(const Node& info, const InfoHash& hash, PathSanitizer& paths) {
  auto node = find_preferring_utf8(info, "name", bencode::Type::string);
  if (!node) return fail_at(errc::missing_name, info);
  auto raw = node->as_string();
  if (!raw) return fail_at(errc::invalid_name, *node);
  std::string name = sanitize_path_element(*raw);
  if (name.empty()) name = hash.hex();
  if (name != *raw) paths.note(absl::StrFormat("name \"%s\" stored as \"%s\"", printable(*raw), name));
  return name;
}

ParseResult<std::uint32_t> read_piece_length(const Node& info) {
  auto node = info.find("piece length");
  if (!node) return fail_at(errc::missing_piece_length, info);
  auto v = node->as_int();
  if (!v || *v <= 0 || *v > std::int64_t{kMaxPieceLength}) return fail_at(errc::invalid_piece_length, *node);
  return static_cast<std::uint32_t>(*v);
}

ParseResult<std::string_view> read_pieces(const Node& info, const TorrentLimits& limits) {
  auto node = info.find("pieces");
  // BEP 52: a v2-only torrent has a "file tree" and "meta version" 2 instead of "pieces".
  if (!node && (info.find_int("meta version") == 2 || info.find("file tree"))) return fail_at(errc::v2_only, info);
  if (!node) return fail_at(errc::missing_pieces, info);
  auto s = node->as_string();
  if (!s || s->size() % 20 != 0) return fail_at(errc::invalid_pieces, *node);
  if (s->size() / 20 > limits.max_pieces) return fail_at(errc::too_many_pieces, *node);
  return *s;
}

ParseResult<std::uint64_t> read_length(const Node& dict) {
  auto node = dict.find("length");
  if (!node) return fail_at(errc::invalid_file_size, dict);
  auto v = node->as_int();
  if (!v || *v < 0 || static_cast<std::uint64_t>(*v) > kMaxFileSize) {
    return fail_at(errc::invalid_file_size, *node);
  }
  return static_cast<std::uint64_t>(*v);
}

// BEP 47: "attr" flags, "symlink path" and "mtime", for a file dict (or a single-file
// info dict). `root` is what symlink targets are relative to.
void read_attributes(const Node& dict, std::string_view root, FileIndex index,
                     PathSanitizer& paths, FileEntry& file) {
  const std::string_view attr = dict.find_string("attr").value_or("");
  file.pad = attr.find('p') != std::string_view::npos;
  file.executable = attr.find('x') != std::string_view::npos;
  file.hidden = attr.find('h') != std::string_view::npos;
  file.mtime = dict.find_int("mtime");
  if (attr.find('l') == std::string_view::npos) return;
  auto target = dict.find_list("symlink path");
  auto elements = target ? string_list(*target) : std::nullopt;
  if (!elements) {
    paths.note(absl::StrFormat("file %u: symlink without a valid target kept as a file", index.value));
    return;
  }
  file.symlink_target = paths.symlink_target(root, *elements, index);
}

ParseResult<FileEntry> read_file_entry(const Node& entry, std::string_view root, FileIndex index,
                                       PathSanitizer& paths) {
  if (!entry.is_dict()) return fail_at(errc::invalid_file_entry, entry);
  FileEntry file;
  CORRENT_TRY(file.size, read_length(entry));
  auto path = find_preferring_utf8(entry, "path", bencode::Type::list);
  if (!path) return fail_at(errc::missing_path, entry);
  auto elements = path->is_list() ? string_list(*path) : std::nullopt;
  if (!elements) return fail_at(errc::invalid_path, *path);
  read_attributes(entry, root, index, paths, file);
  // Pad files are never written, and BEP 47 names them all alike (".pad/N"): they take
  // part in neither the duplicate check nor its renaming.
  auto safe = paths.file_path(root, *elements, index, /*unique=*/!file.pad);
  if (!safe) return parse_fail(safe.error(), path->offset());
  file.path = std::move(*safe);
  return file;
}

ParseResult<std::vector<FileEntry>> read_file_list(const Node& files, std::string_view name,
                                                   const TorrentLimits& limits, PathSanitizer& paths) {
  if (!files.is_list()) return fail_at(errc::invalid_file_list, files);
  const std::size_t count = files.size();
  if (count == 0) return fail_at(errc::no_files, files);
  if (count > limits.max_files) return fail_at(errc::too_many_files, files);
  std::vector<FileEntry> out;
  out.reserve(count);
  paths.reserve(count);
  for (Node entry : files.items()) {
    const FileIndex index{static_cast<std::uint32_t>(out.size())};
    CORRENT_TRY(FileEntry file, read_file_entry(entry, name, index, paths));
    out.push_back(std::move(file));
  }
  return out;
}

ParseResult<std::vector<FileEntry>> read_files(const Node& info, std::string_view name,
                                               const TorrentLimits& limits, PathSanitizer& paths,
                                               bool& multi_file) {
  auto length = info.find("length");
  auto files = info.find("files");
  if (length && files) return fail_at(errc::length_and_files, *files);
  if (!length && !files) return fail_at(errc::missing_length_and_files, info);
  multi_file = files.has_value();
  if (files) return read_file_list(*files, name, limits, paths);
  FileEntry file;
  CORRENT_TRY(file.size, read_length(info));
  file.path = name;
  read_attributes(info, "", FileIndex{0}, paths, file);
  std::vector<FileEntry> out;
  out.push_back(std::move(file));
  return out;
}

}  // namespace

ParseResult<void> parse_info(Node info, const TorrentLimits& limits, PathSanitizer& paths,
                             Metainfo& out) {
  out.info_bytes = std::string(info.raw());
  out.info_hash.bytes = crypto::Sha1::digest(info.raw()).bytes;
  CORRENT_TRY(out.name, read_name(info, out.info_hash, paths));
  CORRENT_TRY(const std::uint32_t piece_length, read_piece_length(info));
  CORRENT_TRY(const std::string_view pieces, read_pieces(info, limits));
  CORRENT_TRY(std::vector<FileEntry> files, read_files(info, out.name, limits, paths, out.multi_file));
  auto layout = FileLayout::make(std::move(files), piece_length);
  if (!layout) return parse_fail(layout.error(), info.offset());
  if (layout->total_size() == 0) return fail_at(errc::no_files, info);
  if (pieces.size() / 20 != layout->piece_count()) {
    return fail_at(errc::piece_count_mismatch, *info.find("pieces"));
  }
  out.layout = std::move(*layout);
  out.piece_hashes = std::string(pieces);
  out.is_private = info.find_int("private") == 1;
  return {};
}

}  // namespace corrent::metainfo::detail
