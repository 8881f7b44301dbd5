// The link checker: a bounded pool of batches passed from one reader to helper threads.
#include "store/link_checker.h"

#include <algorithm>
#include <cassert>

namespace equilens {

void LinkBatch::Add(const Sha256Digest& previous, const EventFields& event,
                    std::string_view stored) {
  assert(stored.size() == 32);
  if (ends_.empty()) first_seq_ = event.seq;
  assert(event.seq == first_seq_ + static_cast<std::int64_t>(ends_.size()));
  messages_.append(reinterpret_cast<const char*>(previous.data()), previous.size());
  AppendCanonicalEncoding(event, &messages_);
  ends_.push_back(messages_.size());
  Sha256Digest& digest = stored_.emplace_back();
  std::copy(stored.begin(), stored.end(), digest.begin());
}

void LinkBatch::Clear() {
  messages_.clear();  // keeps the capacity: no allocation on reuse
  ends_.clear();
  stored_.clear();
}

LinkChecker::LinkChecker(int threads) {
  threads = std::max(threads, 1);
  // Two batches per helper (one being checked, one queued) and one being filled: enough to
  // keep every thread busy, small enough to bound memory (~800 KB a batch).
  for (int i = 0; i < 2 * threads + 1; ++i) {
    batches_.push_back(std::make_unique<LinkBatch>());
    free_.push_back(batches_.back().get());
  }
  for (int i = 0; i < threads; ++i) helpers_.emplace_back([this] { Work(); });
}

LinkChecker::~LinkChecker() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    closing_ = true;
    abandon_ = true;
  }
  work_ready_.notify_all();
  for (std::thread& helper : helpers_) {
    if (helper.joinable()) helper.join();
  }
}

int LinkChecker::DefaultThreads() {
  const unsigned cores = std::thread::hardware_concurrency();  // 0 when unknown
  return static_cast<int>(std::clamp(cores, 1U, 4U));
}

LinkBatch* LinkChecker::Acquire() {
  std::unique_lock<std::mutex> lock(mutex_);
  batch_freed_.wait(lock, [this] { return !free_.empty(); });
  LinkBatch* batch = free_.back();
  free_.pop_back();
  batch->Clear();
  return batch;
}

void LinkChecker::Submit(LinkBatch* batch) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    queue_.push_back(batch);
  }
  work_ready_.notify_one();
}

bool LinkChecker::failed() {
  std::lock_guard<std::mutex> lock(mutex_);
  return broken_.has_value();
}

std::optional<BrokenLink> LinkChecker::Finish() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    closing_ = true;
  }
  work_ready_.notify_all();
  for (std::thread& helper : helpers_) helper.join();
  std::lock_guard<std::mutex> lock(mutex_);
  return broken_;
}

void LinkChecker::Work() {
  while (true) {
    LinkBatch* batch = nullptr;
    std::int64_t known_broken = 0;  // 0: none found yet
    {
      std::unique_lock<std::mutex> lock(mutex_);
      work_ready_.wait(lock, [this] { return !queue_.empty() || closing_; });
      if (queue_.empty() || abandon_) return;  // closing, with nothing (more) to do
      batch = queue_.front();
      queue_.pop_front();
      if (broken_) known_broken = broken_->seq;
    }
    // A batch wholly after a known failure cannot hold the first one: skip its hashing. One
    // before it must be checked in full, as it may hold an earlier failure.
    std::optional<BrokenLink> found;
    if (known_broken == 0 || batch->first_seq_ < known_broken) {
      std::size_t begin = 0;
      for (std::size_t i = 0; i < batch->ends_.size(); ++i) {
        const std::string_view message(batch->messages_.data() + begin, batch->ends_[i] - begin);
        begin = batch->ends_[i];
        if (Sha256(message) != batch->stored_[i]) {
          found.emplace();
          found->seq = batch->first_seq_ + static_cast<std::int64_t>(i);
          std::copy(message.begin(), message.begin() + 32, found->previous_hash.begin());
          break;  // later links in this batch are after it
        }
      }
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (found && (!broken_ || found->seq < broken_->seq)) broken_ = found;
      free_.push_back(batch);
    }
    batch_freed_.notify_one();
  }
}

}  // namespace equilens
