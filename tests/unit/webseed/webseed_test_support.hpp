#pragma once
// Torrents made in memory for the web seed tests: files of deterministic bytes (or pad
// files), their layout and piece hashes; and a tiny HTTP file server's answer to a ranged
// GET, for tests/support/loopback_http_server.hpp.

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "corrent/crypto/sha1.hpp"
#include "corrent/metainfo/file_layout.hpp"
#include "corrent/metainfo/metainfo.hpp"
#include "support/loopback_http_server.hpp"
#include "support/temp_dir.hpp"

namespace webseed_test {

struct TestFile {
  std::string path;  // as FileEntry::path: starts with the torrent's name when multi-file
  std::string data;  // a pad file's zeros too
  bool pad = false;
};

// A torrent of `files` (its bytes laid end to end in `all`).
struct TestTorrent {
  corrent::metainfo::Metainfo meta;
  std::string all;
};

inline TestTorrent make_torrent(std::string name, std::vector<TestFile> files, std::uint32_t piece_length,
                                bool multi_file, std::vector<std::string> web_seeds = {}) {
  TestTorrent t;
  std::vector<corrent::metainfo::FileEntry> entries;
  for (const auto& f : files) {
    corrent::metainfo::FileEntry e;
    e.path = f.path;
    e.size = f.data.size();
    e.pad = f.pad;
    entries.push_back(e);
    t.all += f.data;
  }
  auto layout = corrent::metainfo::FileLayout::make(std::move(entries), piece_length);
  BOOST_TEST_REQUIRE(layout.has_value());
  t.meta.name = std::move(name);
  t.meta.multi_file = multi_file;
  t.meta.layout = std::move(*layout);
  t.meta.web_seeds = std::move(web_seeds);
  for (std::size_t at = 0; at < t.all.size(); at += piece_length) {
    t.meta.piece_hashes += corrent::crypto::Sha1::digest(std::string_view(t.all).substr(at, piece_length)).view();
  }
  t.meta.info_hash = *corrent::metainfo::InfoHash::from_bytes(corrent::crypto::Sha1::digest(t.all).view());
  return t;
}

// Serves `files` (URL path -> bytes) to ranged GETs: 206 with a Content-Range, 200 for a
// GET without Range, 404 for an unknown path.
inline std::string serve_file(const std::map<std::string, std::string>& files, const std::string& head) {
  const auto sp1 = head.find(' ');
  const auto sp2 = head.find(' ', sp1 + 1);
  const std::string target = head.substr(sp1 + 1, sp2 - sp1 - 1);
  const auto it = files.find(target);
  if (it == files.end()) return corrent::test::http_reply("", "404 Not Found");
  const std::string& data = it->second;
  const auto range_at = head.find("Range: bytes=");
  if (range_at == std::string::npos) return corrent::test::http_reply(data);
  const auto line_end = head.find("\r\n", range_at);
  const std::string spec = head.substr(range_at + 13, line_end - range_at - 13);
  const auto dash = spec.find('-');
  const std::uint64_t first = std::stoull(spec.substr(0, dash));
  const std::uint64_t last = std::stoull(spec.substr(dash + 1));
  return corrent::test::http_reply(data.substr(first, last - first + 1), "206 Partial Content",
                                   "Content-Range: bytes " + std::to_string(first) + "-" + std::to_string(last) +
                                       "/" + std::to_string(data.size()) + "\r\n");
}

}  // namespace webseed_test
