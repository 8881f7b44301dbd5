// What every subcommand family shares: the global options and the one action to run.
//
// A subcommand's callback does not run the command itself; it stores the action, so that
// main() runs exactly one action and maps its Status to an exit code in one place.
#ifndef EQUILENS_CLI_CLI_H_
#define EQUILENS_CLI_CLI_H_

#include <CLI/CLI.hpp>
#include <functional>
#include <string>

#include "equilens/status.h"

namespace equilens::cli {

struct GlobalOptions {
  std::string db_path;  // --db, else $EQUILENS_DB, else ./equilens.db
  std::string user;     // --as, else $EQUILENS_USER
  bool json = false;    // --json: machine-readable stdout
};

struct Cli {
  GlobalOptions globals;
  std::function<Status()> action;  // set by the subcommand that was chosen
};

// Makes `command` store `action` as the one to run.
inline void OnRun(CLI::App* command, Cli& cli, std::function<Status()> action) {
  command->callback([&cli, action = std::move(action)] { cli.action = action; });
}

// The process exit code for a command's outcome (docs/cli.md lists them).
int ExitCodeFor(const Status& status);

// Subcommand families, one file each.
void AddWorkflowCommands(CLI::App& app, Cli& cli);

}  // namespace equilens::cli

#endif  // EQUILENS_CLI_CLI_H_
