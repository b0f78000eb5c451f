// Parse time of a large .torrent: builds one with N files (default 100 000) in memory,
// optionally writes it to a file (so another client can parse the same bytes), and prints
// the best of R parses. bench/metainfo.sh puts the figure beside libtorrent's.
//   bench_metainfo_parse [files] [rounds] [out.torrent]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "corrent/bencode/encode.hpp"
#include "corrent/metainfo/metainfo.hpp"

namespace {

std::string make_torrent(int file_count) {
  namespace bc = corrent::bencode;
  bc::Value files = bc::Value::list();
  std::int64_t total = 0;
  for (int i = 0; i < file_count; ++i) {
    bc::Value f;
    f["length"] = 1000;
    f["path"].push_back("dir" + std::to_string(i % 1000));
    f["path"].push_back("file" + std::to_string(i) + ".dat");
    files.push_back(std::move(f));
    total += 1000;
  }
  constexpr std::int64_t kPieceLength = 1 << 20;
  bc::Value info;
  info["name"] = "bench";
  info["piece length"] = kPieceLength;
  info["files"] = std::move(files);
  info["pieces"] = std::string(static_cast<std::size_t>((total + kPieceLength - 1) / kPieceLength) * 20, 'h');
  bc::Value torrent;
  torrent["info"] = std::move(info);
  return bc::encode(torrent);
}

}  // namespace

int main(int argc, char** argv) {
  const int file_count = argc > 1 ? std::atoi(argv[1]) : 100'000;
  const int rounds = argc > 2 ? std::atoi(argv[2]) : 5;
  const std::string bytes = make_torrent(file_count);
  if (argc > 3) std::ofstream(argv[3], std::ios::binary) << bytes;
  double best = 1e9;
  for (int r = 0; r < rounds; ++r) {
    const auto start = std::chrono::steady_clock::now();
    auto m = corrent::metainfo::parse_torrent(bytes);
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    if (!m) {
      std::fprintf(stderr, "parse failed: %s\n", m.error().message().c_str());
      return 1;
    }
    best = std::min(best, took.count());
  }
  std::printf("corrent: %d files, %zu bytes, best of %d parses: %.3f s\n", file_count, bytes.size(),
              rounds, best);
  return 0;
}
