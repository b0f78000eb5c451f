#pragma once
// Command-line values of the engine commands turned into engine types, with errors fit for
// people: --peer IP:PORT, --only FILE_INDEX and --port N.

#include <cstdint>
#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "corrent/metainfo/file_layout.hpp"
#include "corrent/net/endpoint.hpp"

namespace corrent::cli {

/// A failed conversion: the message for report_error (the command name is added there).
template <class T>
using ArgResult = tl::expected<T, std::string>;

/// Each "IP:PORT" or "[IPv6]:PORT"; the port must not be 0.
ArgResult<std::vector<net::Endpoint>> parse_peers(const std::vector<std::string>& texts);

/// File priorities for `--only`: empty (every file wanted) when `only` is empty, else 4
/// for each listed file and 0 for every other. Each index must name a file of `layout`
/// (as `corrent info` numbers them) that is not a pad file.
ArgResult<std::vector<std::uint8_t>> only_priorities(const std::vector<std::uint32_t>& only,
                                                     const metainfo::FileLayout& layout);

/// The listen addresses for --bind HOST and --port N: {"HOST:N"} (IPv6 hosts bracketed).
ArgResult<std::vector<std::string>> listen_addresses(const std::string& host, std::uint32_t port);

}  // namespace corrent::cli
