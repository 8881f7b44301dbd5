// Durable writes under concurrency, in-process: do concurrent commands share fsyncs?
//
// Every engine command is one BEGIN IMMEDIATE ... COMMIT with synchronous=FULL, so each
// commit waits for one fsync of the WAL, and SQLite holds the write lock through it. This
// program shows what that means for a server with many workers:
//
//   1. the disk's own rate: 4 KiB rewritten in place + fdatasync, back to back, for 2 s
//      (one fsync per durable action can go no faster than this);
//   2. Engine::Comment from T threads at once (T = 1, 2, 4, 8, 16 by default), each thread
//      with its own Engine (its own SQLite connection), as the server's workers are with
//      --no-group-commit: total commits per second, per-command latency, and commits per
//      fsync-time. Each command commits alone, so the total stays near the one-thread rate
//      however many threads write;
//   3. the same, handed to one GroupCommitter (as `equilens serve` does by default): the
//      commands that wait together share one commit, so the rate grows with the writers;
//   4. the ceiling: the same comment_added event appended K at a time in one transaction
//      (EventLog::Append + ApplyEvent, as the write path does, without the command's
//      checks), K = 1, 8, 32.
//
// Usage: durable_writes_bench [INITIATIVES [SECONDS [THREADS...]]]   (defaults 2000, 4 s per
// measurement, threads 1 2 4 8 16). The database lives in a temp folder, removed afterwards.
// Prints; never asserts a time.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "equilens/engine.h"
#include "equilens/group_commit.h"
#include "store/database.h"
#include "store/event_log.h"
#include "store/projector.h"
#include "support/district_seed.h"

namespace equilens::bench {
namespace {

using Clock = std::chrono::steady_clock;

constexpr const char* kComment =
    "Checked the stop list against the ELL family addresses; two stops need a translated "
    "notice before the board meets.";

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Nearest-rank percentile of `values` (sorted here), 0 < p <= 100; 0 when empty.
double Percentile(std::vector<double>& values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto rank = static_cast<std::size_t>(p / 100 * static_cast<double>(values.size()) + 0.5);
  return values[std::min(std::max<std::size_t>(rank, 1), values.size()) - 1];
}

// [1] 4 KiB overwritten in place, then fdatasync, for `seconds`: fsyncs per second. In place,
// in a file written and synced beforehand, as SQLite rewrites a WAL it has checkpointed: an
// append would also sync the file's size (a journal commit), which the WAL's commits avoid.
double FsyncRate(const std::string& path, double seconds) {
  constexpr int kPages = 1024;  // a 4 MiB ring, about a default-sized WAL
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) Fail("fsync probe", std::strerror(errno));
  const std::vector<char> page(4096, 'x');
  auto write_page = [&](int index) {
    const off_t offset = static_cast<off_t>(index) * static_cast<off_t>(page.size());
    return pwrite(fd, page.data(), page.size(), offset) == static_cast<ssize_t>(page.size());
  };
  bool ok = true;
  for (int i = 0; i < kPages && ok; ++i) ok = write_page(i);
  ok = ok && fsync(fd) == 0;
  int syncs = 0;
  const Clock::time_point start = Clock::now();
  while (ok && SecondsSince(start) < seconds) {
    ok = write_page(syncs % kPages) && fdatasync(fd) == 0;
    ++syncs;
  }
  const double rate = syncs / SecondsSince(start);
  close(fd);
  if (!ok) Fail("fsync probe", std::strerror(errno));
  return rate;
}

struct ConcurrentRun {
  int commits = 0;
  int refused = 0;  // conflict (the write lock's busy timeout) or any other refusal
  std::string first_refusal;
  double seconds = 0;
  std::vector<double> latencies_ms;
};

// [2] and [3]: `threads` threads commenting as a reviewer on initiatives in review for
// `seconds`, each with its own Engine, or through `committer` when one is given. All start
// together once every Engine is open.
ConcurrentRun RunConcurrent(const std::string& db_path, const District& district,
                            const Seeded& seeded, int threads, double seconds,
                            GroupCommitter* committer) {
  ConcurrentRun run;
  std::mutex mutex;  // guards `run`
  std::atomic<int> ready{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      std::unique_ptr<Engine> engine;
      std::string open_failure;
      if (auto opened = Engine::Open(db_path); opened.ok()) {
        engine = std::move(*opened);
      } else {
        open_failure = opened.status().ToString();
      }
      ++ready;
      while (!go) std::this_thread::yield();
      std::mt19937_64 random(static_cast<std::uint64_t>(t) + 1);
      int commits = 0, refused = 0;
      std::string first_refusal = open_failure;
      std::vector<double> latencies;
      const Clock::time_point start = Clock::now();
      while (engine && SecondsSince(start) < seconds) {
        const CommandOptions reviewer{district.reviewers[random() % district.reviewers.size()],
                                      std::nullopt, ""};
        const Initiative& initiative = seeded.initiatives[static_cast<std::size_t>(
            seeded.in_review[random() % seeded.in_review.size()])];
        const Clock::time_point call = Clock::now();
        Status status;
        if (committer == nullptr) {
          status = engine->Comment(reviewer, initiative.id, kComment);
        } else {
          const Status durable = committer->Run(
              [&](Engine& writer) { status = writer.Comment(reviewer, initiative.id, kComment); });
          if (!durable.ok()) status = durable;
        }
        latencies.push_back(SecondsSince(call) * 1000);
        if (status.ok()) {
          ++commits;
        } else {
          ++refused;
          if (first_refusal.empty()) first_refusal = status.ToString();
        }
      }
      const std::lock_guard<std::mutex> lock(mutex);
      run.commits += commits;
      run.refused += refused + (engine ? 0 : 1);
      if (run.first_refusal.empty()) run.first_refusal = first_refusal;
      run.latencies_ms.insert(run.latencies_ms.end(), latencies.begin(), latencies.end());
    });
  }
  while (ready < threads) std::this_thread::yield();
  const Clock::time_point start = Clock::now();
  go = true;
  for (std::thread& worker : workers) worker.join();
  run.seconds = SecondsSince(start);
  return run;
}

// [4] comment_added events appended `batch` per transaction for `seconds`: events per second.
double BatchedAppendRate(const std::string& db_path, const District& district, const Seeded& seeded,
                         int batch, double seconds) {
  std::unique_ptr<Database> database =
      Take(Database::Open(db_path, OpenMode::kMustExist), "open for batched appends");
  EventLog log(*database);
  const std::string payload = std::string("{\"text\":\"") + kComment + "\"}";
  std::mt19937_64 random(99);
  int events = 0;
  const Clock::time_point start = Clock::now();
  while (SecondsSince(start) < seconds) {
    WriteTransaction transaction = Take(WriteTransaction::Begin(*database), "begin");
    for (int i = 0; i < batch; ++i) {
      const Initiative& initiative = seeded.initiatives[static_cast<std::size_t>(
          seeded.in_review[random() % seeded.in_review.size()])];
      StoredEvent stored =
          Take(log.Append({initiative.id, FormatUtc(NowMs()), district.reviewers[0],
                           "cesj_reviewer", "comment_added", payload}),
               "append");
      Check(ApplyEvent(*database, stored), "apply comment_added");
    }
    Check(transaction.Commit(), "commit");
    events += batch;
  }
  return events / SecondsSince(start);
}

int Run(int initiatives, double seconds, const std::vector<int>& thread_counts) {
  TempFolder folder("equilens-durable-writes-bench");
  const std::string db_path = folder.File("district.db");
  const District district = MakeDistrict();
  const DefinitionInfo workflow = SetUpDistrict(db_path, district);
  const Seeded seeded = SeedHistories(db_path, district, workflow, initiatives);

  const double fsyncs = FsyncRate(folder.File("fsync-probe"), std::min(seconds, 2.0));
  std::printf(
      "durable_writes_bench: %d initiatives (%zu in review), %.0f s per measurement, "
      "%u cores, files in %s\n",
      initiatives, seeded.in_review.size(), seconds, std::thread::hardware_concurrency(),
      std::filesystem::temp_directory_path().c_str());
  std::printf("[1] the disk: 4 KiB rewritten in place + fdatasync, back to back: %.0f fsyncs/s\n",
              fsyncs);

  double one_thread_rate = 0;  // [2] at the first T: the baseline of [2] and [3]
  for (const bool grouped : {false, true}) {
    std::unique_ptr<GroupCommitter> committer;
    if (grouped) {
      committer = Take(GroupCommitter::Start(db_path), "start the group committer");
      std::printf("[3] Engine::Comment from T threads, through one GroupCommitter\n");
    } else {
      std::printf("[2] Engine::Comment from T threads, each with its own Engine (connection)\n");
    }
    std::printf("  %8s %10s %9s %9s %9s %12s %10s  %s\n", "threads", "commands/s", "vs [2] T=1",
                "p50 ms", "p99 ms", "per fsync", "commits", "refused");
    for (int threads : thread_counts) {
      const std::uint64_t commits_before = committer ? committer->counts().commits : 0;
      ConcurrentRun run =
          RunConcurrent(db_path, district, seeded, threads, seconds, committer.get());
      const double rate = run.commits / run.seconds;
      if (one_thread_rate == 0) one_thread_rate = rate;
      const std::string commits =
          committer ? std::to_string(committer->counts().commits - commits_before) : "each";
      std::printf("  %8d %10.0f %9.2fx %9.2f %9.2f %12.2f %10s  %d%s%s\n", threads, rate,
                  rate / one_thread_rate, Percentile(run.latencies_ms, 50),
                  Percentile(run.latencies_ms, 99), rate / fsyncs, commits.c_str(), run.refused,
                  run.first_refusal.empty() ? "" : ": ", run.first_refusal.c_str());
    }
  }

  std::printf(
      "[4] comment_added appended K per transaction (EventLog::Append + ApplyEvent, "
      "no command checks), 1 thread\n");
  std::printf("  %8s %10s %12s\n", "K", "events/s", "per fsync");
  for (int batch : {1, 8, 32}) {
    const double rate = BatchedAppendRate(db_path, district, seeded, batch, seconds);
    std::printf("  %8d %10.0f %12.2f\n", batch, rate, rate / fsyncs);
  }
  return 0;
}

}  // namespace
}  // namespace equilens::bench

int main(int argc, char** argv) {
  const int initiatives = argc > 1 ? std::atoi(argv[1]) : 2000;
  const double seconds = argc > 2 ? std::atof(argv[2]) : 4;
  std::vector<int> threads;
  for (int i = 3; i < argc; ++i) threads.push_back(std::atoi(argv[i]));
  if (threads.empty()) threads = {1, 2, 4, 8, 16};
  const bool bad_threads =
      std::any_of(threads.begin(), threads.end(), [](int t) { return t <= 0 || t > 256; });
  if (initiatives <= 0 || seconds <= 0 || bad_threads) {
    std::fprintf(stderr, "usage: durable_writes_bench [INITIATIVES [SECONDS [THREADS...]]]\n");
    return 2;
  }
  try {
    return equilens::bench::Run(initiatives, seconds, threads);
  } catch (const equilens::bench::BenchFailure& failure) {
    std::fprintf(stderr, "durable_writes_bench: %s\n", failure.message.c_str());
    return 1;
  }
}
