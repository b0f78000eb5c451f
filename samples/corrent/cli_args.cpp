#include "cli_args.hpp"

namespace corrent::cli {

ArgResult<std::vector<net::Endpoint>> parse_peers(const std::vector<std::string>& texts) {
  std::vector<net::Endpoint> peers;
  for (const auto& text : texts) {
    auto endpoint = net::Endpoint::parse(text);
    if (!endpoint) return tl::make_unexpected("--peer " + text + ": " + endpoint.error().message());
    if (endpoint->port() == 0) return tl::make_unexpected("--peer " + text + ": port 0");
    peers.push_back(*endpoint);
  }
  return peers;
}

ArgResult<std::vector<std::uint8_t>> only_priorities(const std::vector<std::uint32_t>& only,
                                                     const metainfo::FileLayout& layout) {
  if (only.empty()) return std::vector<std::uint8_t>{};
  constexpr std::uint8_t kWanted = 4;
  const auto& files = layout.files();
  std::vector<std::uint8_t> prios(files.size(), 0);
  for (const auto index : only) {
    if (index >= files.size()) {
      return tl::make_unexpected("--only " + std::to_string(index) + ": the torrent has " +
                                 std::to_string(files.size()) + (files.size() == 1 ? " file" : " files") +
                                 " (numbered from 0, see corrent info)");
    }
    if (files[index].pad) return tl::make_unexpected("--only " + std::to_string(index) + ": that is a pad file");
    prios[index] = kWanted;
  }
  return prios;
}

ArgResult<std::vector<std::string>> listen_addresses(const std::string& host, std::uint32_t port) {
  if (port > 65535) return tl::make_unexpected("--port " + std::to_string(port) + ": not a port (0..65535)");
  const bool v6 = host.find(':') != std::string::npos;
  const std::string text = (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
  if (auto checked = net::Endpoint::parse(text); !checked) {
    return tl::make_unexpected("--bind " + host + ": " + checked.error().message());
  }
  return std::vector<std::string>{text};
}

}  // namespace corrent::cli
