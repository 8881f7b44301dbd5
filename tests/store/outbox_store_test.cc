// The outbox's leases (store/outbox_store.h): a row taken by one worker is not taken by
// another until its lease runs out; only the worker holding the lease records the outcome; a
// digest brought forward leaves leased rows alone; a digest is scheduled from when it was
// queued. Regression cases from review: a lease was only a moved next_attempt_at, so
// `--digests-now` could pull a row another worker was sending back to "due", and a worker
// whose lease had run out could overwrite another's outcome.
#include "store/outbox_store.h"

#include <doctest/doctest.h>

#include "store/store_test_support.h"

namespace equilens {
namespace {

OutboxRow Row(std::int64_t seq, const std::string& recipient, bool digest = false) {
  OutboxRow row;
  row.event_seq = seq;
  row.recipient = recipient;
  row.kind = "task_assigned";
  row.context_json = "{}";
  row.created_at = "2026-11-02T09:00:00.000Z";
  row.digest = digest;
  return row;
}

}  // namespace

TEST_CASE("outbox: a lease keeps a row to its worker, who alone records the outcome") {
  TempDir dir;
  auto db = OpenMigrated(dir.File("outbox.db"));
  OutboxStore outbox(*db);
  REQUIRE(outbox.Queue(Row(1, "rey")).ok());
  REQUIRE(outbox.Queue(Row(1, "rey")).ok());  // the same event, recipient and kind: one row

  auto first = outbox.Take("2026-11-02T10:00:00.000Z", "2026-11-02T10:05:00.000Z", 10);
  REQUIRE(first.ok());
  REQUIRE(first->size() == 1);
  // Another worker within the lease takes nothing.
  auto second = outbox.Take("2026-11-02T10:01:00.000Z", "2026-11-02T10:06:00.000Z", 10);
  REQUIRE(second.ok());
  CHECK(second->empty());
  // Once the lease has run out, another worker takes it; the first can no longer settle it.
  auto third = outbox.Take("2026-11-02T10:06:00.000Z", "2026-11-02T10:11:00.000Z", 10);
  REQUIRE(third.ok());
  REQUIRE(third->size() == 1);
  auto stale = outbox.MarkFailed(first->front(), 1, "550 from an old attempt");
  REQUIRE(stale.ok());
  CHECK_FALSE(*stale);
  auto sent = outbox.MarkSent(third->front(), 1, "2026-11-02T10:06:01.000Z");
  REQUIRE(sent.ok());
  CHECK(*sent);
  auto listed = outbox.List("", 10);
  REQUIRE(listed.ok());
  CHECK(listed->front().status == "sent");
  CHECK(listed->front().last_error.empty());
}

TEST_CASE(
    "outbox: digests are scheduled from when they were queued; bringing them forward "
    "spares leased rows") {
  TempDir dir;
  auto db = OpenMigrated(dir.File("outbox.db"));
  OutboxStore outbox(*db);
  REQUIRE(outbox.Queue(Row(1, "sam", true)).ok());
  REQUIRE(outbox.Queue(Row(2, "sam", true)).ok());
  std::vector<std::string> seen;
  REQUIRE(outbox
              .ScheduleDigests([&](const std::string& created_at) {
                seen.push_back(created_at);
                return std::string("2026-11-02T12:00:00.000Z");
              })
              .ok());
  CHECK(seen == std::vector<std::string>{"2026-11-02T09:00:00.000Z", "2026-11-02T09:00:00.000Z"});
  // Not due before the digest time.
  auto early = outbox.Take("2026-11-02T11:00:00.000Z", "2026-11-02T11:05:00.000Z", 10);
  REQUIRE(early.ok());
  CHECK(early->empty());
  // At the digest time a worker takes both; an admin's --digests-now meanwhile changes nothing.
  auto taken = outbox.Take("2026-11-02T12:00:01.000Z", "2026-11-02T12:10:00.000Z", 10);
  REQUIRE(taken.ok());
  REQUIRE(taken->size() == 2);
  REQUIRE(outbox.BringDigestsForward("2026-11-02T12:00:02.000Z").ok());
  auto again = outbox.Take("2026-11-02T12:00:02.000Z", "2026-11-02T12:10:00.000Z", 10);
  REQUIRE(again.ok());
  CHECK(again->empty());
}

}  // namespace equilens
