// Saving and loading resume files (blocking I/O: callers run it on the disk pool).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <system_error>

#include "corrent/storage/limits.hpp"
#include "corrent/storage/resume_data.hpp"

namespace corrent::storage {

namespace {

std::error_code last_error() { return {errno, std::system_category()}; }

/// Closes a descriptor on scope exit.
struct FdCloser {
  int fd;
  ~FdCloser() {
    if (fd >= 0) ::close(fd);
  }
};

Result<void> write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return tl::make_unexpected(last_error());
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return {};
}

}  // namespace

Result<void> save_resume_atomically(const std::filesystem::path& path, std::string_view bytes) {
  const auto dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return tl::make_unexpected(ec);
  auto tmp = path;
  tmp += ".tmp";
  {
    const FdCloser out{::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)};
    if (out.fd < 0) return tl::make_unexpected(last_error());
    CORRENT_TRY_VOID(write_all(out.fd, bytes));
    if (::fsync(out.fd) != 0) return tl::make_unexpected(last_error());
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const auto err = last_error();
    ::unlink(tmp.c_str());
    return tl::make_unexpected(err);
  }
  const FdCloser d{::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
  if (d.fd < 0 || ::fsync(d.fd) != 0) return tl::make_unexpected(last_error());
  return {};
}

Result<std::optional<std::string>> load_resume(const std::filesystem::path& path) {
  const FdCloser in{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (in.fd < 0) {
    if (errno == ENOENT) return std::optional<std::string>{};
    return tl::make_unexpected(last_error());
  }
  std::string out;
  char buf[64 * 1024];
  for (;;) {
    const ssize_t n = ::read(in.fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      return tl::make_unexpected(last_error());
    }
    if (n == 0) break;
    if (out.size() + static_cast<std::size_t>(n) > kMaxResumeBytes) {
      return fail(resume_errc::too_large);
    }
    out.append(buf, static_cast<std::size_t>(n));
  }
  return std::optional<std::string>(std::move(out));
}

std::filesystem::path default_resume_path(const metainfo::InfoHash& info_hash) {
  std::filesystem::path state;
  const char* xdg = std::getenv("XDG_STATE_HOME");
  const char* home = std::getenv("HOME");
  if (xdg != nullptr && std::filesystem::path(xdg).is_absolute()) {
    state = xdg;
  } else if (home != nullptr && *home != '\0') {
    state = std::filesystem::path(home) / ".local" / "state";
  } else {
    state = std::filesystem::temp_directory_path();
  }
  return state / "corrent" / "resume" / (info_hash.hex() + ".resume");
}

}  // namespace corrent::storage
