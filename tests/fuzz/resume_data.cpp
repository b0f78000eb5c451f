// parse_resume on arbitrary bytes: byte 0 is the piece count, byte 1 the file count, the
// rest is the resume data (for the info-hash of twenty 0xab bytes). Accepted data must fit
// the torrent and survive encode -> parse unchanged; parse_resume_info (read before the
// shape is known, for a magnet) must agree with parse_resume about the "info" it holds.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "corrent/storage/resume_data.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const std::uint32_t pieces = data[0];
  const std::size_t files = data[1];
  const corrent::wire::TorrentShape shape{pieces, 16384, std::uint64_t{pieces} * 16384};
  corrent::metainfo::InfoHash expected;
  expected.bytes.fill(0xab);
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 2, size - 2);
  const auto info = corrent::storage::parse_resume_info(bytes, expected);
  const auto parsed = corrent::storage::parse_resume(bytes, expected, shape, files);
  if (!parsed) return 0;
  if (!info || *info != parsed->info) std::abort();
  if (parsed->have.size() != pieces || parsed->files.size() != files) std::abort();
  if (!parsed->file_priorities.empty() && parsed->file_priorities.size() != files) std::abort();
  for (const auto p : parsed->file_priorities) {
    if (p > 7) std::abort();
  }
  const auto again = corrent::storage::parse_resume(corrent::storage::encode_resume(*parsed),
                                                    expected, shape, files);
  if (!again || !(*again == *parsed)) std::abort();
  return 0;
}
