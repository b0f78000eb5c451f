#include "corrent/bencode/encode.hpp"

#include <algorithm>

namespace corrent::bencode {
namespace {

void encode_string(std::string& out, std::string_view s) {
  out += std::to_string(s.size());
  out += ':';
  out += s;
}

}  // namespace

void encode_to(std::string& out, const Value& value) {
  if (value.is_int()) {
    out += 'i';
    out += std::to_string(value.as_int());
    out += 'e';
  } else if (value.is_string()) {
    encode_string(out, value.as_string());
  } else if (value.is_list()) {
    out += 'l';
    for (const auto& v : value.as_list()) encode_to(out, v);
    out += 'e';
  } else {
    out += 'd';
    for (const auto& [k, v] : value.as_dict()) {
      encode_string(out, k);
      encode_to(out, v);
    }
    out += 'e';
  }
}

std::string encode(const Value& value) {
  std::string out;
  encode_to(out, value);
  return out;
}

Value to_value(const Node& node) {
  switch (node.type()) {
    case Type::integer: return Value(*node.as_int());
    case Type::string: return Value(std::string(*node.as_string()));
    case Type::list: {
      Value list = Value::list();
      for (Node item : node.items()) list.push_back(to_value(item));
      return list;
    }
    case Type::dict: break;
  }
  Value dict = Value::dict();
  for (auto [key, item] : node.entries()) dict[key] = to_value(item);
  return dict;
}

}  // namespace corrent::bencode
