// Saving and loading resume files (blocking I/O: callers run it on the disk pool).
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <string>
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
    // No file, or no state folder (a file in its place): no resume data. Writing it says why.
    if (errno == ENOENT || errno == ENOTDIR) return std::optional<std::string>{};
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

ResumeLock::~ResumeLock() {
  if (fd_ >= 0) ::close(fd_);
}

ResumeLock& ResumeLock::operator=(ResumeLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

Result<ResumeLock> lock_resume(const std::filesystem::path& resume_path, long* holder) {
  auto path = resume_path;
  path += ".lock";
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  if (ec) return tl::make_unexpected(ec);
  ResumeLock lock(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644));
  if (!lock.held()) return tl::make_unexpected(last_error());
  const int fd = lock.fd();
  int rc = 0;
  do {
    rc = ::flock(fd, LOCK_EX | LOCK_NB);
  } while (rc != 0 && errno == EINTR);
  if (rc != 0) {
    if (errno != EWOULDBLOCK) return tl::make_unexpected(last_error());
    if (holder != nullptr) {
      char text[32] = {};
      const ssize_t n = ::pread(fd, text, sizeof text - 1, 0);
      *holder = n > 0 ? std::strtol(text, nullptr, 10) : 0;
    }
    return fail(resume_errc::locked);
  }
  // Ours now: say who holds it. (Best effort: the lock works without the PID.)
  const auto pid = std::to_string(static_cast<long>(::getpid())) + "\n";
  if (::ftruncate(fd, 0) == 0) (void)!::pwrite(fd, pid.data(), pid.size(), 0);
  return lock;
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
