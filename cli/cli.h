// What every subcommand family shares: the global options and the one action to run.
//
// A subcommand's callback does not run the command itself; it stores the action, so that
// main() runs exactly one action and maps its Status to an exit code in one place.
#ifndef EQUILENS_CLI_CLI_H_
#define EQUILENS_CLI_CLI_H_

#include <CLI/CLI.hpp>
#include <functional>
#include <string>

#include "equilens/engine.h"
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

// Per-command guards a careful client adds (--expect-version, --request-id).
struct WriteGuards {
  std::int64_t expect_version = -1;  // -1 = not given
  std::string request_id;
};
void AddWriteGuards(CLI::App* command, WriteGuards& guards);

// The acting user and guards as the engine takes them; usage error when no user is named.
Result<CommandOptions> OptionsFor(const GlobalOptions& globals, const WriteGuards* guards);

// Opens the database named by --db (not_found when there is none yet).
Result<std::unique_ptr<Engine>> OpenEngine(const GlobalOptions& globals);

// Runs `body(engine, options)` against the database as the acting user.
template <typename Body>
Status WithEngine(const GlobalOptions& globals, const WriteGuards* guards, Body&& body) {
  Result<CommandOptions> options = OptionsFor(globals, guards);
  if (!options.ok()) return options.status();
  Result<std::unique_ptr<Engine>> engine = OpenEngine(globals);
  if (!engine.ok()) return engine.status();
  return body(**engine, *options);
}

// Makes `command` store `action` as the one to run.
inline void OnRun(CLI::App* command, Cli& cli, std::function<Status()> action) {
  command->callback([&cli, action = std::move(action)] { cli.action = action; });
}

// Prints what a content change did to approvals bound to it (voided, and where it went).
void PrintContentChange(const ContentChange& change);

// The process exit code for a command's outcome (docs/cli.md lists them).
int ExitCodeFor(const Status& status);

// Subcommand families, one file each.
void AddWorkflowCommands(CLI::App& app, Cli& cli);    // lint, graph, show (no database)
void AddAdminCommands(CLI::App& app, Cli& cli);       // init, user, workflow load/list
void AddInitiativeCommands(CLI::App& app, Cli& cli);  // file, show, fill, comment, act, ...
void AddReviewCommands(CLI::App& app, Cli& cli);      // feedback, mitigation
void AddEquityCommands(CLI::App& app, Cli& cli);      // data, metrics
void AddAuditCommands(CLI::App& app, Cli& cli);       // audit verify, head, export
void AddDocumentCommands(CLI::App& app, Cli& cli);    // report, audit report (after audit)
void AddServeCommands(CLI::App& app, Cli& cli);       // serve (the web application)
void AddSlaCommands(CLI::App& app, Cli& cli);         // sla report, escalate (deadlines)
void AddMailCommands(CLI::App& app, Cli& cli);        // deliver, outbox (notifications)

}  // namespace equilens::cli

#endif  // EQUILENS_CLI_CLI_H_
