#pragma once
// The three ut_metadata messages (BEP 9), sans-I/O: a bencoded dict {msg_type, piece,
// total_size (data only)}, and for data the piece's bytes right after the dict.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "corrent/core/result.hpp"

namespace corrent::ut_metadata {

enum class MessageType : std::int64_t { request = 0, data = 1, reject = 2 };

struct MetadataMessage {
  /// nullopt: a msg_type this side does not know (BEP 9: ignore it).
  std::optional<MessageType> type;
  std::uint32_t piece = 0;
  std::optional<std::int64_t> total_size;  ///< data only
  std::span<const std::byte> data;         ///< data only; borrows the payload
};

/// Decodes one message. Errors (errc::bad_message): not a dict, msg_type or piece missing
/// or not an integer, a piece outside 0..2^31, bytes after the dict of a message that is
/// not data, a data message without total_size.
[[nodiscard]] Result<MetadataMessage> decode_message(std::span<const std::byte> payload);

[[nodiscard]] std::vector<std::byte> encode_request(std::uint32_t piece);
[[nodiscard]] std::vector<std::byte> encode_reject(std::uint32_t piece);
[[nodiscard]] std::vector<std::byte> encode_data(std::uint32_t piece, std::uint64_t total_size,
                                                 std::span<const std::byte> data);

}  // namespace corrent::ut_metadata
