// create_torrent(): walk the source, plan the layout, hash, encode. The hashing itself is
// in creator_hasher.cpp.
#include "corrent/metainfo/creator.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <system_error>
#include <utility>

#include "corrent/bencode/encode.hpp"

namespace corrent::metainfo {
namespace fs = std::filesystem;
namespace {

bool is_executable(fs::perms perms) { return (perms & fs::perms::owner_exec) != fs::perms::none; }

std::vector<std::string> components(const fs::path& relative) {
  std::vector<std::string> out;
  for (const auto& part : relative) out.push_back(part.string());
  return out;
}

// Every regular file below `root`, not following links, sorted by path components so that
// the order (and so the info-hash) does not depend on the directory's internal order.
Result<void> walk_folder(const fs::path& root, SourceListing& listing, fs::path* failed_path) {
  std::error_code ec;
  fs::path current = root;  // what an error is about: increment() may fail to open it
  fs::recursive_directory_iterator it(root, fs::directory_options::none, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const auto& entry = *it;
    current = entry.path();
    const auto status = entry.symlink_status(ec);
    if (ec) break;
    if (fs::is_directory(status)) continue;
    if (!fs::is_regular_file(status)) {  // symlinks, sockets, FIFOs, devices
      listing.skipped.push_back(entry.path());
      continue;
    }
    CreatorFile file;
    file.path = components(entry.path().lexically_relative(root));
    file.size = entry.file_size(ec);
    if (ec) break;
    file.executable = is_executable(status.permissions());
    listing.files.push_back(std::move(file));
  }
  if (ec) {
    if (failed_path != nullptr) *failed_path = current;
    return tl::make_unexpected(ec);
  }
  std::sort(listing.files.begin(), listing.files.end(),
            [](const CreatorFile& a, const CreatorFile& b) { return a.path < b.path; });
  std::sort(listing.skipped.begin(), listing.skipped.end());
  return {};
}

// The name of the file or folder itself, even for "dir/", "." or "..".
std::string source_name(const fs::path& source) {
  std::error_code ec;
  auto absolute = fs::weakly_canonical(source, ec);
  if (ec) absolute = fs::absolute(source, ec).lexically_normal();
  if (!absolute.has_filename()) absolute = absolute.parent_path();
  return absolute.filename().string();
}

}  // namespace

Result<SourceListing> list_source(const fs::path& source, fs::path* failed_path) {
  std::error_code ec;
  if (failed_path != nullptr) *failed_path = source;
  const auto status = fs::status(source, ec);  // the source itself may be a link
  if (ec) return tl::make_unexpected(ec);
  SourceListing listing;
  listing.name = source_name(source);
  if (fs::is_regular_file(status)) {
    CreatorFile file;
    file.size = fs::file_size(source, ec);
    if (ec) return tl::make_unexpected(ec);
    file.executable = is_executable(status.permissions());
    listing.files.push_back(std::move(file));
    if (failed_path != nullptr) failed_path->clear();
    return listing;
  }
  if (!fs::is_directory(status)) return fail(creator_errc::unsupported_source);
  listing.multi_file = true;
  CORRENT_TRY_VOID(walk_folder(source, listing, failed_path));
  if (failed_path != nullptr) failed_path->clear();
  return listing;
}

Result<std::string> create_torrent(const fs::path& source, const CreateOptions& options,
                                   CreateReport* report) {
  CreateReport local;
  auto& out = report != nullptr ? *report : local;
  CORRENT_TRY(auto listing, list_source(source, &out.failed_path));
  out.skipped = listing.skipped;
  out.file_count = listing.files.size();
  if (options.name) listing.name = *options.name;
  auto plan = CreatorPlan::make(std::move(listing.name), listing.multi_file, std::move(listing.files),
                                options);
  if (!plan) {
    out.failed_path = source;
    return tl::make_unexpected(plan.error());
  }
  out.piece_length = plan->piece_length();
  out.piece_count = plan->piece_count();
  CORRENT_TRY(auto hashes, hash_pieces(source, *plan, options.threads, &out.failed_path));
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch()).count();
  CORRENT_TRY(auto torrent, build_torrent(*plan, hashes, options, static_cast<std::int64_t>(now)));
  return bencode::encode(torrent);
}

}  // namespace corrent::metainfo
