#pragma once
// The saved routing tables on disk (table_state.hpp is the format). Blocking POSIX file
// I/O, on purpose: it runs once at start and once at stop, on a file of a few KiB at
// most (kMaxTableStateSize), which is cheaper than a trip to a thread pool.

#include <filesystem>

#include "corrent/core/result.hpp"
#include "table_state.hpp"

namespace corrent::dht {

/// Reads and decodes the state at `path`. Errors: std::errc::no_such_file_or_directory
/// when there is none (normal at a first start), table_state_errc::too_large past
/// kMaxTableStateSize (without reading it all), the decoder's table_state_errc, the
/// system's.
[[nodiscard]] Result<TableState> load_table_state(const std::filesystem::path& path);

/// Writes `state` to `path` atomically: a temporary file in the same directory (created
/// if missing), flushed to disk, then renamed over `path`, so a crash leaves the old file
/// or the new one, never half of one. Errors: the system's (the temporary file removed).
[[nodiscard]] Result<void> save_table_state(const std::filesystem::path& path, const TableState& state);

}  // namespace corrent::dht
