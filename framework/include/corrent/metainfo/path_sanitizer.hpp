#pragma once
// Turning the hostile file names of a .torrent into paths that stay inside the download
// directory on every platform. Sans-I/O: strings in, strings out.
//
// Per path element: "." and ".." and empty elements are dropped; '/', '\\' and ':' become
// '_' (so "C:" and "a/b" cannot escape); control characters (C0, DEL, C1, NUL) and the
// Unicode bidi and zero-width format characters (U+200B-U+200F, U+202A-U+202E,
// U+2066-U+2069, U+FEFF) are removed; invalid UTF-8 bytes become '_'; trailing dots and
// spaces are stripped (Windows drops them silently); Windows device names (CON, PRN, AUX,
// NUL, COM1-9, LPT1-9, any case, with or without extension) get '_' appended to their
// stem; elements over kMaxPathElementBytes are cut on a UTF-8 boundary, keeping a short
// extension. The result is a fixed point: sanitising it again changes nothing.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "corrent/core/result.hpp"
#include "corrent/core/strong_types.hpp"

namespace corrent::metainfo {

/// The safe form of one path element; empty when the element must be dropped.
[[nodiscard]] std::string sanitize_path_element(std::string_view element);

/// Builds the unique, safe paths of one torrent's files, one file at a time, and keeps
/// a (bounded) list of what it changed for Metainfo::warnings.
class PathSanitizer {
 public:
  /// `expected_files` sizes the duplicate table up front.
  explicit PathSanitizer(std::size_t expected_files = 0);
  ~PathSanitizer();
  PathSanitizer(PathSanitizer&&) noexcept;
  PathSanitizer& operator=(PathSanitizer&&) noexcept;

  /// Sizes the duplicate table for `files` paths, so it never rehashes while parsing.
  void reserve(std::size_t files);

  /// The path of file `index`: `root` (an already safe prefix such as the sanitised
  /// torrent name, or empty), then the sanitised `elements`, '/'-separated. A path left
  /// empty gets the element "file_<index>". With `unique`, a path seen before is renamed
  /// "stem.N.ext" (N from 1 to kMaxDuplicateFilenames, comparing case-sensitively).
  /// Fails with errc::directory_too_deep (more than kMaxDirectoryDepth elements) or
  /// errc::too_many_duplicate_filenames.
  [[nodiscard]] Result<std::string> file_path(std::string_view root,
                                              std::span<const std::string_view> elements,
                                              FileIndex index, bool unique = true);

  /// The safe form of a BEP 47 symlink target (elements relative to the torrent root
  /// `root`), or nullopt, with a warning, when it could point outside the torrent (a ".."
  /// element, a separator inside an element) or nothing is left of it.
  [[nodiscard]] std::optional<std::string> symlink_target(
      std::string_view root, std::span<const std::string_view> elements, FileIndex index);

  /// Records a warning about something else sanitising dropped (trackers, names).
  void note(std::string warning);
  /// The warnings so far, at most kMaxWarnings plus one line counting the rest.
  [[nodiscard]] std::vector<std::string> take_warnings();

 private:
  /// `path`, or its first free "stem.N.ext" form when `path` is taken.
  Result<std::string> make_unique(std::string path);

  struct State;
  std::unique_ptr<State> state_;
};

/// True when `path` is what the sanitiser promises: non-empty, relative, '/'-separated,
/// and no element is empty, ".", ".." or holds '\\', ':' or a control character. Storage
/// can check it again before it opens anything (defence in depth); tests and fuzzers
/// assert it.
[[nodiscard]] bool is_safe_relative_path(std::string_view path);

/// `raw` made printable for a warning: non-printable bytes as \xNN, cut to ~200 bytes.
[[nodiscard]] std::string printable(std::string_view raw);

}  // namespace corrent::metainfo
