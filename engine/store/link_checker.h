// Checking the hash chain's links on helper threads while the caller reads the next rows
// (engine/store/*.cc only; EventLog::Verify's engine).
//
// Link n holds when SHA-256(stored hash(n-1) || encoding(n)) equals stored hash(n). A link
// needs only stored bytes, so links can be checked in any order, in parallel: when every link
// holds, the stored hashes are exactly the chain recomputed from event 1, and the lowest
// numbered link that fails is the first bad event a sequential walk would name. SHA-256 is
// most of the cost of a walk (about 70% with libsodium), so this is where threads pay.
#ifndef EQUILENS_STORE_LINK_CHECKER_H_
#define EQUILENS_STORE_LINK_CHECKER_H_

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "equilens/sha256.h"
#include "store/event_chain.h"

namespace equilens {

// Consecutive links, filled by the reader and checked by a helper. Its memory is reused from
// batch to batch, so a long walk does not allocate once warm.
class LinkBatch {
 public:
  static constexpr std::size_t kCapacity = 2048;  // links; ~800 KB of messages

  // Adds the link for `event`, whose stored hash is `stored`, chained onto `previous` (the
  // stored hash of the event before it; zero bytes before event 1). Links are added in
  // sequence order, without gaps.
  void Add(const Sha256Digest& previous, const EventFields& event, std::string_view stored);
  bool full() const { return ends_.size() >= kCapacity; }
  std::size_t size() const { return ends_.size(); }
  void Clear();

 private:
  friend class LinkChecker;
  std::int64_t first_seq_ = 0;        // the seq of the first link
  std::string messages_;              // each link's hashed message, back to back
  std::vector<std::size_t> ends_;     // where each message ends in messages_
  std::vector<Sha256Digest> stored_;  // each event's stored hash
};

// The first link found not to hold.
struct BrokenLink {
  std::int64_t seq = 0;          // the event whose stored hash does not match
  Sha256Digest previous_hash{};  // the stored hash before it (verified, as all before it are)
};

// Owns the helper threads and the batches. Used by one reader thread.
class LinkChecker {
 public:
  // `threads` helpers (at least 1).
  explicit LinkChecker(int threads);
  // Abandons unchecked batches and joins the helpers.
  ~LinkChecker();
  LinkChecker(const LinkChecker&) = delete;
  LinkChecker& operator=(const LinkChecker&) = delete;

  // An empty batch to fill; waits while every batch is in use.
  LinkBatch* Acquire();
  // Queues `batch` (from Acquire, possibly empty) for checking.
  void Submit(LinkBatch* batch);
  // Whether some link is already known to fail: the reader may stop reading.
  bool failed();
  // Waits until every submitted batch is checked and the helpers have stopped; the lowest
  // numbered link that fails, if any. Call once.
  std::optional<BrokenLink> Finish();

  // Helper threads worth starting on this machine: one per core, at most 4 (beyond that the
  // reader, not hashing, is the bottleneck).
  static int DefaultThreads();

 private:
  void Work();

  std::mutex mutex_;
  std::condition_variable work_ready_;   // a batch was submitted, or it is time to stop
  std::condition_variable batch_freed_;  // a batch is free again
  std::vector<std::unique_ptr<LinkBatch>> batches_;
  std::vector<LinkBatch*> free_;
  std::deque<LinkBatch*> queue_;
  std::optional<BrokenLink> broken_;  // the lowest failing link found so far
  bool closing_ = false;              // no more batches will be submitted
  bool abandon_ = false;              // drop what is queued (destruction before Finish)
  std::vector<std::thread> helpers_;
};

}  // namespace equilens

#endif  // EQUILENS_STORE_LINK_CHECKER_H_
