#include "url_mapping.hpp"

#include <array>

namespace corrent::webseed {
namespace {

bool unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

}  // namespace

std::string percent_encode(std::string_view text) {
  static constexpr std::array<char, 16> kHex{'0', '1', '2', '3', '4', '5', '6', '7',
                                             '8', '9', 'A', 'B', 'C', 'D', 'E', 'F'};
  std::string out;
  out.reserve(text.size());
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (unreserved(c)) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0x0F]);
    }
  }
  return out;
}

std::string file_url(std::string_view base, const metainfo::Metainfo& meta, FileIndex file) {
  std::string url(base);
  if (!meta.multi_file) {
    if (!url.empty() && url.back() == '/') url += percent_encode(meta.name);
    return url;
  }
  if (url.empty() || url.back() != '/') url.push_back('/');
  // The path is "name/dir/file", '/'-separated and sanitised: encode each element.
  const std::string_view path = meta.layout.files().at(file.value).path;
  std::size_t start = 0;
  while (true) {
    const auto slash = path.find('/', start);
    url += percent_encode(path.substr(start, slash == std::string_view::npos ? slash : slash - start));
    if (slash == std::string_view::npos) break;
    url.push_back('/');
    start = slash + 1;
  }
  return url;
}

std::vector<PieceRange> piece_ranges(const metainfo::FileLayout& layout, PieceIndex piece) {
  std::vector<PieceRange> out;
  const auto size = layout.piece_size(piece);
  if (size == 0) return out;
  for (const auto& slice : layout.map_block(piece, 0, size)) {
    out.push_back(PieceRange{slice.file, slice.offset, slice.length, layout.files()[slice.file.value].pad});
  }
  return out;
}

}  // namespace corrent::webseed
