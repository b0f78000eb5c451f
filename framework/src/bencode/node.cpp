#include "corrent/bencode/node.hpp"

#include <charconv>

namespace corrent::bencode {

const Token& Node::token() const { return doc_->tokens()[index_]; }

Type Node::type() const { return token().type; }

std::optional<std::int64_t> Node::as_int() const {
  const Token& t = token();
  if (t.type != Type::integer) return std::nullopt;
  // decode() validated the digits and the range; parse them again rather than store them.
  const auto text = doc_->input().substr(t.offset + 1, t.end - t.offset - 2);
  std::int64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

std::optional<std::string_view> Node::as_string() const {
  const Token& t = token();
  if (t.type != Type::string) return std::nullopt;
  return doc_->input().substr(t.offset + t.header, t.end - t.offset - t.header);
}

std::string_view Node::raw() const {
  const Token& t = token();
  return doc_->input().substr(t.offset, t.end - t.offset);
}

std::size_t Node::offset() const { return token().offset; }

std::size_t Node::size() const {
  if (is_list()) return static_cast<std::size_t>(std::distance(items().begin(), items().end()));
  if (is_dict()) return static_cast<std::size_t>(std::distance(entries().begin(), entries().end()));
  return 0;
}

Node::ListRange Node::items() const {
  const Token& t = token();
  if (t.type != Type::list) return {ListIterator(doc_, t.next), ListIterator(doc_, t.next)};
  return {ListIterator(doc_, index_ + 1), ListIterator(doc_, t.next)};
}

Node::DictRange Node::entries() const {
  const Token& t = token();
  if (t.type != Type::dict) return {DictIterator(doc_, t.next), DictIterator(doc_, t.next)};
  return {DictIterator(doc_, index_ + 1), DictIterator(doc_, t.next)};
}

std::optional<Node> Node::find(std::string_view key) const {
  for (auto [k, v] : entries()) {
    if (k == key) return v;
  }
  return std::nullopt;
}

std::optional<std::int64_t> Node::find_int(std::string_view key) const {
  auto n = find(key);
  return n ? n->as_int() : std::nullopt;
}

std::optional<std::string_view> Node::find_string(std::string_view key) const {
  auto n = find(key);
  return n ? n->as_string() : std::nullopt;
}

std::optional<Node> Node::find_list(std::string_view key) const {
  auto n = find(key);
  if (n && n->is_list()) return n;
  return std::nullopt;
}

std::optional<Node> Node::find_dict(std::string_view key) const {
  auto n = find(key);
  if (n && n->is_dict()) return n;
  return std::nullopt;
}

Node::ListIterator& Node::ListIterator::operator++() {
  index_ = doc_->tokens()[index_].next;
  return *this;
}

Node::DictIterator::value_type Node::DictIterator::operator*() const {
  return {*Node(*doc_, index_).as_string(), Node(*doc_, index_ + 1)};
}

Node::DictIterator& Node::DictIterator::operator++() {
  index_ = doc_->tokens()[index_ + 1].next;
  return *this;
}

}  // namespace corrent::bencode
