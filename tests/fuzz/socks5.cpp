// Fuzz target: the SOCKS5 reply parser, the UDP request header and proxy URLs. The reply
// parser is driven as socks5_connect drives it (exactly the bytes it asks for); a parsed
// reply or header must encode back to the same bytes.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string_view>
#include <variant>

#include "corrent/net/socks5.hpp"

namespace {

namespace net = corrent::net;

void reply(std::span<const std::byte> input) {
  std::size_t have = 0;
  while (true) {
    const auto step = net::parse_socks5_reply(input.first(have));
    if (!step) return;
    if (const auto* done = std::get_if<net::Socks5Reply>(&*step)) {
      if (done->size != have || have > net::kSocks5MaxReplySize) std::abort();
      // The same address encoded again (as a request's) gives the reply's address bytes.
      const auto encoded = net::encode_socks5_request(net::Socks5Command::connect, done->bound);
      if (!encoded || !std::equal(encoded->begin() + 3, encoded->end(), input.begin() + 3)) std::abort();
      return;
    }
    const std::size_t need = std::get<net::Socks5NeedMore>(*step).bytes;
    if (need == 0 || have + need > net::kSocks5MaxReplySize) std::abort();
    if (have + need > input.size()) return;
    have += need;
  }
}

void udp_header(std::span<const std::byte> input) {
  const auto header = net::parse_socks5_udp_header(input);
  if (!header) return;
  if (header->size > input.size()) std::abort();
  const auto encoded = net::encode_socks5_udp_header(header->target);
  if (!encoded || encoded->size() != header->size ||
      !std::equal(encoded->begin() + 3, encoded->end(), input.begin() + 3)) {
    std::abort();
  }
}

void proxy_url(std::string_view text) {
  const auto settings = net::parse_proxy_url(text);
  if (!settings) return;
  if (settings->host.empty() || settings->port == 0) std::abort();
  if (settings->has_credentials() && !net::encode_socks5_auth(settings->user, settings->password)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::byte> input(reinterpret_cast<const std::byte*>(data), size);
  reply(input);
  udp_header(input);
  proxy_url(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
