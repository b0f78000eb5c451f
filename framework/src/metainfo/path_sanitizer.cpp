#include "corrent/metainfo/path_sanitizer.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <utility>

#include <absl/container/flat_hash_map.h>
#include <absl/strings/str_format.h>

#include "corrent/metainfo/errc.hpp"
#include "corrent/metainfo/limits.hpp"

namespace corrent::metainfo {
namespace {

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Length of the valid UTF-8 sequence at s[i] and its code point, or 0 when the bytes
// there are not one (bad lead, truncated, overlong, surrogate, above U+10FFFF).
std::size_t decode_utf8(std::string_view s, std::size_t i, char32_t& cp) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  std::size_t len = 0;
  unsigned char lo = 0x80;
  unsigned char hi = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
    cp = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    cp = b0 & 0x0F;
    if (b0 == 0xE0) lo = 0xA0;  // overlong
    if (b0 == 0xED) hi = 0x9F;  // surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    cp = b0 & 0x07;
    if (b0 == 0xF0) lo = 0x90;  // overlong
    if (b0 == 0xF4) hi = 0x8F;  // above U+10FFFF
  } else {
    return 0;
  }
  if (s.size() - i < len) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if (k == 1 ? (b < lo || b > hi) : !is_continuation(b)) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  return len;
}

bool is_control(char32_t cp) { return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F); }

// Invisible characters that reorder or hide text: a name could look like "txt.exe"
// while being "exe.txt".
bool is_format(char32_t cp) {
  return (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF;
}

// Character-level rules: the output is valid UTF-8 with no separator or control.
std::string filter_characters(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size();) {
    char32_t cp = 0;
    const std::size_t len = decode_utf8(in, i, cp);
    if (len == 0) {
      out += '_';
      ++i;
      continue;
    }
    if (cp == '/' || cp == '\\' || cp == ':') {
      out += '_';
    } else if (!is_control(cp) && !is_format(cp)) {
      out.append(in.substr(i, len));
    }
    i += len;
  }
  return out;
}

void strip_trailing_dots_and_spaces(std::string& s) {
  while (!s.empty() && (s.back() == '.' || s.back() == ' ')) s.pop_back();
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(a[i])) != static_cast<unsigned char>(b[i])) return false;
  }
  return true;
}

bool is_windows_device(std::string_view stem) {
  static constexpr std::array<std::string_view, 4> kPlain{"CON", "PRN", "AUX", "NUL"};
  for (auto name : kPlain) {
    if (equals_ignoring_case(stem, name)) return true;
  }
  if (stem.size() == 4 && stem[3] >= '1' && stem[3] <= '9') {
    return equals_ignoring_case(stem.substr(0, 3), "COM") ||
           equals_ignoring_case(stem.substr(0, 3), "LPT");
  }
  return false;
}

// Windows treats "con.txt" as the console too: the stem is what counts.
void rename_windows_device(std::string& s) {
  const std::size_t dot = s.find('.');
  const std::size_t stem_end = dot == std::string::npos ? s.size() : dot;
  if (is_windows_device(std::string_view(s).substr(0, stem_end))) s.insert(stem_end, "_");
}

// Where a short extension starts (the last '.', not leading), or npos.
std::size_t extension_start(std::string_view s) {
  const std::size_t dot = s.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || s.size() - dot > kMaxKeptExtensionBytes) {
    return std::string_view::npos;
  }
  return dot;
}

void truncate_keeping_extension(std::string& s) {
  if (s.size() <= kMaxPathElementBytes) return;
  const std::size_t dot = extension_start(s);
  const std::string ext = dot == std::string::npos ? std::string() : s.substr(dot);
  std::size_t keep = kMaxPathElementBytes - ext.size();
  while (keep > 0 && is_continuation(static_cast<unsigned char>(s[keep]))) --keep;
  s = s.substr(0, keep) + ext;
}

std::string with_suffix(std::string_view path, std::uint32_t n) {
  const std::size_t slash = path.rfind('/');
  const std::size_t name_start = slash == std::string_view::npos ? 0 : slash + 1;
  const std::size_t dot = extension_start(path.substr(name_start));
  if (dot == std::string_view::npos) return absl::StrFormat("%s.%u", path, n);
  const std::size_t at = name_start + dot;
  return absl::StrFormat("%s.%u%s", path.substr(0, at), n, path.substr(at));
}

// An element that could climb out of the directory it is resolved in.
bool could_escape(std::string_view element) {
  if (element.find_first_of("/\\") != std::string_view::npos) return true;
  return element.size() >= 2 && element.find_first_not_of(". ") == std::string_view::npos;
}

}  // namespace

std::string sanitize_path_element(std::string_view element) {
  std::string s = filter_characters(element);
  // Each rule can expose work for another (a cut can leave a trailing dot or a device
  // name); repeat until nothing changes, which takes at most three rounds.
  for (int round = 0; round < 4; ++round) {
    const std::string before = s;
    strip_trailing_dots_and_spaces(s);
    truncate_keeping_extension(s);
    strip_trailing_dots_and_spaces(s);
    rename_windows_device(s);
    if (s == before) break;
  }
  return s;
}

bool is_safe_relative_path(std::string_view path) {
  if (path.empty() || path.front() == '/') return false;
  for (std::size_t start = 0; start <= path.size();) {
    const std::size_t slash = std::min(path.find('/', start), path.size());
    const std::string_view e = path.substr(start, slash - start);
    if (e.empty() || e == "." || e == "..") return false;
    for (char c : e) {
      const auto b = static_cast<unsigned char>(c);
      if (b < 0x20 || b == 0x7F || c == '\\' || c == ':') return false;
    }
    start = slash + 1;
  }
  return true;
}

std::string printable(std::string_view raw) {
  constexpr std::size_t kMaxShown = 200;
  std::string out;
  for (std::size_t i = 0; i < raw.size() && out.size() < kMaxShown; ++i) {
    const auto c = static_cast<unsigned char>(raw[i]);
    if (c < 0x20 || c >= 0x7F || c == '\\') {
      out += absl::StrFormat("\\x%02x", c);
    } else {
      out += static_cast<char>(c);
    }
  }
  if (out.size() >= kMaxShown) out += "...";
  return out;
}

struct PathSanitizer::State {
  // Each path taken, with the next duplicate number to try for it: resuming there keeps
  // renaming linear even with many duplicates.
  absl::flat_hash_map<std::string, std::uint32_t> taken;
  std::vector<std::string> warnings;
  std::size_t omitted = 0;
};

PathSanitizer::PathSanitizer(std::size_t expected_files) : state_(std::make_unique<State>()) {
  state_->taken.reserve(expected_files);
}
PathSanitizer::~PathSanitizer() = default;
PathSanitizer::PathSanitizer(PathSanitizer&&) noexcept = default;
PathSanitizer& PathSanitizer::operator=(PathSanitizer&&) noexcept = default;

void PathSanitizer::reserve(std::size_t files) { state_->taken.reserve(files); }

void PathSanitizer::note(std::string warning) {
  if (state_->warnings.size() < kMaxWarnings) {
    state_->warnings.push_back(std::move(warning));
  } else {
    ++state_->omitted;
  }
}

std::vector<std::string> PathSanitizer::take_warnings() {
  auto out = std::move(state_->warnings);
  if (state_->omitted > 0) out.push_back(absl::StrFormat("... and %u more", state_->omitted));
  state_->warnings.clear();
  state_->omitted = 0;
  return out;
}

Result<std::string> PathSanitizer::make_unique(std::string path) {
  auto [it, inserted] = state_->taken.try_emplace(path, 1);
  if (inserted) return path;
  for (std::uint32_t n = it->second; n <= kMaxDuplicateFilenames; ++n) {
    std::string candidate = with_suffix(path, n);
    if (state_->taken.try_emplace(candidate, 1).second) {
      state_->taken[path] = n + 1;  // the try_emplace may have moved `it`
      return candidate;
    }
  }
  return fail(errc::too_many_duplicate_filenames);
}

Result<std::string> PathSanitizer::file_path(std::string_view root,
                                             std::span<const std::string_view> elements,
                                             FileIndex index, bool unique) {
  if (elements.size() > kMaxDirectoryDepth) return fail(errc::directory_too_deep);
  std::string path(root);
  std::string raw(root);
  for (auto element : elements) {
    if (!raw.empty()) raw += '/';
    raw += element;
    std::string safe = sanitize_path_element(element);
    if (safe.empty()) continue;
    if (!path.empty()) path += '/';
    path += safe;
  }
  if (path.size() == root.size()) {
    if (!path.empty()) path += '/';
    path += absl::StrFormat("file_%u", index.value);
  }
  if (unique) {
    CORRENT_TRY(path, make_unique(std::move(path)));
  }
  if (path != raw) note(absl::StrFormat("file %u: \"%s\" stored as \"%s\"", index.value, printable(raw), path));
  return path;
}

std::optional<std::string> PathSanitizer::symlink_target(
    std::string_view root, std::span<const std::string_view> elements, FileIndex index) {
  std::string target(root);
  bool any = false;
  for (auto element : elements) {
    if (could_escape(element)) {
      note(absl::StrFormat("file %u: symlink to \"%s\" dropped: it could point outside the torrent",
                           index.value, printable(element)));
      return std::nullopt;
    }
    std::string safe = sanitize_path_element(element);
    if (safe.empty()) continue;
    if (!target.empty()) target += '/';
    target += safe;
    any = true;
  }
  if (!any || elements.size() > kMaxDirectoryDepth) {
    note(absl::StrFormat("file %u: symlink with an empty or too deep target dropped", index.value));
    return std::nullopt;
  }
  return target;
}

}  // namespace corrent::metainfo
