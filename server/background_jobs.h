// The server's scheduled work (docs/notifications.md): the escalation pass and the mail
// delivery worker, each on its own thread with its own Engine, acting as the admin account
// named by `serve --jobs-as`. The jobs add no rule: they call Engine::Escalate and
// Engine::DeliverMail exactly as `equilens escalate` and `equilens deliver` do from cron.
#ifndef EQUILENS_SERVER_BACKGROUND_JOBS_H_
#define EQUILENS_SERVER_BACKGROUND_JOBS_H_

#include <spdlog/logger.h>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "equilens/engine.h"
#include "equilens/mail_settings.h"

namespace equilens::server {

struct JobOptions {
  std::string db_path;
  std::string run_as;                // an admin user; "" = no jobs
  int escalate_every_minutes = 60;   // 0 = no escalation pass
  std::optional<MailSettings> mail;  // none = no delivery
  int deliver_every_seconds = 30;
};

class BackgroundJobs {
 public:
  // Checks that `run_as` may run both jobs and that the notification templates are sound
  // (forbidden or invalid_input, so `serve` refuses to start rather than fail quietly later),
  // then starts the threads; each runs its job at once and then every interval. A run that
  // fails is logged and tried again at the next interval. Nothing starts when run_as is "".
  static Result<std::unique_ptr<BackgroundJobs>> Start(const JobOptions& options,
                                                       std::shared_ptr<spdlog::logger> log);
  ~BackgroundJobs();  // Stop()

  // Wakes the threads, lets a run in progress finish, and joins them. Idempotent.
  void Stop();

 private:
  BackgroundJobs(JobOptions options, std::shared_ptr<spdlog::logger> log);
  // Runs `job` now and then every `every_ms` until Stop().
  void Loop(long every_ms, const std::function<void(Engine&)>& job);

  JobOptions options_;
  std::shared_ptr<spdlog::logger> log_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::atomic<bool> stopping_{false};  // also tells a delivery run to give back what it took
  std::vector<std::thread> threads_;
};

}  // namespace equilens::server

#endif  // EQUILENS_SERVER_BACKGROUND_JOBS_H_
