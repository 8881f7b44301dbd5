// The event log (engine-internal): append-only, hash-chained, the truth every projection is
// rebuilt from and the record an ombuds office verifies.
//
// Each event's hash covers the previous event's hash and the event's canonical encoding
// (store/event_chain.h), so altering, removing, reordering or renumbering any event breaks
// every hash after it; a head hash recorded elsewhere also catches a removed tail or a chain
// re-hashed from scratch.
#ifndef EQUILENS_STORE_EVENT_LOG_H_
#define EQUILENS_STORE_EVENT_LOG_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "equilens/sha256.h"
#include "equilens/status.h"
#include "store/database.h"

namespace equilens {

// An event as a command decides it; the log assigns its number and hash.
struct NewEvent {
  std::string initiative;  // 'EQ-2026-0001'; '' for system events (user added, ...)
  std::string at;          // UTC 'YYYY-MM-DDTHH:MM:SS.mmmZ'
  std::string actor;       // user name
  std::string role;        // the actor's role when acting
  std::string kind;        // "initiative_filed", "stage_advanced", ...
  std::string payload;     // JSON, stored and hashed byte for byte
};

struct StoredEvent {
  std::int64_t seq = 0;  // 1, 2, 3, ... without gaps
  std::string initiative;
  std::string at;
  std::string actor;
  std::string role;
  std::string kind;
  std::string payload;
  Sha256Digest hash{};  // SHA-256(previous hash || canonical encoding)
};

// The last event's number and hash; seq 0 and 32 zero bytes for an empty log.
struct ChainHead {
  std::int64_t seq = 0;
  Sha256Digest hash{};
};

struct VerifyReport {
  bool intact = false;
  std::int64_t events_checked = 0;  // events whose link verified
  // The first event found bad (see Verify); empty when intact, or when only a recorded head
  // without its number disagrees and nothing can place the damage.
  std::optional<std::int64_t> first_bad_seq;
  std::string problem;  // what is wrong, for a person; empty when intact
  ChainHead head;       // the last event that verified (the whole log's head when intact)
};

// Reads and appends on `database`, which must outlive this object. Not thread-safe, as the
// Database it uses.
class EventLog {
 public:
  explicit EventLog(Database& database) : database_(database) {}

  // Appends `event` as number head.seq + 1 and returns it as stored, hash included.
  // Precondition: the caller holds an open WriteTransaction on the database (asserted;
  // internal in a release build). The head is read inside that transaction, so an event
  // another process appended first is chained onto, never overwritten; the event is durable
  // only when the caller commits. Errors: integrity when the current head's hash is not 32
  // bytes; SQLite failures as database.h maps them.
  Result<StoredEvent> Append(const NewEvent& event);

  // The last event's number and hash (seq 0 and zero bytes when empty). integrity when its
  // hash is not 32 bytes.
  Result<ChainHead> Head();

  // Calls `visit` with every event numbered `from_seq` or more, in order, from one snapshot,
  // for replay and export. Stops at, and returns, the first non-ok Status `visit` returns;
  // integrity at a hash that is not 32 bytes. `visit` may read this database but must not
  // write to it. The event it is given is reused for the next call: copy what you keep.
  Status ForEach(std::int64_t from_seq, const std::function<Status(const StoredEvent&)>& visit);

  // One initiative's events, in order.
  Result<std::vector<StoredEvent>> ForInitiative(const std::string& initiative);

  // Walks the whole chain from one snapshot, recomputing every link, and reports the first
  // fault: an event whose hash does not match (it, or the stored hash before it, was altered:
  // first_bad_seq is that event), a missing number (first_bad_seq is the first missing one),
  // a log that does not start at 1, or a hash that is not 32 bytes.
  //
  // `expect_head` is a head recorded earlier: the 64 hex characters `equilens audit head`
  // prints, optionally after its event number ("200 ab12..." or "200:ab12..."). The chain
  // must contain it, which catches a removed tail and a chain re-hashed from scratch (which
  // no walk alone can). With the number, first_bad_seq is the first removed event, or the
  // recorded head's number for a rewritten chain (the rewrite began at or before it).
  //
  // A damaged chain is a report with intact false, not an error. Errors: invalid_input for
  // a malformed `expect_head`; SQLite failures as database.h maps them.
  //
  // Reads on the calling thread only; hashes on helper threads (one per core, at most 4;
  // see store/link_checker.h), joined before it returns.
  Result<VerifyReport> Verify(const std::optional<std::string>& expect_head);

 private:
  Database& database_;
  std::string scratch_;  // Append's encoding buffer, reused
};

}  // namespace equilens

#endif  // EQUILENS_STORE_EVENT_LOG_H_
