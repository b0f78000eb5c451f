// corrent-tracker: announce to, scrape and check BitTorrent trackers (HTTP and UDP) with
// the corrent framework's tracker plugins. Parses the command line and runs one command.
#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "tracker_cli.hpp"

int main(int argc, char** argv) {
  using namespace corrent::tracker_cli;
  // Under the names of torrust's tools (links the install makes), their defaults.
  const Program program = program_of(argc > 0 ? argv[0] : "");
  if (program == Program::tracker_checker) return run_tracker_checker(argc, argv);
  const std::string name = program == Program::udp_tracker_client    ? "udp_tracker_client"
                           : program == Program::http_tracker_client ? "http_tracker_client"
                                                                     : "corrent-tracker";
  CLI::App app{name + ": talk to BitTorrent trackers (udp://, http://, https://)", name};
  // Set before the subcommands exist: they copy it when created. One line, on stderr.
  app.failure_message([](const CLI::App*, const CLI::Error& e) {
    return std::string("corrent-tracker: usage: ") + e.what() + " (see --help)\n";
  });
  app.set_version_flag("--version", std::string("corrent-tracker ") + CORRENT_VERSION);
  app.require_subcommand(1, 1);

  std::vector<Command> commands = {add_announce_command(app, program), add_scrape_command(app, program)};
  if (program == Program::corrent_tracker) commands.push_back(add_check_command(app));
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
