#pragma once
// Typed indices, so that a piece index can never be passed where a file index is meant.

#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>

namespace corrent {

/// An integer index that only compares with indices of the same Tag.
template <class Tag, class Rep = std::uint32_t>
struct StrongIndex {
  using rep = Rep;
  Rep value{};

  constexpr StrongIndex() = default;
  constexpr explicit StrongIndex(Rep v) : value(v) {}

  friend constexpr auto operator<=>(StrongIndex, StrongIndex) = default;
  constexpr StrongIndex& operator++() {
    ++value;
    return *this;
  }
  constexpr StrongIndex next() const { return StrongIndex{static_cast<Rep>(value + 1)}; }

  template <class H>
  friend H AbslHashValue(H h, StrongIndex i) {
    return H::combine(std::move(h), i.value);
  }
};

/// A piece's position in the torrent, from 0.
using PieceIndex = StrongIndex<struct PieceIndexTag>;
/// A file's position in the torrent's file list, from 0 (pad files included).
using FileIndex = StrongIndex<struct FileIndexTag>;

}  // namespace corrent

template <class Tag, class Rep>
struct std::hash<corrent::StrongIndex<Tag, Rep>> {
  std::size_t operator()(corrent::StrongIndex<Tag, Rep> i) const noexcept {
    return std::hash<Rep>{}(i.value);
  }
};
