// Uses the installed framework: its headers, its library, and the Asio compiled in it.
// Builds a torrent in memory, parses it back and checks its info-hash.
#include <cstdio>

#include <asio/io_context.hpp>
#include <asio/post.hpp>

#include "corrent/bencode/encode.hpp"
#include "corrent/crypto/sha1.hpp"
#include "corrent/metainfo/magnet.hpp"
#include "corrent/metainfo/metainfo.hpp"

int main() {
  namespace bc = corrent::bencode;
  const std::string payload(40000, 'x');
  bc::Value info;
  info["name"] = "out-of-tree.bin";
  info["length"] = static_cast<std::int64_t>(payload.size());
  info["piece length"] = 32768;
  std::string pieces;
  for (std::size_t at = 0; at < payload.size(); at += 32768) {
    pieces += corrent::crypto::Sha1::digest(std::string_view(payload).substr(at, 32768)).view();
  }
  info["pieces"] = pieces;
  bc::Value torrent;
  torrent["info"] = info;
  torrent["announce"] = "udp://127.0.0.1:6969/announce";

  auto parsed = corrent::metainfo::parse_torrent(bc::encode(torrent));
  if (!parsed) {
    std::fprintf(stderr, "parse failed: %s\n", parsed.error().message().c_str());
    return 1;
  }
  const auto expected = corrent::crypto::Sha1::digest(bc::encode(info));
  if (parsed->info_hash.hex() != expected.hex() || parsed->layout.piece_count() != 2) return 1;

  asio::io_context io;
  int ran = 0;
  asio::post(io, [&] { ++ran; });
  io.run();
  if (ran != 1) return 1;
  std::printf("consumer: %s\n", corrent::metainfo::to_uri(corrent::metainfo::make_magnet(*parsed)).c_str());
  return 0;
}
