#pragma once
// A decoded bencode document: a flat array of tokens over the input bytes, which it
// borrows (zero-copy). Node is a cheap view of one item; strings are views of the input.
//
// Lifetimes: the input must outlive the Document, and the Document must outlive every
// Node taken from it.

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace corrent::bencode {

enum class Type : std::uint8_t { integer, string, list, dict };

/// One item of the document, in input order. Containers are followed by their children
/// (a dict by key, value, key, value ...).
struct Token {
  std::uint32_t offset = 0;  ///< first byte of the item
  std::uint32_t end = 0;     ///< one past its last byte
  std::uint32_t next = 0;    ///< index of the first token after this item and its children
  Type type = Type::integer;
  std::uint8_t header = 0;   ///< strings: bytes before the payload ("12:" is 3)
};

class Document;

/// A view of one item in a Document.
class Node {
 public:
  Node(const Document& doc, std::uint32_t index) : doc_(&doc), index_(index) {}

  [[nodiscard]] Type type() const;
  [[nodiscard]] bool is_int() const { return type() == Type::integer; }
  [[nodiscard]] bool is_string() const { return type() == Type::string; }
  [[nodiscard]] bool is_list() const { return type() == Type::list; }
  [[nodiscard]] bool is_dict() const { return type() == Type::dict; }

  /// The integer, if this is one (decode() has checked it fits int64).
  [[nodiscard]] std::optional<std::int64_t> as_int() const;
  /// The string's bytes, if this is a string.
  [[nodiscard]] std::optional<std::string_view> as_string() const;
  /// The exact input bytes of this item, e.g. to hash an info dict.
  [[nodiscard]] std::string_view raw() const;
  /// Where this item starts in the input, for error messages.
  [[nodiscard]] std::size_t offset() const;

  /// Elements of a list, or entries of a dict (0 for other types). Linear time.
  [[nodiscard]] std::size_t size() const;

  /// Dict lookup by key (linear: dicts in practice are small); nullopt when this is not a
  /// dict or the key is absent.
  [[nodiscard]] std::optional<Node> find(std::string_view key) const;
  [[nodiscard]] std::optional<std::int64_t> find_int(std::string_view key) const;
  [[nodiscard]] std::optional<std::string_view> find_string(std::string_view key) const;
  [[nodiscard]] std::optional<Node> find_list(std::string_view key) const;
  [[nodiscard]] std::optional<Node> find_dict(std::string_view key) const;

  class ListIterator;
  class DictIterator;
  struct ListRange;
  struct DictRange;
  /// The elements of a list (empty for other types).
  [[nodiscard]] ListRange items() const;
  /// The (key, value) entries of a dict, in input order (empty for other types).
  [[nodiscard]] DictRange entries() const;

  [[nodiscard]] std::uint32_t index() const { return index_; }

 private:
  [[nodiscard]] const Token& token() const;
  const Document* doc_;
  std::uint32_t index_;
};

class Node::ListIterator {
 public:
  using value_type = Node;
  using difference_type = std::ptrdiff_t;
  ListIterator() = default;
  ListIterator(const Document* doc, std::uint32_t index) : doc_(doc), index_(index) {}
  Node operator*() const { return Node(*doc_, index_); }
  ListIterator& operator++();
  ListIterator operator++(int) {
    auto old = *this;
    ++*this;
    return old;
  }
  friend bool operator==(const ListIterator& a, const ListIterator& b) { return a.index_ == b.index_; }

 private:
  const Document* doc_ = nullptr;
  std::uint32_t index_ = 0;
};

class Node::DictIterator {
 public:
  using value_type = std::pair<std::string_view, Node>;
  using difference_type = std::ptrdiff_t;
  DictIterator() = default;
  DictIterator(const Document* doc, std::uint32_t index) : doc_(doc), index_(index) {}
  value_type operator*() const;
  DictIterator& operator++();
  DictIterator operator++(int) {
    auto old = *this;
    ++*this;
    return old;
  }
  friend bool operator==(const DictIterator& a, const DictIterator& b) { return a.index_ == b.index_; }

 private:
  const Document* doc_ = nullptr;
  std::uint32_t index_ = 0;  // the key's token
};

struct Node::ListRange {
  ListIterator first, last;
  [[nodiscard]] ListIterator begin() const { return first; }
  [[nodiscard]] ListIterator end() const { return last; }
};

struct Node::DictRange {
  DictIterator first, last;
  [[nodiscard]] DictIterator begin() const { return first; }
  [[nodiscard]] DictIterator end() const { return last; }
};

/// The decoded form of one bencoded item. Made by decode(); movable, and Nodes stay valid
/// across a move only if taken after it.
class Document {
 public:
  Document(std::string_view input, std::vector<Token> tokens, std::size_t consumed,
           std::optional<std::size_t> first_unsorted_key)
      : input_(input), tokens_(std::move(tokens)), consumed_(consumed),
        first_unsorted_key_(first_unsorted_key) {}

  /// The top-level item.
  [[nodiscard]] Node root() const { return Node(*this, 0); }
  /// How many input bytes the top-level item took (less than the input when trailing
  /// data was allowed).
  [[nodiscard]] std::size_t consumed() const { return consumed_; }
  /// Where the first dict key out of byte order is, if any: such input decodes (clients
  /// meet it in the wild) but is not canonical, and re-encoding it changes its bytes.
  [[nodiscard]] std::optional<std::size_t> first_unsorted_key() const { return first_unsorted_key_; }
  [[nodiscard]] std::string_view input() const { return input_; }
  [[nodiscard]] const std::vector<Token>& tokens() const { return tokens_; }

 private:
  std::string_view input_;
  std::vector<Token> tokens_;
  std::size_t consumed_;
  std::optional<std::size_t> first_unsorted_key_;
};

}  // namespace corrent::bencode
