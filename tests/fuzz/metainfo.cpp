// Fuzz target: .torrent parsing. Beyond not crashing: whatever parses must have a layout
// that cannot leave the download directory (relative paths, no "."/".." elements, no
// separator or control character inside an element) and offsets and sizes that add up.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "corrent/metainfo/metainfo.hpp"
#include "corrent/metainfo/path_sanitizer.hpp"

namespace {

bool safe_path(std::string_view path) { return corrent::metainfo::is_safe_relative_path(path); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace mi = corrent::metainfo;
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  auto m = mi::parse_torrent(in);
  if (!m) return 0;
  const auto& layout = m->layout;
  std::uint64_t offset = 0;
  for (const auto& f : layout.files()) {
    if (!safe_path(f.path) || f.offset != offset) std::abort();
    if (f.symlink_target && !safe_path(*f.symlink_target)) std::abort();
    offset += f.size;
  }
  if (offset != layout.total_size() || layout.total_size() == 0) std::abort();
  const std::uint64_t pieces = (layout.total_size() + layout.piece_length() - 1) / layout.piece_length();
  if (pieces != layout.piece_count() || m->piece_hashes.size() != pieces * 20) std::abort();
  if (!safe_path(m->name)) std::abort();
  return 0;
}
