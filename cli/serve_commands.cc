// `equilens serve`: the web application and JSON API over the database named by --db, until
// SIGTERM or SIGINT (then in-flight requests finish and it exits 0).
#include <memory>

#include "cli.h"
#include "server/server.h"

namespace equilens::cli {

void AddServeCommands(CLI::App& app, Cli& cli) {
  auto options = std::make_shared<server::ServeOptions>();
  CLI::App* serve = app.add_subcommand(
      "serve", "Serve the web application and JSON API (docs/api.md) until SIGTERM or SIGINT");
  serve->add_option("--bind", options->bind, "Address to listen on");
  serve->add_option("--port", options->port, "TCP port; 0 = any free port (printed)")
      ->check(CLI::Range(0, 65535));
  serve
      ->add_option("--threads", options->threads,
                   "Worker threads: each serves one connection at a time and has its own "
                   "database connection")
      ->check(CLI::Range(1, 256));
  serve->add_option("--web-dir", options->web_dir,
                    "Page templates and static/ (default: $EQUILENS_HOME/templates/web, else "
                    "the shipped ones)");
  serve->add_option("--access-log", options->access_log,
                    "Append the access log to this file (default: stderr)");
  serve
      ->add_option("--idle-minutes", options->sessions.idle_minutes,
                   "A session unused this long ends (minutes)")
      ->check(CLI::Range(1, 24 * 60));
  serve
      ->add_option("--absolute-hours", options->sessions.absolute_hours,
                   "A session ends this long after sign-in, used or not (hours)")
      ->check(CLI::Range(1, 24 * 7));
  serve->add_flag("--secure-cookies", options->secure_cookies,
                  "Mark cookies Secure: set when TLS ends in front of the server");
  serve->add_flag("!--no-group-commit", options->group_commit,
                  "Commit each write on its own (one fsync each) instead of letting writes "
                  "that arrive together share one commit; for measurement");
  serve->add_option("--jobs-as", options->jobs_as,
                    "Run the escalation pass and mail delivery on a schedule as this admin");
  serve
      ->add_option("--escalate-every", options->escalate_every_minutes,
                   "Minutes between escalation passes (0 = none; the pass records each step "
                   "once, so running it often repeats nothing)")
      ->check(CLI::Range(0, 24 * 60));
  serve->add_option("--mail-settings", options->mail_settings,
                    "Deliver notifications through the mail server this file names "
                    "(docs/notifications.md); needs --jobs-as");
  serve
      ->add_option("--deliver-every", options->deliver_every_seconds,
                   "Seconds between delivery runs")
      ->check(CLI::Range(1, 3600));
  OnRun(serve, cli, [options, &cli] {
    server::ServeOptions run = *options;
    run.db_path = cli.globals.db_path;
    return server::ServeUntilSignalled(run);
  });
}

}  // namespace equilens::cli
