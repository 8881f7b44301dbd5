// The engine pool: a mutex-guarded free list. Opening happens outside the lock, so a slow
// open (a busy disk) holds up only the request that needs the new connection.
#include "server/engine_pool.h"

namespace equilens::server {

EnginePool::Lease::~Lease() {
  if (pool_ != nullptr && engine_ != nullptr) pool_->Return(std::move(engine_));
}

Result<EnginePool::Lease> EnginePool::Acquire() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!free_.empty()) {
      std::unique_ptr<Engine> engine = std::move(free_.back());
      free_.pop_back();
      return Lease(this, std::move(engine));
    }
  }
  Result<std::unique_ptr<Engine>> opened = Engine::Open(db_path_);
  if (!opened.ok()) return opened.status();
  return Lease(this, std::move(*opened));
}

std::size_t EnginePool::idle() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return free_.size();
}

void EnginePool::Return(std::unique_ptr<Engine> engine) {
  std::lock_guard<std::mutex> lock(mutex_);
  free_.push_back(std::move(engine));
}

}  // namespace equilens::server
