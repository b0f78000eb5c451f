#pragma once
// Canonical bencode encoding.

#include <string>

#include "corrent/bencode/node.hpp"
#include "corrent/bencode/value.hpp"

namespace corrent::bencode {

/// The canonical encoding of `value` (dict keys sorted, as Value keeps them).
[[nodiscard]] std::string encode(const Value& value);
/// Appends the encoding of `value` to `out`.
void encode_to(std::string& out, const Value& value);

/// An owned copy of a decoded item. Keys are sorted on the way, so encode(to_value(n))
/// equals n.raw() exactly when the input was canonical.
[[nodiscard]] Value to_value(const Node& node);

}  // namespace corrent::bencode
