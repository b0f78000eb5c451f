#include "lsd_options.hpp"

namespace corrent::cli {

void add_lsd_options(CLI::App& cmd, LsdOptions& options) {
  options.on_by_default = true;
  cmd.add_flag("--no-lsd", options.off,
               "do not use Local Service Discovery (BEP 14: torrents announced by multicast to the LAN)");
}

void apply_lsd_options(const LsdOptions& options, Config& config) {
  if (options.off || !options.on_by_default) config.set("lsd", "enabled", "false");
}

}  // namespace corrent::cli
