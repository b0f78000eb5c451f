#include "corrent/wire/framer.hpp"

#include "big_endian.hpp"

namespace corrent::wire {

ParseResult<std::optional<Frame>> Framer::next(std::span<const std::byte> buffered) noexcept {
  if (buffered.size() < kLengthPrefixSize) {
    needed_ = kLengthPrefixSize - buffered.size();
    return std::optional<Frame>{};
  }
  const std::uint32_t length = detail::read_u32(buffered);
  if (length > max_) {
    needed_ = 0;
    return parse_fail(errc::message_too_long, 0);
  }
  const std::size_t total = kLengthPrefixSize + std::size_t{length};
  if (buffered.size() < total) {
    needed_ = total - buffered.size();
    return std::optional<Frame>{};
  }
  needed_ = 0;
  return std::optional<Frame>{Frame{buffered.subspan(kLengthPrefixSize, length), total}};
}

}  // namespace corrent::wire
