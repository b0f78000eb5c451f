#include "corrent/metainfo/torrent_file.hpp"

#include <cerrno>
#include <cstdio>
#include <memory>
#include <string>

namespace corrent::metainfo {

Result<Metainfo> load_torrent_file(const std::filesystem::path& path, const TorrentLimits& limits) {
  std::error_code ec;
  const std::uintmax_t size = std::filesystem::file_size(path, ec);
  if (ec) return tl::make_unexpected(ec);
  if (size > limits.max_torrent_size) return fail(errc::torrent_too_large);

  errno = 0;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) return tl::make_unexpected(std::error_code(errno, std::generic_category()));
  // Read one byte past the size seen: a file that grew meanwhile is still bounded.
  std::string bytes(static_cast<std::size_t>(size) + 1, '\0');
  const std::size_t got = std::fread(bytes.data(), 1, bytes.size(), file.get());
  if (std::ferror(file.get())) return tl::make_unexpected(std::error_code(errno, std::generic_category()));
  if (got > limits.max_torrent_size) return fail(errc::torrent_too_large);
  bytes.resize(got);

  auto parsed = parse_torrent(bytes, limits);
  if (!parsed) return tl::make_unexpected(parsed.error().code);
  return std::move(*parsed);
}

}  // namespace corrent::metainfo
