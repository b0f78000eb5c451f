// ut_metadata messages from a peer: decoding, then feeding data and rejects to an
// assembler sized by the input's first bytes, as a peer's handshake would.
#include <cstddef>
#include <cstdint>
#include <span>

#include "corrent/metainfo/limits.hpp"
#include "metadata_assembler.hpp"
#include "metadata_message.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  // The first two bytes pick the metadata_size: small (-2000 up to about 88 KB), so that an
  // input allocates little and runs stay fast; or, with the first byte 0xff, just past the
  // 30 MiB limit, which must be refused without allocating.
  const std::int64_t pick = std::int64_t{data[0]} << 8 | data[1];
  const std::int64_t metadata_size =
      data[0] == 0xff ? static_cast<std::int64_t>(corrent::metainfo::kMaxMetadataSize) + data[1] + 1
                      : pick % 8192 * 11 - 2000;
  auto assembler = corrent::ut_metadata::MetadataAssembler::create(metadata_size);
  const auto payload = std::span(reinterpret_cast<const std::byte*>(data) + 2, size - 2);
  auto m = corrent::ut_metadata::decode_message(payload);
  if (!m || !m->type || !assembler) return 0;
  while (assembler->next_request()) {
  }
  if (*m->type == corrent::ut_metadata::MessageType::data) {
    (void)assembler->on_data(m->piece, *m->total_size, m->data);
  } else if (*m->type == corrent::ut_metadata::MessageType::reject) {
    (void)assembler->on_reject(m->piece);
  }
  return 0;
}
