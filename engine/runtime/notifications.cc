// The notification rules (docs/notifications.md): which events tell whom what. Each rule reads
// the event and the initiative just before and after it; the outbox row carries everything
// its template renders, so delivery needs nothing else from the record.
#include "runtime/notifications.h"

#include <nlohmann/json.hpp>
#include <set>

#include "runtime/authorization.h"
#include "runtime/record_views.h"
#include "store/outbox_store.h"

namespace equilens {
namespace {

using nlohmann::json;

constexpr const char* kTaskAssigned = "task_assigned";
constexpr const char* kFeedbackReceived = "feedback_received";
constexpr const char* kChangesRequested = "changes_requested";
constexpr const char* kDecisionMade = "decision_made";
constexpr const char* kReminder = "reminder";
constexpr const char* kDeadlineNear = "deadline_near";
constexpr const char* kOverdue = "overdue";
constexpr const char* kEscalated = "escalated";

// The kinds the escalation pass records (runtime/escalation.cc).
bool FromThePass(const std::string& kind) {
  return kind == "escalation_reminded" || kind == "escalation_notified" ||
         kind == "deadline_near" || kind == "deadline_passed";
}

bool WaitsOnSomeone(const InitiativeRecord& record) {
  return !record.waiting_user.empty() || !record.waiting_role.empty();
}

// Whether the event handed the initiative to someone new: another person or role, another
// stage, another visit of it, or another turn of the report-back.
bool HandedOver(const std::optional<InitiativeRecord>& before, const InitiativeRecord& after) {
  if (!WaitsOnSomeone(after)) return false;
  if (!before) return true;
  return before->waiting_user != after.waiting_user || before->waiting_role != after.waiting_role ||
         before->stage != after.stage || before->stage_visit != after.stage_visit ||
         before->report_status != after.report_status;
}

std::string Text(const json& payload, const char* key) {
  auto it = payload.find(key);
  return it != payload.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// An escalation target as a person reads it: "lee" for user:lee, "any cesj_lead" for a role.
std::string Readable(const std::string& target) {
  const std::string prefix = kPersonPrefix;
  if (target.empty() || target == kSubmitter) return target;
  if (target.compare(0, prefix.size(), prefix) == 0) return target.substr(prefix.size());
  return "any " + target;
}

class Notifier {
 public:
  Notifier(Database& db, Repository& repo, DefinitionCache& definitions, const StoredEvent& event,
           const json& payload, const InitiativeRecord& initiative, NotificationBatch& batch)
      : db_(db),
        repo_(repo),
        definitions_(definitions),
        event_(event),
        payload_(payload),
        initiative_(initiative),
        batch_(batch) {}

  // The people a target names: "user:NAME", kSubmitter, or a role (its holders who may see
  // the initiative).
  Result<std::vector<UserRecord>> People(const std::string& target) {
    std::vector<UserRecord> people;
    if (target.empty()) return people;
    const std::string prefix = kPersonPrefix;
    if (target == kSubmitter || target.compare(0, prefix.size(), prefix) == 0) {
      const std::string name =
          target == kSubmitter ? initiative_.submitter : target.substr(prefix.size());
      auto user = repo_.FindUser(name);
      if (!user.ok()) return user.status();
      // A named person is told only about what they may see.
      if (user->has_value() && AuthorizeScope(**user, initiative_).ok()) {
        people.push_back(**user);
      }
      return people;
    }
    auto holders = repo_.ActiveUsersWithRole(target);
    if (!holders.ok()) return holders.status();
    for (UserRecord& holder : *holders) {
      if (AuthorizeScope(holder, initiative_).ok()) people.push_back(std::move(holder));
    }
    return people;
  }

  // Whom the initiative waits on in `record`: one person, or the holders of a role.
  Result<std::vector<UserRecord>> Waiting(const InitiativeRecord& record) {
    if (!record.waiting_user.empty()) return People(kPersonPrefix + record.waiting_user);
    return People(record.waiting_role);
  }

  Status Tell(const std::vector<UserRecord>& people, const std::string& kind, json extra = {}) {
    for (const UserRecord& person : people) {
      // Nobody is told of their own action; the escalation pass's events are not the action of
      // whoever ran it (a lead running it from cron is still told what it escalates to them).
      const bool own_action = person.name == event_.actor && !FromThePass(event_.kind);
      if (!person.active || person.notify == "off" || own_action) continue;
      // A hand-over told in the same command by another message (a decision, an escalation
      // that reassigned) is not told twice.
      const bool handover = kind == kTaskAssigned || kind == kChangesRequested;
      if (!batch_.told.insert(person.name).second && handover) continue;
      json context = Context(kind, extra);
      context["recipient"] = {{"name", person.name},
                              {"display", person.display.empty() ? person.name : person.display}};
      OutboxRow row;
      row.event_seq = event_.seq;
      row.initiative = initiative_.id;
      row.recipient = person.name;
      row.kind = kind;
      row.context_json = context.dump();
      row.created_at = event_.at;
      row.digest = person.notify == "digest";
      if (Status status = OutboxStore(db_).Queue(row); !status.ok()) return status;
    }
    return Status::Ok();
  }

 private:
  json Context(const std::string& kind, const json& extra) {
    std::string stage_title;
    auto workflow = definitions_.Workflow(repo_, initiative_.workflow_sha256);
    if (workflow.ok() && !initiative_.stage.empty()) {
      stage_title = StageTitle(**workflow, initiative_.stage);
    }
    std::string actor_display = event_.actor;
    if (auto actor = repo_.FindUser(event_.actor); actor.ok() && actor->has_value()) {
      if (!(*actor)->display.empty()) actor_display = (*actor)->display;
    }
    json context = {
        {"kind", kind},
        {"actor", {{"name", event_.actor}, {"display", actor_display}, {"role", event_.role}}},
        {"initiative",
         {{"id", initiative_.id},
          {"title", initiative_.title},
          {"department", initiative_.department},
          {"submitter", initiative_.submitter},
          {"stage", initiative_.stage},
          {"stage_title", stage_title},
          {"due", initiative_.stage_due},
          {"path", "/initiatives/" + initiative_.id}}},
        {"event",
         {{"seq", event_.seq},
          {"at", event_.at},
          {"kind", event_.kind},
          {"name", Text(payload_, "event")}}},
        {"note", batch_.note},
        {"decision", ""},
        {"school_days", payload_.value("school_days", 0)},
        {"reassigned_to", Readable(Text(payload_, "reassign_to"))},
    };
    for (const auto& [key, value] : extra.items()) context[key] = value;
    return context;
  }

  Database& db_;
  Repository& repo_;
  DefinitionCache& definitions_;
  const StoredEvent& event_;
  const json& payload_;
  const InitiativeRecord& initiative_;
  NotificationBatch& batch_;
};

// A move back into a stage the filer owns and has been in before: the reviewers sent it back.
Result<bool> SentBackToFiler(Repository& repo, const StoredEvent& event,
                             const InitiativeRecord& after) {
  if (event.kind == "returned" || event.kind == "report_returned") return true;
  if (event.kind != "stage_advanced" || after.waiting_user != after.submitter) return false;
  auto path = repo.StagePath(after.id);
  if (!path.ok()) return path.status();
  int entries = 0;
  for (const std::string& stage : *path) entries += stage == after.stage ? 1 : 0;
  return entries > 1;
}

}  // namespace

const std::vector<std::string>& NotificationKinds() {
  static const std::vector<std::string> kKinds = {
      kTaskAssigned, kFeedbackReceived, kChangesRequested, kDecisionMade,
      kReminder,     kDeadlineNear,     kOverdue,          kEscalated};
  return kKinds;
}

Status QueueNotifications(Database& db, Repository& repo, DefinitionCache& definitions,
                          const StoredEvent& event, const std::optional<InitiativeRecord>& before,
                          const std::optional<InitiativeRecord>& after, NotificationBatch& batch) {
  if (!after) return Status::Ok();  // system events (users, definitions) tell nobody
  const json payload = json::parse(event.payload, nullptr, false);
  if (!payload.is_object()) return Status::Ok();
  for (const char* key : {"note", "text", "reason"}) {
    if (!Text(payload, key).empty()) batch.note = Text(payload, key);
  }
  Notifier notifier(db, repo, definitions, event, payload, *after, batch);
  auto tell = [&](const Result<std::vector<UserRecord>>& people, const char* kind,
                  json extra = {}) -> Status {
    if (!people.ok()) return people.status();
    return notifier.Tell(*people, kind, std::move(extra));
  };

  const std::string& kind = event.kind;
  if (kind == "feedback_added") return tell(notifier.People(kSubmitter), kFeedbackReceived);
  if (kind == "approved" || kind == "rejected" || kind == "closed") {
    return tell(notifier.People(kSubmitter), kDecisionMade, {{"decision", kind}});
  }
  if (kind == "escalation_reminded" && before) return tell(notifier.Waiting(*before), kReminder);
  if (kind == "escalation_notified") {
    if (Status status = tell(notifier.People(Text(payload, "notify")), kEscalated); !status.ok()) {
      return status;
    }
    // A reassignment also hands the stage over: the new owner is told below.
  }
  if (kind == "deadline_near") return tell(notifier.Waiting(*after), kDeadlineNear);
  if (kind == "deadline_passed") return tell(notifier.Waiting(*after), kOverdue);
  if (HandedOver(before, *after)) {
    auto back = SentBackToFiler(repo, event, *after);
    if (!back.ok()) return back.status();
    return tell(notifier.Waiting(*after), *back ? kChangesRequested : kTaskAssigned);
  }
  return Status::Ok();
}

}  // namespace equilens
