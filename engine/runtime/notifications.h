// Who is told what when an event is recorded (docs/notifications.md): the notification rules,
// applied inside the write transaction of the command that records the event, so each
// notification is queued in the outbox (store/outbox_store.h) with its event or not at all.
#ifndef EQUILENS_RUNTIME_NOTIFICATIONS_H_
#define EQUILENS_RUNTIME_NOTIFICATIONS_H_

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "runtime/definition_cache.h"
#include "store/database.h"
#include "store/event_log.h"
#include "store/repository.h"

namespace equilens {

// The notification kinds, one template each: templates/notifications/KIND.mustache.
const std::vector<std::string>& NotificationKinds();

// What the previous events of the same command said, for the ones after them: a decision's
// note is written on the move that precedes it.
struct NotificationBatch {
  std::string note;            // the latest non-empty note, comment or reason in the command
  std::set<std::string> told;  // who has a notification from this command already
};

// Queues the notifications `event` causes. `before` is the initiative as it was just before
// the event (nullopt for system events and filing), `after` as it is now. Each recipient is an
// active user who may see the initiative, has not turned notifications off, and is not the one
// who acted. Runs on the caller's open write transaction; a failure rolls the command back.
Status QueueNotifications(Database& db, Repository& repo, DefinitionCache& definitions,
                          const StoredEvent& event, const std::optional<InitiativeRecord>& before,
                          const std::optional<InitiativeRecord>& after, NotificationBatch& batch);

}  // namespace equilens

#endif  // EQUILENS_RUNTIME_NOTIFICATIONS_H_
