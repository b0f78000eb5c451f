// corrent: the sample client. Parses the command line and runs one command.
#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "cli_common.hpp"

int main(int argc, char** argv) {
  using namespace corrent::cli;
  CLI::App app{"corrent: a BitTorrent client built on the corrent framework", "corrent"};
  // Set before the subcommands exist: they copy it when created. One line, on stderr.
  app.failure_message([](const CLI::App*, const CLI::Error& e) {
    return std::string("corrent: usage: ") + e.what() + " (see --help)\n";
  });
  app.set_version_flag("--version", std::string("corrent ") + CORRENT_VERSION);
  app.require_subcommand(1, 1);
  app.footer(std::string("\n") + kExitCodesHelp + "\n\n" + kResumeHelp);

  const std::vector<Command> commands = {add_info_command(app), add_create_command(app),
                                         add_magnet_command(app), add_peer_command(app), add_download_command(app),
                                         add_seed_command(app), add_stream_command(app), add_demo_command(app),
                                         add_dht_command(app)};
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);  // prints help, the version, or the error line
    return code == 0 ? kExitOk : kExitUsage;
  }
  for (const auto& command : commands) {
    if (command.parser->parsed()) return command.run();
  }
  return report_error("usage", "no command given (see --help)", kExitUsage);
}
