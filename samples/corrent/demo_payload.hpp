#pragma once
// The payload of `corrent demo`: a folder of a few files of deterministic bytes, and the
// byte-for-byte comparison of the downloaded copy with it.

#include <cstdint>
#include <filesystem>
#include <string>

#include "cli_args.hpp"

namespace corrent::cli {

/// The demo folder's name (and so the torrent's).
inline constexpr const char* kDemoName = "corrent-demo";

/// What make_demo_payload() wrote.
struct DemoPayload {
  std::filesystem::path root;  ///< parent / kDemoName
  std::uint64_t bytes = 0;
  std::size_t files = 0;
};

/// Writes parent/corrent-demo/: a README and three data files, `size` bytes in all
/// (at least 1 KiB), each file's bytes a fixed function of its index.
ArgResult<DemoPayload> make_demo_payload(const std::filesystem::path& parent, std::uint64_t size);

/// Whether every regular file below `original` has the same bytes under `copy` (same
/// relative path). The error names the first file that differs or is missing.
ArgResult<void> same_tree(const std::filesystem::path& original, const std::filesystem::path& copy);

}  // namespace corrent::cli
