// corrent create PATH -o OUT.torrent [options]: makes a .torrent, prints its info-hash and
// magnet URI. Each --tracker is a tier of its own; "--tracker a,b" puts a and b in one tier
// (as mktorrent's -a).
#include <cstdio>
#include <fstream>
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

// Writes next to `output` and renames, so a failure never leaves half a torrent behind.
std::error_code write_file(const fs::path& output, const std::string& bytes) {
  const fs::path part = output.string() + ".part";
  {
    std::ofstream out(part, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) {
      std::error_code ignored;
      fs::remove(part, ignored);
      return std::make_error_code(std::errc::io_error);
    }
  }
  std::error_code ec;
  fs::rename(part, output, ec);
  if (ec) fs::remove(part, ec);
  return ec;
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

  std::error_code ec;
  if (!args.force && fs::symlink_status(args.output, ec).type() != fs::file_type::not_found) {
    return report_error("create", args.output + ": already exists (use --force to overwrite)");
  }
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
