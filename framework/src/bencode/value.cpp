#include "corrent/bencode/value.hpp"

#include <algorithm>

namespace corrent::bencode {

Value& Value::operator[](std::string_view key) {
  if (!is_dict()) v_ = Dict{};
  auto& d = std::get<Dict>(v_);
  auto it = std::lower_bound(d.begin(), d.end(), key,
                             [](const auto& entry, std::string_view k) { return entry.first < k; });
  if (it == d.end() || it->first != key) it = d.emplace(it, std::string(key), Value{});
  return it->second;
}

const Value* Value::find(std::string_view key) const {
  if (!is_dict()) return nullptr;
  const auto& d = std::get<Dict>(v_);
  auto it = std::lower_bound(d.begin(), d.end(), key,
                             [](const auto& entry, std::string_view k) { return entry.first < k; });
  return it != d.end() && it->first == key ? &it->second : nullptr;
}

Value& Value::push_back(Value v) {
  if (!is_list()) v_ = List{};
  auto& l = std::get<List>(v_);
  l.push_back(std::move(v));
  return l.back();
}

}  // namespace corrent::bencode
