#pragma once
// A directory under the system temp dir, removed with everything in it on destruction.

#include <filesystem>
#include <string>
#include <string_view>

namespace corrent::test {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

  /// Writes `content` to path()/relative, creating parent directories.
  std::filesystem::path write(const std::filesystem::path& relative, std::string_view content) const;

 private:
  std::filesystem::path path_;
};

/// Deterministic pseudo-random bytes (for payloads whose hashes tests compare).
std::string pattern_bytes(std::size_t size, std::uint32_t seed);

/// The whole content of a file.
std::string read_file(const std::filesystem::path& path);

}  // namespace corrent::test
