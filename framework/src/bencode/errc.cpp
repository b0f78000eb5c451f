#include "corrent/bencode/errc.hpp"

namespace corrent::bencode {

std::string_view describe(errc e) noexcept {
  switch (e) {
    case errc::ok: return "no error";
    case errc::unexpected_end: return "bencode: input ends inside an item";
    case errc::invalid_character: return "bencode: byte cannot start an item";
    case errc::expected_colon: return "bencode: string length not followed by ':'";
    case errc::invalid_integer: return "bencode: malformed integer (empty, non-digit, leading zero or -0)";
    case errc::integer_overflow: return "bencode: integer does not fit 64 bits";
    case errc::invalid_string_length: return "bencode: malformed string length";
    case errc::string_too_long: return "bencode: string runs past the end of the input";
    case errc::key_not_string: return "bencode: dict key is not a string";
    case errc::missing_value: return "bencode: dict key has no value";
    case errc::duplicate_key: return "bencode: duplicate dict key";
    case errc::unsorted_keys: return "bencode: dict keys not in sorted order";
    case errc::depth_exceeded: return "bencode: nesting too deep";
    case errc::token_limit_exceeded: return "bencode: too many items";
    case errc::input_too_large: return "bencode: input too large";
    case errc::trailing_data: return "bencode: data after the end of the item";
    case errc::empty_input: return "bencode: empty input";
  }
  return "bencode: unknown error";
}

}  // namespace corrent::bencode
