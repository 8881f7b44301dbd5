// GroupCommitter: a queue of works, one writer thread, one Engine, one WriteBatch per turn.
#include "equilens/group_commit.h"

#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

#include "runtime/engine_impl.h"
#include "store/database.h"

namespace equilens {

namespace {

// One Run call, waiting on the writer.
struct Job {
  const std::function<void(Engine&)>* work = nullptr;
  bool done = false;
  Status durable;                // the batch's commit
  std::exception_ptr exception;  // what `work` threw
};

}  // namespace

struct GroupCommitter::State {
  std::string db_path;
  std::size_t max_batch = 64;
  std::unique_ptr<Engine> engine;  // the writer thread's alone

  mutable std::mutex mutex;
  std::condition_variable work_waiting;  // the writer waits for jobs (or stopping)
  std::condition_variable job_done;      // Run calls wait for their job
  std::deque<Job*> queue;                // guarded by mutex
  bool stopping = false;                 // guarded by mutex
  Counts counts;                         // guarded by mutex
  std::thread writer;

  void WriterLoop();
  // Runs `batch` in one transaction and reports each job's outcome.
  void RunBatch(std::vector<Job*>& batch);
  void Finish(const std::vector<Job*>& jobs, const Status& durable, std::size_t commits);
};

Result<std::unique_ptr<GroupCommitter>> GroupCommitter::Start(const std::string& db_path,
                                                              int max_batch) {
  auto state = std::make_unique<State>();
  state->db_path = db_path;
  state->max_batch = static_cast<std::size_t>(max_batch < 1 ? 1 : max_batch);
  auto engine = Engine::Open(db_path);
  if (!engine.ok()) return engine.status();
  state->engine = std::move(*engine);
  State* raw = state.get();
  state->writer = std::thread([raw] { raw->WriterLoop(); });
  return std::unique_ptr<GroupCommitter>(new GroupCommitter(std::move(state)));
}

GroupCommitter::GroupCommitter(std::unique_ptr<State> state) : state_(std::move(state)) {}

GroupCommitter::~GroupCommitter() {
  {
    const std::lock_guard<std::mutex> lock(state_->mutex);
    state_->stopping = true;
  }
  state_->work_waiting.notify_one();
  state_->writer.join();
}

Status GroupCommitter::Run(const std::function<void(Engine&)>& work) {
  Job job;
  job.work = &work;
  std::unique_lock<std::mutex> lock(state_->mutex);
  if (state_->stopping) return InternalError("the writer has stopped; the server is shutting down");
  state_->queue.push_back(&job);
  state_->work_waiting.notify_one();
  state_->job_done.wait(lock, [&] { return job.done; });
  lock.unlock();
  if (job.exception) std::rethrow_exception(job.exception);
  return job.durable;
}

GroupCommitter::Counts GroupCommitter::counts() const {
  const std::lock_guard<std::mutex> lock(state_->mutex);
  Counts counts = state_->counts;
  counts.waiting = state_->queue.size();
  return counts;
}

void GroupCommitter::State::WriterLoop() {
  std::unique_lock<std::mutex> lock(mutex);
  for (;;) {
    work_waiting.wait(lock, [&] { return stopping || !queue.empty(); });
    if (queue.empty()) return;  // stopping, and nothing left to run
    // Whatever queued while the last commit was on disk shares the next one.
    std::vector<Job*> batch;
    while (!queue.empty() && batch.size() < max_batch) {
      batch.push_back(queue.front());
      queue.pop_front();
    }
    lock.unlock();
    RunBatch(batch);
    lock.lock();
  }
}

void GroupCommitter::State::RunBatch(std::vector<Job*>& batch) {
  if (!engine) {
    auto reopened = Engine::Open(db_path);
    if (!reopened.ok()) return Finish(batch, reopened.status(), 0);
    engine = std::move(*reopened);
  }
  Database& database = *engine->impl_->db;
  auto transaction = WriteBatch::Begin(database);
  if (!transaction.ok()) return Finish(batch, transaction.status(), 0);

  std::size_t ran = 0;  // jobs run, the one that threw included
  bool threw = false;
  while (ran < batch.size() && !threw) {
    Job* job = batch[ran++];
    // A savepoint around the whole work (its commands nest inside), so a work that throws
    // leaves nothing, even of a command it completed before throwing.
    if (Status marked = database.Exec("SAVEPOINT equilens_work"); !marked.ok()) {
      job->exception = std::make_exception_ptr(std::runtime_error(marked.ToString()));
      threw = true;
      break;
    }
    try {
      (*job->work)(*engine);
      if (Status kept = database.Exec("RELEASE equilens_work"); !kept.ok()) {
        throw std::runtime_error(kept.ToString());
      }
    } catch (...) {
      job->exception = std::current_exception();
      threw = true;
      if (database.in_transaction()) {
        (void)database.Exec("ROLLBACK TO equilens_work; RELEASE equilens_work");
      }
    }
  }
  const Status durable = transaction->Commit();
  if (threw) {
    engine.reset();  // not trusted after a throw mid-call: the next batch opens a fresh one
    // Those not run yet go back to the front of the queue.
    const std::lock_guard<std::mutex> lock(mutex);
    queue.insert(queue.begin(), batch.begin() + static_cast<std::ptrdiff_t>(ran), batch.end());
  }
  batch.resize(ran);
  Finish(batch, durable, durable.ok() ? 1 : 0);
}

void GroupCommitter::State::Finish(const std::vector<Job*>& jobs, const Status& durable,
                                   std::size_t commits) {
  {
    const std::lock_guard<std::mutex> lock(mutex);
    for (Job* job : jobs) {
      job->durable = durable;
      job->done = true;
    }
    counts.commands += jobs.size();
    counts.commits += commits;
  }
  job_done.notify_all();
}

}  // namespace equilens
