// corrent create PATH [-o OUT.torrent] [options]: makes a .torrent (without -o,
// <name>.torrent in the current folder, as mktorrent), prints its info-hash and magnet
// URI. Each --tracker is a tier of its own; "--tracker a,b" puts a and b in one tier (as
// mktorrent's -a), and each URL must be http://, https:// or udp://.
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
#include "corrent/net/url.hpp"

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
  std::string info_source;  ///< --source: info.source
  std::string name;         ///< --name: the torrent's name; empty: the file or folder's
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

// A tracker URL: http://, https:// or udp:// with a host (net::parse_url's rules).
std::optional<std::string> tracker_problem(const std::string& url) {
  auto parsed = net::parse_url(url);
  if (!parsed) return "--tracker " + url + ": not a URL (" + parsed.error().message() + "); expected http://, https:// or udp://";
  if (parsed->scheme != "http" && parsed->scheme != "https" && parsed->scheme != "udp") {
    return "--tracker " + url + ": not a tracker URL (" + parsed->scheme + "://); expected http://, https:// or udp://";
  }
  if (parsed->scheme == "udp" && parsed->port == 0) return "--tracker " + url + ": a udp:// tracker needs a port";
  return std::nullopt;
}

// The torrent's name as written to info.name: --name, or the shared file or folder's own
// name (even for "dir/", "." or ".."), as create_torrent() takes it.
std::string torrent_name(const CreateArgs& args) {
  if (!args.name.empty()) return args.name;
  std::error_code ec;
  auto absolute = fs::weakly_canonical(fs::absolute(args.source), ec);
  if (ec) absolute = fs::absolute(args.source).lexically_normal();
  if (!absolute.has_filename()) absolute = absolute.parent_path();
  return absolute.filename().string();
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

int run_create(CreateArgs args) {
  if (!args.name.empty() && (args.name == "." || args.name == ".." || args.name.find('/') != std::string::npos)) {
    return report_error("create", "--name " + args.name + ": not a file or folder name (no '/', not . or ..)",
                        kExitUsage);
  }
  // As mktorrent: without -o, <name>.torrent in the current folder.
  if (args.output.empty()) args.output = torrent_name(args) + ".torrent";
  metainfo::CreateOptions options;
  if (args.piece_size != 0) {
    if (auto ok = metainfo::check_piece_length(args.piece_size); !ok) {
      return report_error("create: --piece-size", ok.error().message(), kExitUsage);
    }
    options.piece_length = static_cast<std::uint32_t>(args.piece_size);
  }
  for (const auto& tier : args.trackers) {
    auto urls = split_tier(tier);
    for (const auto& url : urls) {
      if (auto problem = tracker_problem(url)) return report_error("create", *problem, kExitUsage);
    }
    if (!urls.empty()) options.trackers.push_back(std::move(urls));
  }
  options.web_seeds = args.web_seeds;
  options.is_private = args.is_private;
  options.comment = args.comment;
  options.source = args.info_source;
  if (!args.name.empty()) options.name = args.name;
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
  sub->add_option("-o,--output", args->output, "Where to write the .torrent (default: <name>.torrent here)");
  sub->add_option("-t,--tracker", args->trackers,
                  "Tracker URL; each use is a tier, \"a,b\" puts a and b in one tier");
  sub->add_option("-w,--webseed", args->web_seeds, "Web seed URL (BEP 19)");
  sub->add_option("-l,--piece-size", args->piece_size,
                  "Piece length, a power of two from 16K to 16M (default: automatic)")
      ->transform(CLI::AsSizeValue(false));
  sub->add_flag("-p,--private", args->is_private, "Set the private flag (BEP 27)");
  sub->add_option("-c,--comment", args->comment, "Comment");
  sub->add_option("-s,--source", args->info_source, "info.source: a tag some private trackers ask for")
      ->type_name("TEXT");
  sub->add_option("-n,--name", args->name, "The torrent's name (default: the file or folder's name)")
      ->type_name("NAME");
  sub->add_flag("--pad-files", args->pad_files, "Align every file to a piece boundary (BEP 47)");
  sub->add_option("--threads", args->threads, "Hashing threads (default: one per core)");
  sub->add_flag("-f,--force", args->force, "Overwrite the output file");
  return {sub, [args] { return run_create(*args); }};
}

}  // namespace corrent::cli
