// A pool of Engine objects (one SQLite connection each), opened on demand and leased to one
// request at a time. An Engine is not thread-safe; a lease makes it one thread's for a while.
#ifndef EQUILENS_SERVER_ENGINE_POOL_H_
#define EQUILENS_SERVER_ENGINE_POOL_H_

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "equilens/engine.h"
#include "equilens/status.h"

namespace equilens::server {

class EnginePool {
 public:
  explicit EnginePool(std::string db_path) : db_path_(std::move(db_path)) {}

  // An engine leased to its holder until the lease dies; it then goes back to the pool
  // unless Discard() was called (after an exception left its state unknown).
  class Lease {
   public:
    Lease(EnginePool* pool, std::unique_ptr<Engine> engine)
        : pool_(pool), engine_(std::move(engine)) {}
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&& other) noexcept = delete;
    ~Lease();
    Engine& engine() { return *engine_; }
    void Discard() { engine_.reset(); }

   private:
    EnginePool* pool_;
    std::unique_ptr<Engine> engine_;
  };

  // A free engine, or a newly opened one (not_found when the database is gone, internal
  // when it cannot be opened). Thread-safe.
  Result<Lease> Acquire();

  // Engines opened so far and idle now (for tests and the log).
  std::size_t idle() const;

 private:
  void Return(std::unique_ptr<Engine> engine);

  const std::string db_path_;
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<Engine>> free_;  // guarded by mutex_
};

}  // namespace equilens::server

#endif  // EQUILENS_SERVER_ENGINE_POOL_H_
