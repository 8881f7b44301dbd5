// BackgroundJobs: two timed loops over the engine, logged at the edge.
#include "server/background_jobs.h"

#include <chrono>
#include <functional>

namespace equilens::server {

BackgroundJobs::BackgroundJobs(JobOptions options, std::shared_ptr<spdlog::logger> log)
    : options_(std::move(options)), log_(std::move(log)) {}

BackgroundJobs::~BackgroundJobs() { Stop(); }

Result<std::unique_ptr<BackgroundJobs>> BackgroundJobs::Start(const JobOptions& options,
                                                              std::shared_ptr<spdlog::logger> log) {
  std::unique_ptr<BackgroundJobs> jobs(new BackgroundJobs(options, std::move(log)));
  if (options.run_as.empty()) return jobs;
  auto engine = Engine::Open(options.db_path);
  if (!engine.ok()) return engine.status();
  const CommandOptions as{options.run_as, std::nullopt, ""};
  // The outbox listing is the admin's: a user who may not list it may not deliver it either.
  if (auto allowed = (*engine)->ListOutbox(as, "", 1); !allowed.ok()) {
    return Forbidden(
        "--jobs-as " + options.run_as +
        " cannot run the server's jobs (it needs an admin): " + allowed.status().message());
  }
  if (options.mail) {
    if (Status status = (*engine)->CheckNotificationTemplates(); !status.ok()) return status;
  }
  BackgroundJobs* raw = jobs.get();
  if (options.escalate_every_minutes > 0) {
    jobs->threads_.emplace_back([raw] {
      raw->Loop(raw->options_.escalate_every_minutes * 60000L, [raw](Engine& engine) {
        const CommandOptions as{raw->options_.run_as, std::nullopt, ""};
        auto pass = engine.Escalate(as, EscalateRequest{});
        if (!pass.ok()) {
          raw->log_->error("job=escalate failed: {}", pass.status().ToString());
        } else if (!pass->done.empty() || !pass->problems.empty()) {
          raw->log_->info("job=escalate as_of={} events={} not_done={}", pass->as_of,
                          pass->done.size(), pass->problems.size());
        }
      });
    });
  }
  if (options.mail) {
    jobs->threads_.emplace_back([raw] {
      raw->Loop(raw->options_.deliver_every_seconds * 1000L, [raw](Engine& engine) {
        const CommandOptions as{raw->options_.run_as, std::nullopt, ""};
        DeliveryRequest request;
        request.stop = &raw->stopping_;
        auto report = engine.DeliverMail(as, *raw->options_.mail, request);
        if (!report.ok()) {
          raw->log_->error("job=deliver failed: {}", report.status().ToString());
          return;
        }
        if (report->messages_sent + report->retrying + report->failed > 0) {
          raw->log_->info(
              "job=deliver messages_sent={} notifications_sent={} retrying={} failed={}",
              report->messages_sent, report->notifications_sent, report->retrying, report->failed);
        }
        for (const std::string& problem : report->problems) {
          raw->log_->warn("job=deliver {}", problem);
        }
      });
    });
  }
  return jobs;
}

void BackgroundJobs::Loop(long every_ms, const std::function<void(Engine&)>& job) {
  std::unique_ptr<Engine> engine;
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    if (!engine) {  // opened on the first run, and again after a failure
      auto opened = Engine::Open(options_.db_path);
      if (opened.ok()) {
        engine = std::move(*opened);
      } else {
        log_->error("background job cannot open {}: {}", options_.db_path,
                    opened.status().ToString());
      }
    }
    if (engine) job(*engine);
    lock.lock();
    wake_.wait_for(lock, std::chrono::milliseconds(every_ms), [this] { return stopping_.load(); });
  }
}

void BackgroundJobs::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (std::thread& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
  threads_.clear();
}

}  // namespace equilens::server
