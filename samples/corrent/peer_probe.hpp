#pragma once
// What `corrent peer` does: connect to one peer, handshake, listen to what it says and,
// if asked, download one piece and check its SHA-1. Everything is bounded by one deadline.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "corrent/core/error.hpp"
#include "corrent/core/result.hpp"
#include "corrent/core/task.hpp"
#include "corrent/metainfo/metainfo.hpp"
#include "corrent/net/transport.hpp"
#include "corrent/wire/extension_handshake.hpp"
#include "corrent/wire/handshake.hpp"

namespace corrent::cli {

/// What a probe tells apart beyond the connection's own errors ("corrent.cli.peer").
enum class probe_errc {
  ok = 0,
  refused_info_hash,  ///< the peer closed the connection instead of answering our handshake
};
std::string_view describe(probe_errc e) noexcept;
constexpr const char* category_name(probe_errc) noexcept { return "corrent.cli.peer"; }
CORRENT_ERROR_ENUM(probe_errc)

/// What the peer said.
struct ProbeReport {
  net::Endpoint endpoint;
  wire::Handshake theirs;
  std::string client;  ///< "v", else guessed from the peer id
  std::optional<wire::ExtensionHandshake> extensions;  ///< when both sides speak BEP 10
  std::uint32_t piece_count = 0;
  std::uint32_t pieces_have = 0;
  std::string pieces_how = "nothing";  ///< "bitfield", "have all", "have none", "nothing"
  struct Fetch {
    std::uint32_t piece = 0;
    std::uint32_t bytes = 0;
    std::string sha1;       ///< of what arrived, hex
    bool ok = false;        ///< matches the torrent's hash
    std::string failure;    ///< why not, when !ok
  };
  std::optional<Fetch> fetch;
};

/// Connects through `transport`, handshakes for `torrent`, waits for the peer's extension
/// handshake and piece announcement, and fetches `fetch_piece` if given. Errors: the
/// connection's (refused, timed out, closed by the peer with its reason).
Task<Result<ProbeReport>> probe_peer(net::Transport& transport, net::Endpoint to,
                                     const metainfo::Metainfo& torrent,
                                     std::optional<std::uint32_t> fetch_piece,
                                     std::chrono::milliseconds timeout);

}  // namespace corrent::cli

CORRENT_ERROR_ENUM_TRAIT(corrent::cli::probe_errc);
