// equilens: the command line. Parses arguments (CLI11), runs the one chosen action against
// the engine, prints its error once on stderr, and exits with the code for its category.
#include <cstdlib>
#include <iostream>

#include "cli.h"

namespace {

std::string EnvOr(const char* name, std::string fallback) {
  const char* value = std::getenv(name);
  return (value != nullptr && *value != '\0') ? std::string(value) : std::move(fallback);
}

}  // namespace

int main(int argc, char** argv) {
  using equilens::cli::Cli;
  Cli cli;
  cli.globals.db_path = EnvOr("EQUILENS_DB", "equilens.db");
  cli.globals.user = EnvOr("EQUILENS_USER", "");

  CLI::App app{"equilens: equity impact review for school districts"};
  app.name("equilens");
  app.require_subcommand(1);
  app.option_defaults()->always_capture_default();
  app.add_option("--db", cli.globals.db_path, "SQLite database file (env EQUILENS_DB)")
      ->envname("EQUILENS_DB");
  app.add_option("--as", cli.globals.user, "Act as this user (env EQUILENS_USER)")
      ->envname("EQUILENS_USER");
  app.add_flag("--json", cli.globals.json, "Machine-readable output on stdout");
  app.fallthrough();  // global options may follow the subcommand

  equilens::cli::AddWorkflowCommands(app, cli);
  equilens::cli::AddAdminCommands(app, cli);
  equilens::cli::AddInitiativeCommands(app, cli);
  equilens::cli::AddReviewCommands(app, cli);
  equilens::cli::AddEquityCommands(app, cli);
  equilens::cli::AddAuditCommands(app, cli);
  equilens::cli::AddDocumentCommands(app, cli);
  equilens::cli::AddServeCommands(app, cli);
  equilens::cli::AddSlaCommands(app, cli);
  equilens::cli::AddMailCommands(app, cli);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);  // prints the message and usage hint
    return equilens::cli::ExitCodeFor(equilens::UsageError(e.what()));
  }
  if (!cli.action) {
    std::cerr << "equilens: choose a command; see equilens --help\n";
    return 2;
  }
  equilens::Status status = cli.action();
  if (!status.ok() && !status.message().empty()) {
    std::cerr << "equilens: " << status.ToString() << "\n";
  }
  return equilens::cli::ExitCodeFor(status);
}
