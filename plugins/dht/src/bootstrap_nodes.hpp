#pragma once
// The bootstrap node list as configured ("HOST:PORT" texts, numeric or by name), split
// into endpoints and names to resolve: one parser for the "dht" section and DhtClient.

#include <span>
#include <string>
#include <vector>

#include "corrent/core/result.hpp"
#include "corrent/net/endpoint.hpp"
#include "dht_node.hpp"

namespace corrent::dht {

struct BootstrapNodes {
  std::vector<net::Endpoint> numeric;  ///< "1.2.3.4:6881", "[::1]:6881"
  std::vector<HostPort> named;         ///< "router.bittorrent.com:6881"
};

/// Each text is IP:PORT ([IPv6]:PORT) or NAME:PORT (letters, digits, '.', '-'), the port
/// 1..65535. Errors: net::errc::bad_port for port 0, else the endpoint parser's.
Result<BootstrapNodes> parse_bootstrap_nodes(std::span<const std::string> texts);

}  // namespace corrent::dht
