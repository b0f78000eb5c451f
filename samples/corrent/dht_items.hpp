#pragma once
// `corrent dht put`, `get` and `sample` (docs/cli.md): BEP 44 items and BEP 51 samples
// through plugins::DhtClient, and the key file mutable items are signed with.

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "corrent/core/result.hpp"
#include "corrent/core/task.hpp"
#include "corrent/plugins/dht/dht_client.hpp"
#include "dht_outcome.hpp"

namespace corrent::cli {

/// What `put` stores.
struct DhtPutRequest {
  std::string value;                    ///< canonical bencode (the command wraps text in a string)
  std::optional<std::filesystem::path> key_file;  ///< mutable when given
  std::string salt;
  std::optional<std::int64_t> seq;
  std::optional<std::int64_t> cas;
};

/// What `get` reads: an immutable target, or a public key (and salt) for a mutable item.
struct DhtGetRequest {
  std::optional<InfoHashBytes> target;
  std::optional<std::array<std::uint8_t, 32>> public_key;
  std::string salt;
};

/// The key in `path`: 64 hex digits of the ed25519 seed. A missing file is created with a
/// new random seed, readable by its owner only; `created` says so.
Result<plugins::DhtKey> load_or_create_key(const std::filesystem::path& path, bool& created);

/// `put`, `get` and `sample`, once the client has joined (the caller bootstraps).
Task<DhtOutcome> put_item(plugins::DhtClient& client, DhtPutRequest request);
Task<DhtOutcome> get_item(plugins::DhtClient& client, DhtGetRequest request);
Task<DhtOutcome> sample_infohashes(plugins::DhtClient& client, InfoHashBytes target);

}  // namespace corrent::cli
