#pragma once
// Building test torrents from bencode::Value, and the path invariant every parsed
// torrent must satisfy.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "corrent/bencode/encode.hpp"
#include "corrent/bencode/value.hpp"
#include "corrent/metainfo/metainfo.hpp"
#include "corrent/metainfo/path_sanitizer.hpp"

namespace corrent::test {

namespace bc = corrent::bencode;

/// Fake piece hashes: 20 bytes for each piece of `total` bytes cut in `piece_length`.
inline std::string fake_pieces(std::uint64_t total, std::uint64_t piece_length) {
  return std::string(static_cast<std::size_t>((total + piece_length - 1) / piece_length * 20), 'h');
}

/// One entry of a multi-file "files" list.
inline bc::Value file_entry(std::vector<std::string> path, std::int64_t length, std::string attr = "") {
  bc::Value f = bc::Value::dict();
  f["length"] = length;
  bc::Value p = bc::Value::list();
  for (auto& e : path) p.push_back(bc::Value(std::move(e)));
  f["path"] = std::move(p);
  if (!attr.empty()) f["attr"] = std::move(attr);
  return f;
}

/// A single-file info dict with correct piece count.
inline bc::Value single_info(std::string name, std::int64_t length, std::int64_t piece_length = 16384) {
  bc::Value info = bc::Value::dict();
  info["name"] = std::move(name);
  info["length"] = length;
  info["piece length"] = piece_length;
  info["pieces"] = fake_pieces(static_cast<std::uint64_t>(length), static_cast<std::uint64_t>(piece_length));
  return info;
}

/// A multi-file info dict over `files` (file_entry values), with correct piece count.
inline bc::Value multi_info(std::string name, std::vector<bc::Value> files, std::int64_t piece_length = 16384) {
  std::uint64_t total = 0;
  bc::Value list = bc::Value::list();
  for (auto& f : files) {
    if (const auto* l = f.find("length"); l && l->is_int() && l->as_int() > 0) total += static_cast<std::uint64_t>(l->as_int());
    list.push_back(std::move(f));
  }
  bc::Value info = bc::Value::dict();
  info["name"] = std::move(name);
  info["files"] = std::move(list);
  info["piece length"] = piece_length;
  info["pieces"] = fake_pieces(total, static_cast<std::uint64_t>(piece_length));
  return info;
}

/// A whole .torrent around `info`.
inline bc::Value torrent_of(bc::Value info) {
  bc::Value t = bc::Value::dict();
  t["announce"] = "http://tracker.example/announce";
  t["info"] = std::move(info);
  return t;
}

inline std::string encoded(const bc::Value& v) { return bc::encode(v); }

/// Why `r` failed, or "" when it did not: for test messages, which Boost.Test builds
/// even when the assertion passes.
template <class R>
std::string why(const R& r) {
  return r ? std::string() : r.error().message();
}

/// The sanitiser's promise about every path of a parsed torrent.
inline bool is_safe_path(std::string_view path) { return metainfo::is_safe_relative_path(path); }

/// The layout invariants of a parsed torrent: safe paths, contiguous offsets.
inline bool has_safe_layout(const metainfo::Metainfo& m) {
  std::uint64_t offset = 0;
  for (const auto& f : m.layout.files()) {
    if (!is_safe_path(f.path) || f.offset != offset) return false;
    if (f.symlink_target && !is_safe_path(*f.symlink_target)) return false;
    offset += f.size;
  }
  return offset == m.layout.total_size();
}

}  // namespace corrent::test
