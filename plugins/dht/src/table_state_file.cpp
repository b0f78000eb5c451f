#include "table_state_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <system_error>

namespace corrent::dht {
namespace {

std::error_code last_error() { return {errno, std::system_category()}; }

// Closes a descriptor on every path out.
struct Fd {
  explicit Fd(int f) : fd(f) {}
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int fd;
};

Result<void> write_all(int fd, const std::string& bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return tl::make_unexpected(last_error());
    done += static_cast<std::size_t>(n);
  }
  return {};
}

}  // namespace

Result<TableState> load_table_state(const std::filesystem::path& path) {
  Fd file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (file.fd < 0) return tl::make_unexpected(last_error());
  // One byte past the bound tells an oversize file without reading the rest of it.
  std::string bytes(kMaxTableStateSize + 1, '\0');
  std::size_t got = 0;
  while (got < bytes.size()) {
    const ssize_t n = ::read(file.fd, bytes.data() + got, bytes.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return tl::make_unexpected(last_error());
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  if (got > kMaxTableStateSize) return fail(table_state_errc::too_large);
  bytes.resize(got);
  auto state = decode_table_state(bytes);
  if (!state) return tl::make_unexpected(state.error().code);
  return std::move(*state);
}

Result<void> save_table_state(const std::filesystem::path& path, const TableState& state) {
  std::error_code ec;
  const auto directory = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  std::filesystem::create_directories(directory, ec);
  if (ec) return tl::make_unexpected(ec);
  // mkstemp: a fresh name, so two processes saving at once never write the same file.
  std::string temp = (directory / (path.filename().string() + ".XXXXXX")).string();
  Fd file(::mkostemp(temp.data(), O_CLOEXEC));
  if (file.fd < 0) return tl::make_unexpected(last_error());
  auto written = write_all(file.fd, encode_table_state(state));
  if (written && ::fsync(file.fd) != 0) written = tl::make_unexpected(last_error());
  if (written && ::rename(temp.c_str(), path.c_str()) != 0) written = tl::make_unexpected(last_error());
  if (!written) (void)::unlink(temp.c_str());
  return written;
}

}  // namespace corrent::dht
