// Options every database command shares: who acts, the guards, opening the database.
#include "cli.h"

namespace equilens::cli {

void AddWriteGuards(CLI::App* command, WriteGuards& guards) {
  command->add_option("--expect-version", guards.expect_version,
                      "Refuse (exit 6) unless the initiative is still at this version");
  command->add_option("--request-id", guards.request_id,
                      "Repeat-safe: the same id does not act twice");
}

Result<CommandOptions> OptionsFor(const GlobalOptions& globals, const WriteGuards* guards) {
  if (globals.user.empty()) {
    return UsageError("say who is acting: --as USER (or set EQUILENS_USER)");
  }
  CommandOptions options;
  options.user = globals.user;
  if (guards != nullptr) {
    if (guards->expect_version >= 0) options.expect_version = guards->expect_version;
    options.request_id = guards->request_id;
  }
  return options;
}

Result<std::unique_ptr<Engine>> OpenEngine(const GlobalOptions& globals) {
  return Engine::Open(globals.db_path);
}

}  // namespace equilens::cli
