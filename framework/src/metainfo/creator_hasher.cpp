// hash_pieces(): the piece range is cut into one contiguous run per thread; each thread
// reads its run of the torrent's byte stream (pieces may span files) with pread(2) in
// blocks of kCreateReadBlock, and writes its digests into its own slots of the result.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <thread>
#include <vector>

#include "corrent/crypto/sha1.hpp"
#include "corrent/metainfo/creator.hpp"

namespace corrent::metainfo {
namespace fs = std::filesystem;
namespace {

constexpr std::size_t kSha1Size = 20;

// The torrent's byte stream from a given offset on: file contents, and zeros for pad files.
class StreamReader {
 public:
  StreamReader(const fs::path& root, const CreatorPlan& plan, std::uint64_t position)
      : root_(root), plan_(plan), position_(position) {}
  ~StreamReader() { close_file(); }
  StreamReader(const StreamReader&) = delete;
  StreamReader& operator=(const StreamReader&) = delete;

  /// Fills `out` from the current position on (the caller stays within the stream).
  Result<void> read(char* out, std::size_t size) {
    while (size > 0) {
      const auto& file = plan_.files()[file_];
      if (position_ >= file.offset + file.size) {
        ++file_;
        continue;
      }
      const auto in_file = position_ - file.offset;
      const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(size, file.size - in_file));
      if (file.pad) {
        std::memset(out, 0, n);
      } else {
        CORRENT_TRY_VOID(read_file(out, n, in_file));
      }
      out += n;
      size -= n;
      position_ += n;
    }
    return {};
  }

  /// The file being read, for error messages.
  [[nodiscard]] fs::path current_path() const { return path_of(plan_.files()[file_]); }

 private:
  [[nodiscard]] fs::path path_of(const CreatorFile& file) const {
    fs::path path = root_;
    for (const auto& part : file.path) path /= part;
    return path;
  }

  Result<void> read_file(char* out, std::size_t size, std::uint64_t offset) {
    if (open_file_ != file_) {
      close_file();
      fd_ = ::open(path_of(plan_.files()[file_]).c_str(), O_RDONLY | O_CLOEXEC);
      if (fd_ < 0) return fail(std::error_code(errno, std::generic_category()));
      open_file_ = file_;
      ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);  // a hint: failure changes nothing
    }
    while (size > 0) {
      const auto got = ::pread(fd_, out, size, static_cast<off_t>(offset));
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) return fail(std::error_code(errno, std::generic_category()));
      if (got == 0) return fail(creator_errc::file_changed);
      out += got;
      size -= static_cast<std::size_t>(got);
      offset += static_cast<std::uint64_t>(got);
    }
    return {};
  }

  void close_file() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    open_file_ = kNone;
  }

  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  const fs::path& root_;
  const CreatorPlan& plan_;
  std::uint64_t position_;
  std::size_t file_ = 0;
  std::size_t open_file_ = kNone;
  int fd_ = -1;
};

struct Job {
  std::uint32_t first = 0;  // pieces [first, last)
  std::uint32_t last = 0;
  Result<void> result;
  fs::path failed_path;
};

// Hashes pieces [job.first, job.last) into `hashes`, stopping early once `stop` is set.
void hash_run(const fs::path& root, const CreatorPlan& plan, Job& job, std::string& hashes,
              std::atomic<bool>& stop) {
  const std::uint64_t length = plan.piece_length();
  std::uint64_t position = job.first * length;
  const std::uint64_t end = std::min<std::uint64_t>(job.last * length, plan.total_size());
  std::uint64_t piece_end = std::min(position + length, end);
  std::uint32_t piece = job.first;
  StreamReader reader(root, plan, position);
  crypto::Sha1 sha;
  std::vector<char> block(static_cast<std::size_t>(std::min<std::uint64_t>(kCreateReadBlock, end - position)));
  while (position < end && !stop.load(std::memory_order_relaxed)) {
    const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(block.size(), end - position));
    job.result = reader.read(block.data(), n);
    if (!job.result) {
      job.failed_path = reader.current_path();
      stop = true;
      return;
    }
    std::string_view data(block.data(), n);
    while (!data.empty()) {
      const auto take = static_cast<std::size_t>(std::min<std::uint64_t>(data.size(), piece_end - position));
      sha.update(data.substr(0, take));
      data.remove_prefix(take);
      position += take;
      if (position == piece_end) {
        const auto digest = sha.finish();
        std::memcpy(hashes.data() + std::size_t{piece} * kSha1Size, digest.bytes.data(), kSha1Size);
        ++piece;
        piece_end = std::min(piece_end + length, end);
      }
    }
  }
}

}  // namespace

Result<std::string> hash_pieces(const fs::path& root, const CreatorPlan& plan, unsigned threads,
                                fs::path* failed_path) {
  const std::uint32_t count = plan.piece_count();
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  threads = std::clamp(threads, 1u, std::max(1u, count));
  const std::uint32_t per_thread = (count + threads - 1) / threads;

  std::string hashes(std::size_t{count} * kSha1Size, '\0');
  std::vector<Job> jobs(threads);
  std::atomic<bool> stop{false};
  {
    std::vector<std::jthread> workers;
    for (unsigned i = 0; i < threads; ++i) {
      jobs[i].first = std::min(count, i * per_thread);
      jobs[i].last = std::min(count, jobs[i].first + per_thread);
      if (jobs[i].first == jobs[i].last) continue;
      workers.emplace_back([&, i] { hash_run(root, plan, jobs[i], hashes, stop); });
    }
  }  // the jthreads join here
  for (const auto& job : jobs) {
    if (!job.result) {
      if (failed_path != nullptr) *failed_path = job.failed_path;
      return tl::make_unexpected(job.result.error());
    }
  }
  return hashes;
}

}  // namespace corrent::metainfo
