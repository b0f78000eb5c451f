// Uses the installed framework: its headers, its library, and the Asio compiled in it.
#include <cstdio>

#include <asio/io_context.hpp>
#include <asio/post.hpp>

#include "corrent/bencode/decode.hpp"
#include "corrent/bencode/encode.hpp"

int main() {
  namespace bc = corrent::bencode;
  bc::Value v;
  v["name"] = "out-of-tree";
  v["pieces"] = 3;
  const std::string bytes = bc::encode(v);
  auto doc = bc::decode(bytes);
  if (!doc || doc->root().find_string("name") != "out-of-tree") {
    std::fprintf(stderr, "bencode round trip failed\n");
    return 1;
  }

  asio::io_context io;
  int ran = 0;
  asio::post(io, [&] { ++ran; });
  io.run();
  if (ran != 1) return 1;
  std::printf("consumer: decoded %s through the installed corrent\n", bytes.c_str());
  return 0;
}
