#pragma once
// An owned bencode value, for building messages and .torrent files. Dicts keep their keys
// sorted, so encoding a Value is always canonical.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace corrent::bencode {

class Value {
 public:
  using List = std::vector<Value>;
  /// Entries in byte order of their keys, no duplicates.
  using Dict = std::vector<std::pair<std::string, Value>>;

  Value() : v_(std::int64_t{0}) {}
  Value(std::int64_t i) : v_(i) {}                      // NOLINT: implicit by design
  Value(int i) : v_(std::int64_t{i}) {}                 // NOLINT
  Value(std::string s) : v_(std::move(s)) {}            // NOLINT
  Value(std::string_view s) : v_(std::string(s)) {}     // NOLINT
  Value(const char* s) : v_(std::string(s)) {}          // NOLINT
  Value(List l) : v_(std::move(l)) {}                   // NOLINT

  static Value list() { return Value(List{}); }
  static Value dict() {
    Value v;
    v.v_ = Dict{};
    return v;
  }

  [[nodiscard]] bool is_int() const { return std::holds_alternative<std::int64_t>(v_); }
  [[nodiscard]] bool is_string() const { return std::holds_alternative<std::string>(v_); }
  [[nodiscard]] bool is_list() const { return std::holds_alternative<List>(v_); }
  [[nodiscard]] bool is_dict() const { return std::holds_alternative<Dict>(v_); }

  [[nodiscard]] std::int64_t as_int() const { return std::get<std::int64_t>(v_); }
  [[nodiscard]] const std::string& as_string() const { return std::get<std::string>(v_); }
  [[nodiscard]] const List& as_list() const { return std::get<List>(v_); }
  [[nodiscard]] List& as_list() { return std::get<List>(v_); }
  [[nodiscard]] const Dict& as_dict() const { return std::get<Dict>(v_); }

  /// Dict access: the value under `key`, inserted (as integer 0) in key order if absent.
  /// Turns an integer-0 default Value into a dict first.
  Value& operator[](std::string_view key);
  /// Dict lookup; nullptr when absent or not a dict.
  [[nodiscard]] const Value* find(std::string_view key) const;
  /// List append. Turns a default Value into a list first.
  Value& push_back(Value v);

  friend bool operator==(const Value&, const Value&) = default;

 private:
  std::variant<std::int64_t, std::string, List, Dict> v_;
};

}  // namespace corrent::bencode
