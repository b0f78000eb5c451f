// corrent magnet FILE.torrent: prints the torrent's magnet URI.
#include <iostream>
#include <memory>

#include "cli_common.hpp"
#include "corrent/metainfo/magnet.hpp"

namespace corrent::cli {

Command add_magnet_command(CLI::App& app) {
  auto path = std::make_shared<std::string>();
  auto* sub = app.add_subcommand("magnet", "Print the magnet URI of a .torrent");
  sub->add_option("torrent", *path, "The .torrent file")->required();
  return {sub, [path] {
            const auto torrent = load_or_report("magnet", *path);
            if (!torrent) return kExitFailure;
            std::cout << metainfo::to_uri(metainfo::make_magnet(*torrent)) << '\n';
            return kExitOk;
          }};
}

}  // namespace corrent::cli
