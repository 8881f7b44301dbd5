// `equilens serve`: the web application and JSON API over the same engine as the CLI.
//
// The server adds no business rule: every request becomes engine calls as the signed-in
// user, and the engine decides. Requests run on a pool of worker threads, each with its own
// Engine (one SQLite connection) for reads; a signed-in request that changes state runs on
// the one writer of a GroupCommitter, so writes are serialized in-process and the writes
// waiting together share one commit (one fsync). Every command re-reads what it decides on
// inside its transaction.
#ifndef EQUILENS_SERVER_SERVER_H_
#define EQUILENS_SERVER_SERVER_H_

#include <cstddef>
#include <memory>
#include <string>

#include "equilens/engine.h"
#include "equilens/status.h"

namespace equilens::server {

struct ServeOptions {
  std::string db_path = "equilens.db";
  std::string bind = "127.0.0.1";
  int port = 8080;      // 0 = any free port (tests read it back from Server::port())
  std::string web_dir;  // page templates and static/; empty = $EQUILENS_HOME/templates/web,
                        // else the shipped templates/web
  // Worker threads. cpp-httplib gives each open keep-alive connection a worker until it
  // closes or idles out, so fewer workers than busy connections makes the rest queue: at 32
  // connections, 8 workers gave a p99 of 760 ms, 32 workers 20 ms (bench/server_bench.sh).
  // Each worker opens its own database connection when it first needs one.
  int threads = 32;
  std::size_t max_body_bytes = 8 << 20;  // 8 MiB: the largest CSV upload accepted
  bool secure_cookies = false;           // add Secure: set when TLS ends in front of us
  bool group_commit = true;              // false: each write commits on its worker's own connection
                                         // (one fsync each; for measuring what group commit gives)
  SessionPolicy sessions;
  // The scheduled jobs (server/background_jobs.h): the escalation pass every
  // `escalate_every_minutes` (0 = never) and, with mail settings, delivery every
  // `deliver_every_seconds`, both as the admin `jobs_as` ("" = no jobs).
  std::string jobs_as;
  int escalate_every_minutes = 60;
  std::string mail_settings;  // a mail settings file (docs/notifications.md); "" = no mail
  int deliver_every_seconds = 30;
  std::string access_log;  // a file for the access log; empty = stderr
};

class Server {
 public:
  // Opens the database (not_found when there is none), loads the page templates (every
  // one checked; invalid_input naming the file and line), binds and starts listening.
  // Returns once requests are being accepted.
  static Result<std::unique_ptr<Server>> Start(const ServeOptions& options);
  ~Server();  // Stop()s

  int port() const;
  std::string address() const;  // "http://127.0.0.1:8080"

  // Stops accepting, lets in-flight requests finish, and returns. Safe to call twice.
  void Stop();
  // Blocks until Stop() (from another thread or a signal handler's thread) completes.
  void Wait();

  struct Impl;

 private:
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Starts the server, prints its address, and serves until SIGTERM or SIGINT, then drains
// in-flight requests and returns ok.
Status ServeUntilSignalled(const ServeOptions& options);

}  // namespace equilens::server

#endif  // EQUILENS_SERVER_SERVER_H_
