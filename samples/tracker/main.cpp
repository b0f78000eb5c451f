// corrent-tracker: announce to, scrape and check BitTorrent trackers (HTTP and UDP) with
// the corrent framework's tracker plugins. Parses the command line and runs one command.
#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "tracker_cli.hpp"

int main(int argc, char** argv) {
  using namespace corrent::tracker_cli;
  CLI::App app{"corrent-tracker: talk to BitTorrent trackers (udp://, http://, https://)", "corrent-tracker"};
  // Set before the subcommands exist: they copy it when created. One line, on stderr.
  app.failure_message([](const CLI::App*, const CLI::Error& e) {
    return std::string("corrent-tracker: usage: ") + e.what() + " (see --help)\n";
  });
  app.set_version_flag("--version", std::string("corrent-tracker ") + CORRENT_VERSION);
  app.require_subcommand(1, 1);

  const std::vector<Command> commands = {add_announce_command(app), add_scrape_command(app),
                                         add_check_command(app)};
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
