// corrent create PATH -o OUT.torrent [options]: makes a .torrent, prints its info-hash and
// magnet URI. Each --tracker is a tier of its own; "--tracker a,b" puts a and b in one tier
// (as mktorrent's -a).
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <iostream>
#include <memory>
#include <system_error>

#include "cli_common.hpp"
#include "corrent/metainfo/creator.hpp"
#include "corrent/metainfo/magnet.hpp"

namespace corrent::cli {
namespace fs = std::filesystem;
namespace {

struct CreateArgs {
  std::string source;
  std::string output;
  std::vector<std::string> trackers;
  std::vector<std::string> web_seeds;
  std::uint64_t piece_size = 0;
  bool is_private = false;
  std::string comment;
  bool pad_files = false;
  unsigned threads = 0;
  bool force = false;
};

std::vector<std::string> split_tier(const std::string& text) {
  std::vector<std::string> urls;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto comma = std::min(text.find(',', start), text.size());
    if (comma > start) urls.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return urls;
}

std::error_code last_error() { return {errno, std::system_category()}; }

// Writes next to `output` and renames, so a failure never leaves half a torrent behind.
// The error is the system's (a full disk says so).
std::error_code write_file(const fs::path& output, const std::string& bytes) {
  const fs::path part = output.string() + ".part";
  const int fd = ::open(part.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return last_error();
  std::error_code ec;
  for (std::size_t done = 0; done < bytes.size() && !ec;) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno != EINTR) ec = last_error();
    if (n > 0) done += static_cast<std::size_t>(n);
  }
  if (::close(fd) != 0 && !ec) ec = last_error();
  if (!ec) fs::rename(part, output, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove(part, ignored);
  }
  return ec;
}

// Whether `inner` is `outer` or lies inside it, once both are made absolute with their
// symbolic links resolved (so "./x", "../d/x" and a link all count).
bool same_or_inside(const fs::path& inner, const fs::path& outer) {
  std::error_code ec1, ec2;
  const auto in = fs::weakly_canonical(fs::absolute(inner), ec1);
  const auto out = fs::weakly_canonical(fs::absolute(outer), ec2);
  if (ec1 || ec2) return false;
  auto o = out.begin(), i = in.begin();
  for (; o != out.end() && !o->empty(); ++o, ++i) {
    if (i == in.end() || *i != *o) return false;
  }
  return true;
}

// Where the torrent goes, checked before the hashing: not the input, nor inside it (the
// torrent would overwrite, or become part of, the data it describes), in a folder that
// exists and can be written. The message names the path and says why.
std::optional<std::string> output_problem(const CreateArgs& args) {
  if (same_or_inside(args.output, args.source)) {
    return args.output + ": the output is the input or inside it (" + args.source +
           "); write the torrent elsewhere";
  }
  std::error_code ec;
  if (!args.force && fs::symlink_status(args.output, ec).type() != fs::file_type::not_found) {
    return args.output + ": already exists (use --force to overwrite)";
  }
  const auto folder = fs::path(args.output).has_parent_path() ? fs::path(args.output).parent_path() : fs::path(".");
  const auto status = fs::status(folder, ec);
  if (!fs::exists(status)) return folder.string() + ": the folder does not exist (for -o " + args.output + ")";
  if (!fs::is_directory(status)) return folder.string() + ": not a folder (for -o " + args.output + ")";
  if (::access(folder.c_str(), W_OK) != 0) return folder.string() + ": cannot write there: " + last_error().message();
  return std::nullopt;
}

int run_create(const CreateArgs& args) {
  metainfo::CreateOptions options;
  if (args.piece_size != 0) {
    if (auto ok = metainfo::check_piece_length(args.piece_size); !ok) {
      return report_error("create: --piece-size", ok.error().message(), kExitUsage);
    }
    options.piece_length = static_cast<std::uint32_t>(args.piece_size);
  }
  for (const auto& tier : args.trackers) {
    if (auto urls = split_tier(tier); !urls.empty()) options.trackers.push_back(std::move(urls));
  }
  options.web_seeds = args.web_seeds;
  options.is_private = args.is_private;
  options.comment = args.comment;
  options.pad_files = args.pad_files;
  options.threads = args.threads;

  if (auto problem = output_problem(args)) return report_error("create", *problem);
  metainfo::CreateReport report;
  auto bytes = metainfo::create_torrent(args.source, options, &report);
  for (const auto& skipped : report.skipped) {
    std::cerr << "corrent: create: skipped " << skipped.string() << " (symbolic link or special file)\n";
  }
  if (!bytes) {
    const auto where = report.failed_path.empty() ? args.source : report.failed_path.string();
    return report_error("create", where + ": " + bytes.error().message());
  }
  // Parsing our own output checks it and gives the info-hash and magnet as readers see them.
  auto torrent = metainfo::parse_torrent(*bytes);
  if (!torrent) return report_error("create", "created torrent does not parse: " + torrent.error().message());
  if (auto written = write_file(args.output, *bytes); written) {
    return report_error("create", args.output + ": " + written.message());
  }
  std::cout << "info-hash: " << torrent->info_hash.hex() << '\n'
            << "magnet: " << metainfo::to_uri(metainfo::make_magnet(*torrent)) << '\n';
  return kExitOk;
}

}  // namespace

Command add_create_command(CLI::App& app) {
  auto args = std::make_shared<CreateArgs>();
  auto* sub = app.add_subcommand("create", "Make a .torrent from a file or a folder");
  sub->add_option("path", args->source, "The file or folder to share")->required();
  sub->add_option("-o,--output", args->output, "Where to write the .torrent")->required();
  sub->add_option("-t,--tracker", args->trackers,
                  "Tracker URL; each use is a tier, \"a,b\" puts a and b in one tier");
  sub->add_option("-w,--webseed", args->web_seeds, "Web seed URL (BEP 19)");
  sub->add_option("-l,--piece-size", args->piece_size,
                  "Piece length, a power of two from 16K to 16M (default: automatic)")
      ->transform(CLI::AsSizeValue(false));
  sub->add_flag("-p,--private", args->is_private, "Set the private flag (BEP 27)");
  sub->add_option("-c,--comment", args->comment, "Comment");
  sub->add_flag("--pad-files", args->pad_files, "Align every file to a piece boundary (BEP 47)");
  sub->add_option("--threads", args->threads, "Hashing threads (default: one per core)");
  sub->add_flag("-f,--force", args->force, "Overwrite the output file");
  return {sub, [args] { return run_create(*args); }};
}

}  // namespace corrent::cli
