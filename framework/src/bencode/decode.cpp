#include "corrent/bencode/decode.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>

namespace corrent::bencode {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// An open list or dict, while its children are being read.
struct Frame {
  std::uint32_t token;
  bool is_dict;
  bool expect_key = true;        // dicts: the next item is a key
  std::string_view last_key{};   // dicts: to check order and duplicates
  bool has_key = false;
  bool unsorted = false;         // dicts: duplicates may then be far apart
};

class Decoder {
 public:
  Decoder(std::string_view in, const DecodeOptions& options) : in_(in), options_(options) {}

  ParseResult<Document> run();

 private:
  ParseResult<void> item();
  ParseResult<void> integer();
  ParseResult<void> string();
  ParseResult<void> open(Type type);
  ParseResult<void> close();
  ParseResult<void> check_key(std::size_t key_token);
  ParseResult<void> check_no_duplicates(const Frame& frame) const;
  [[nodiscard]] std::string_view key_of(const Token& t) const {
    return in_.substr(t.offset + t.header, t.end - t.offset - t.header);
  }
  ParseResult<std::uint32_t> push_token(Type type, std::size_t offset);
  void finish_leaf(std::uint32_t index, std::size_t end, std::uint8_t header = 0);

  [[nodiscard]] bool at_end() const { return pos_ >= in_.size(); }
  auto eof() const { return parse_fail(errc::unexpected_end, in_.size()); }

  std::string_view in_;
  const DecodeOptions& options_;
  std::size_t pos_ = 0;
  std::vector<Token> tokens_;
  std::vector<Frame> stack_;
  std::optional<std::size_t> first_unsorted_;
};

ParseResult<Document> Decoder::run() {
  if (in_.empty()) return parse_fail(errc::empty_input, 0);
  if (in_.size() > kMaxInputSize) return parse_fail(errc::input_too_large, 0);
  do {
    if (at_end()) return eof();
    if (!stack_.empty() && in_[pos_] == 'e') {
      if (auto r = close(); !r) return tl::make_unexpected(r.error());
      continue;
    }
    if (auto r = item(); !r) return tl::make_unexpected(r.error());
  } while (!stack_.empty());
  if (pos_ != in_.size() && !options_.allow_trailing_data) {
    return parse_fail(errc::trailing_data, pos_);
  }
  return Document(in_.substr(0, pos_), std::move(tokens_), pos_, first_unsorted_);
}

ParseResult<void> Decoder::item() {
  const bool is_key = !stack_.empty() && stack_.back().is_dict && stack_.back().expect_key;
  const char c = in_[pos_];
  if (is_key && !is_digit(c)) return parse_fail(errc::key_not_string, pos_);
  ParseResult<void> r;
  if (c == 'i') {
    r = integer();
  } else if (is_digit(c)) {
    r = string();
  } else if (c == 'l') {
    return open(Type::list);  // the parent's key/value state changes when it closes
  } else if (c == 'd') {
    return open(Type::dict);
  } else {
    return parse_fail(errc::invalid_character, pos_);
  }
  if (!r) return r;
  if (is_key) return check_key(tokens_.size() - 1);
  if (!stack_.empty() && stack_.back().is_dict) stack_.back().expect_key = true;
  return {};
}

ParseResult<std::uint32_t> Decoder::push_token(Type type, std::size_t offset) {
  if (tokens_.size() >= options_.limits.max_tokens) {
    return parse_fail(errc::token_limit_exceeded, offset);
  }
  tokens_.push_back(Token{static_cast<std::uint32_t>(offset), 0, 0, type, 0});
  return static_cast<std::uint32_t>(tokens_.size() - 1);
}

void Decoder::finish_leaf(std::uint32_t index, std::size_t end, std::uint8_t header) {
  auto& t = tokens_[index];
  t.end = static_cast<std::uint32_t>(end);
  t.next = index + 1;
  t.header = header;
}

ParseResult<void> Decoder::integer() {
  const std::size_t start = pos_;
  std::size_t p = pos_ + 1;
  bool negative = false;
  if (p < in_.size() && in_[p] == '-') {
    negative = true;
    ++p;
  }
  const std::size_t digits_start = p;
  // Accumulate as a negative number: int64's range is one larger on that side.
  std::int64_t value = 0;
  while (p < in_.size() && is_digit(in_[p])) {
    const int d = in_[p] - '0';
    if (value < (std::numeric_limits<std::int64_t>::min() + d) / 10) {
      return parse_fail(errc::integer_overflow, start);
    }
    value = value * 10 - d;
    ++p;
  }
  if (p >= in_.size()) return eof();
  const std::size_t digits = p - digits_start;
  if (in_[p] != 'e' || digits == 0) return parse_fail(errc::invalid_integer, p);
  if (digits > 1 && in_[digits_start] == '0') return parse_fail(errc::invalid_integer, digits_start);
  if (negative && value == 0) return parse_fail(errc::invalid_integer, start);
  if (!negative && value == std::numeric_limits<std::int64_t>::min()) {
    return parse_fail(errc::integer_overflow, start);
  }
  auto index = push_token(Type::integer, start);
  if (!index) return tl::make_unexpected(index.error());
  pos_ = p + 1;
  finish_leaf(*index, pos_);
  return {};
}

ParseResult<void> Decoder::string() {
  const std::size_t start = pos_;
  std::size_t p = pos_;
  std::uint64_t length = 0;
  while (p < in_.size() && is_digit(in_[p])) {
    length = length * 10 + static_cast<std::uint64_t>(in_[p] - '0');
    // Any length past the input is an error; stop before the arithmetic can overflow.
    if (length > in_.size()) return parse_fail(errc::string_too_long, start);
    ++p;
  }
  if (p >= in_.size()) return eof();
  if (in_[p] != ':') return parse_fail(errc::expected_colon, p);
  if (p - start > 1 && in_[start] == '0') return parse_fail(errc::invalid_string_length, start);
  const std::size_t payload = p + 1;
  if (length > in_.size() - payload) return parse_fail(errc::string_too_long, start);
  auto index = push_token(Type::string, start);
  if (!index) return tl::make_unexpected(index.error());
  pos_ = payload + length;
  finish_leaf(*index, pos_, static_cast<std::uint8_t>(payload - start));
  return {};
}

ParseResult<void> Decoder::open(Type type) {
  if (stack_.size() >= options_.limits.max_depth) return parse_fail(errc::depth_exceeded, pos_);
  auto index = push_token(type, pos_);
  if (!index) return tl::make_unexpected(index.error());
  stack_.push_back(Frame{*index, type == Type::dict});
  ++pos_;
  return {};
}

ParseResult<void> Decoder::close() {
  const Frame frame = stack_.back();
  if (frame.is_dict && !frame.expect_key) return parse_fail(errc::missing_value, pos_);
  if (frame.unsorted) {
    if (auto r = check_no_duplicates(frame); !r) return r;
  }
  auto& t = tokens_[frame.token];
  t.end = static_cast<std::uint32_t>(pos_ + 1);
  t.next = static_cast<std::uint32_t>(tokens_.size());
  stack_.pop_back();
  ++pos_;
  // A closed container is a complete value of its parent.
  if (!stack_.empty() && stack_.back().is_dict) stack_.back().expect_key = true;
  return {};
}

ParseResult<void> Decoder::check_key(std::size_t key_token) {
  Frame& frame = stack_.back();
  const Token& t = tokens_[key_token];
  const std::string_view key = key_of(t);
  if (frame.has_key) {
    if (key == frame.last_key) return parse_fail(errc::duplicate_key, t.offset);
    if (key < frame.last_key) {
      if (options_.require_sorted_keys) return parse_fail(errc::unsorted_keys, t.offset);
      if (!first_unsorted_) first_unsorted_ = t.offset;
      frame.unsorted = true;
    }
  }
  frame.last_key = key;
  frame.has_key = true;
  frame.expect_key = false;
  return {};
}

// Sorted dicts are checked key by key as they arrive; an unsorted one is checked whole
// when it closes, so the common case stays linear.
ParseResult<void> Decoder::check_no_duplicates(const Frame& frame) const {
  std::vector<const Token*> keys;
  for (std::uint32_t i = frame.token + 1; i < tokens_.size();) {
    keys.push_back(&tokens_[i]);
    i = tokens_[i + 1].next;  // skip the key's value
  }
  std::sort(keys.begin(), keys.end(), [this](const Token* a, const Token* b) {
    const auto ka = key_of(*a);
    const auto kb = key_of(*b);
    return ka != kb ? ka < kb : a->offset < b->offset;
  });
  for (std::size_t i = 1; i < keys.size(); ++i) {
    if (key_of(*keys[i]) == key_of(*keys[i - 1])) {
      return parse_fail(errc::duplicate_key, keys[i]->offset);
    }
  }
  return {};
}

}  // namespace

ParseResult<Document> decode(std::string_view input, const DecodeOptions& options) {
  return Decoder(input, options).run();
}

}  // namespace corrent::bencode
