// corrent info FILE.torrent [--json]: what a .torrent holds, for people or, with --json,
// as one JSON object whose keys docs/cli.md lists.
#include <nlohmann/json.hpp>

#include <iostream>
#include <memory>

#include "cli_common.hpp"
#include "corrent/metainfo/magnet.hpp"

namespace corrent::cli {
namespace {

std::string file_flags(const metainfo::FileEntry& file) {
  std::string flags;
  flags += file.pad ? 'p' : '-';
  flags += file.executable ? 'x' : '-';
  flags += file.hidden ? 'h' : '-';
  flags += file.symlink_target ? 'l' : '-';
  return flags;
}

nlohmann::json info_json(const metainfo::Metainfo& m) {
  const auto& layout = m.layout;
  nlohmann::json files = nlohmann::json::array();
  for (const auto& file : layout.files()) {
    files.push_back({{"path", file.path},
                     {"size", file.size},
                     {"offset", file.offset},
                     {"pad", file.pad},
                     {"executable", file.executable},
                     {"hidden", file.hidden},
                     {"symlink_target", file.symlink_target ? nlohmann::json(*file.symlink_target)
                                                            : nlohmann::json(nullptr)}});
  }
  nlohmann::json out = {
      {"name", m.name},
      {"info_hash", m.info_hash.hex()},
      {"magnet", metainfo::to_uri(metainfo::make_magnet(m))},
      {"total_size", layout.total_size()},
      {"piece_length", layout.piece_length()},
      {"piece_count", layout.piece_count()},
      {"private", m.is_private},
      {"multi_file", m.multi_file},
      {"files", std::move(files)},
      {"trackers", m.trackers},
      {"web_seeds", m.web_seeds},
      {"creation_date", m.creation_date ? nlohmann::json(iso8601_utc(*m.creation_date)) : nlohmann::json(nullptr)},
      {"creation_date_unix", m.creation_date ? nlohmann::json(*m.creation_date) : nlohmann::json(nullptr)},
      {"comment", m.comment},
      {"created_by", m.created_by},
      {"warnings", m.warnings},
  };
  return out;
}

void print_text(const metainfo::Metainfo& m) {
  const auto& layout = m.layout;
  std::cout << "name:          " << m.name << '\n'
            << "info-hash:     " << m.info_hash.hex() << '\n'
            << "total size:    " << layout.total_size() << " bytes (" << human_size(layout.total_size()) << ")\n"
            << "piece length:  " << layout.piece_length() << " (" << human_size(layout.piece_length()) << ")\n"
            << "pieces:        " << layout.piece_count() << '\n'
            << "private:       " << (m.is_private ? "yes" : "no") << '\n'
            << "created:       " << (m.creation_date ? iso8601_utc(*m.creation_date) : "-") << '\n'
            << "created by:    " << (m.created_by.empty() ? "-" : m.created_by) << '\n'
            << "comment:       " << (m.comment.empty() ? "-" : m.comment) << '\n';
  std::cout << (m.trackers.empty() ? "trackers:      -" : "trackers:") << '\n';
  for (std::size_t tier = 0; tier < m.trackers.size(); ++tier) {
    for (const auto& url : m.trackers[tier]) std::cout << "  tier " << tier + 1 << ": " << url << '\n';
  }
  std::cout << (m.web_seeds.empty() ? "web seeds:     -" : "web seeds:") << '\n';
  for (const auto& url : m.web_seeds) std::cout << "  " << url << '\n';
  std::cout << "files (" << layout.files().size() << "; flags: pad, executable, hidden, link):\n";
  for (const auto& file : layout.files()) {
    std::cout << "  " << file_flags(file) << ' ' << file.size << '\t' << file.path;
    if (file.symlink_target) std::cout << " -> " << *file.symlink_target;
    std::cout << '\n';
  }
  for (const auto& warning : m.warnings) std::cout << "warning: " << warning << '\n';
}

}  // namespace

Command add_info_command(CLI::App& app) {
  struct Args {
    std::string path;
    bool json = false;
  };
  auto args = std::make_shared<Args>();
  auto* sub = app.add_subcommand("info", "Show what a .torrent file holds");
  sub->add_option("torrent", args->path, "The .torrent file")->required();
  sub->add_flag("--json", args->json, "Print one JSON object (keys in docs/cli.md)");
  return {sub, [args] {
            const auto torrent = load_or_report("info", args->path);
            if (!torrent) return kExitFailure;
            if (args->json) {
              // Names in torrents need not be UTF-8: replace bad bytes rather than throw.
              std::cout << info_json(*torrent).dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
                        << '\n';
            } else {
              print_text(*torrent);
            }
            return kExitOk;
          }};
}

}  // namespace corrent::cli
