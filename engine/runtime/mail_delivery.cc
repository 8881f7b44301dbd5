// Engine::DeliverMail, the delivery worker (docs/notifications.md): takes the due rows of the
// outbox under a lease, renders each through the district's templates, hands it to the mail
// server, and settles it: sent, tried again later with a doubling backoff, or failed for good
// (visible to admins in `equilens outbox`). A user who chose the daily digest gets their rows
// in one message at the digest time. Delivery is at least once: a worker that dies after the
// mail server took a message but before marking it sent sends it again once its lease runs
// out, with the same Message-ID, so a mail client can tell the copy.
#include <algorithm>
#include <map>

#include "auth/utc_clock.h"
#include "common/crash_point.h"
#include "mail/smtp_client.h"
#include "render/notification_render.h"
#include "runtime/engine_impl.h"
#include "runtime/notifications.h"
#include "store/outbox_store.h"

namespace equilens {
namespace {

using nlohmann::json;

// One message to send: a single notification, or a recipient's digest of several.
struct Outgoing {
  std::string recipient;
  std::vector<OutboxRow> rows;
  bool digest = false;
};

// The next instant at or after `now` whose UTC time of day is `hh_mm` ("12:00").
std::string NextDigestAt(std::int64_t now_ms, const std::string& hh_mm) {
  const int hours = std::stoi(hh_mm.substr(0, 2));
  const int minutes = std::stoi(hh_mm.substr(3, 2));
  const std::int64_t day_start = now_ms - now_ms % kMillisPerDay;
  std::int64_t at = day_start + hours * kMillisPerHour + minutes * kMillisPerMinute;
  if (at < now_ms) at += kMillisPerDay;
  return IsoUtc(at);
}

// The wait before attempt `attempts` + 1: first_retry, doubling, capped at max_retry.
std::int64_t BackoffMillis(const MailSettings& settings, std::int64_t attempts) {
  std::int64_t seconds = settings.first_retry_seconds;
  for (std::int64_t i = 1; i < attempts && seconds < settings.max_retry_seconds; ++i) seconds *= 2;
  return std::min<std::int64_t>(seconds, settings.max_retry_seconds) * 1000;
}

std::string DomainOf(const std::string& address) {
  const std::size_t at = address.rfind('@');
  return at == std::string::npos ? "equilens.invalid" : address.substr(at + 1);
}

// The row's context with the link the district's base URL gives it.
json ContextOf(const OutboxRow& row, const MailSettings& settings) {
  json context = json::parse(row.context_json, nullptr, false);
  if (!context.is_object()) context = json::object();
  const std::string path = context["initiative"].value("path", std::string());
  context["initiative"]["link"] =
      settings.base_url.empty() || path.empty() ? "" : settings.base_url + path;
  return context;
}

class Deliverer {
 public:
  Deliverer(Database& db, Repository& repo, const MailSettings& settings,
            const std::map<std::string, DocumentTemplate>& templates, DeliveryReport& report)
      : db_(db), repo_(repo), settings_(settings), templates_(templates), report_(report) {}

  Status Send(const Outgoing& outgoing) {
    auto user = repo_.FindUser(outgoing.recipient);
    if (!user.ok()) return user.status();
    if (!user->has_value() || !(*user)->active) {
      return FailAll(outgoing, outgoing.recipient + " is no longer an active user");
    }
    if ((*user)->email.empty()) {
      return FailAll(outgoing, outgoing.recipient +
                                   " has no e-mail address on file; set one with `equilens "
                                   "user mail " +
                                   outgoing.recipient +
                                   " --email ADDRESS`, then `equilens "
                                   "outbox retry`");
    }
    auto mail = Compose(outgoing, **user);
    if (!mail.ok()) return FailAll(outgoing, mail.status().message());
    const SendOutcome outcome = SendMail(settings_, *mail);
    if (outcome.result == SendResult::kSent) CrashPoint(kCrashAfterMailSent);
    auto transaction = WriteTransaction::Begin(db_);
    if (!transaction.ok()) return transaction.status();
    OutboxStore outbox(db_);
    const std::int64_t now = NowUnixMillis();
    for (const OutboxRow& row : outgoing.rows) {
      const std::int64_t attempts = row.attempts + 1;
      Result<bool> settled = false;
      std::string why;
      if (outcome.result == SendResult::kSent) {
        settled = outbox.MarkSent(row, attempts, IsoUtc(now));
        if (settled.ok() && *settled) ++report_.notifications_sent;
      } else if (outcome.result == SendResult::kTransient && attempts < settings_.max_attempts) {
        settled = outbox.MarkRetry(row, attempts, IsoUtc(now + BackoffMillis(settings_, attempts)),
                                   outcome.detail);
        if (settled.ok() && *settled) ++report_.retrying;
      } else {
        why = outcome.result == SendResult::kTransient
                  ? "gave up after " + std::to_string(attempts) + " attempts: " + outcome.detail
                  : outcome.detail;
        settled = outbox.MarkFailed(row, attempts, why);
        if (settled.ok() && *settled) {
          ++report_.failed;
          report_.problems.push_back(Describe(row) + ": " + why);
        }
      }
      if (!settled.ok()) return settled.status();
      if (!*settled) {
        report_.problems.push_back(Describe(row) +
                                   ": its lease ran out before the outcome was recorded; "
                                   "another run settles it");
      }
    }
    if (outcome.result == SendResult::kSent) ++report_.messages_sent;
    if (outcome.result == SendResult::kTransient) {
      report_.problems.push_back("to " + outgoing.recipient + ": " + outcome.detail +
                                 " (will try again)");
    }
    return transaction->Commit();
  }

 private:
  static std::string Describe(const OutboxRow& row) {
    return "outbox " + std::to_string(row.id) + " (" + row.kind + " to " + row.recipient + ")";
  }

  Status FailAll(const Outgoing& outgoing, const std::string& why) {
    auto transaction = WriteTransaction::Begin(db_);
    if (!transaction.ok()) return transaction.status();
    for (const OutboxRow& row : outgoing.rows) {
      auto settled = OutboxStore(db_).MarkFailed(row, row.attempts, why);
      if (!settled.ok()) return settled.status();
      if (!*settled) continue;  // no longer ours: another run settles it
      ++report_.failed;
      report_.problems.push_back(Describe(row) + ": " + why);
    }
    return transaction->Commit();
  }

  Result<MailMessage> Compose(const Outgoing& outgoing, const UserRecord& user) {
    MailMessage mail;
    mail.to_address = user.email;
    mail.to_name = user.display.empty() ? user.name : user.display;
    const std::string domain = DomainOf(settings_.from_address);
    if (!outgoing.digest) {
      const OutboxRow& row = outgoing.rows.front();
      auto rendered = Render(row);
      if (!rendered.ok()) return rendered.status();
      mail.subject = rendered->subject;
      mail.body = rendered->body;
      mail.message_id = "<equilens-outbox-" + std::to_string(row.id) + "@" + domain + ">";
      return mail;
    }
    json items = json::array();
    for (const OutboxRow& row : outgoing.rows) {
      auto rendered = Render(row);
      if (!rendered.ok()) return rendered.status();
      const json context = ContextOf(row, settings_);
      items.push_back({{"kind", row.kind},
                       {"subject", rendered->subject},
                       {"at", row.created_at},
                       {"initiative_id", row.initiative},
                       {"initiative_title", context["initiative"].value("title", std::string())},
                       {"link", context["initiative"].value("link", std::string())}});
    }
    const json digest = {{"recipient", {{"name", user.name}, {"display", mail.to_name}}},
                         {"count", static_cast<std::int64_t>(items.size())},
                         {"items", items},
                         {"base_url", settings_.base_url}};
    auto rendered = RenderNotification(templates_.at("digest"), DigestSchema(), digest);
    if (!rendered.ok()) return rendered.status();
    mail.subject = rendered->subject;
    mail.body = rendered->body;
    mail.message_id = "<equilens-digest-" + std::to_string(outgoing.rows.front().id) + "-" +
                      std::to_string(outgoing.rows.size()) + "@" + domain + ">";
    return mail;
  }

  Result<RenderedMail> Render(const OutboxRow& row) {
    auto tmpl = templates_.find(row.kind);
    if (tmpl == templates_.end()) {
      return InvalidInput("no template for notification kind '" + row.kind + "'");
    }
    return RenderNotification(tmpl->second, NotificationSchema(), ContextOf(row, settings_));
  }

  Database& db_;
  Repository& repo_;
  const MailSettings& settings_;
  const std::map<std::string, DocumentTemplate>& templates_;
  DeliveryReport& report_;
};

}  // namespace

Status Engine::CheckNotificationTemplates() const {
  auto templates = LoadNotificationTemplates(HomeDir(), NotificationKinds());
  return templates.ok() ? Status::Ok() : templates.status();
}

Result<DeliveryReport> Engine::DeliverMail(const CommandOptions& options,
                                           const MailSettings& settings,
                                           const DeliveryRequest& request) {
  const int limit = request.limit;
  if (auto scope = impl_->Read(options, Command::kDeliver, ""); !scope.ok()) return scope.status();
  // Every template is checked before anything is taken: a broken one stops the worker with
  // its place, and the outbox keeps every row.
  auto templates = LoadNotificationTemplates(HomeDir(), NotificationKinds());
  if (!templates.ok()) return templates.status();

  const std::int64_t now = NowUnixMillis();
  // The lease outlasts, per row taken, one SMTP transaction (timeout_seconds) and the write
  // that records it (the database's 5 s busy timeout, and a second to spare), so a slow server
  // never lets a second worker take a row this one is still sending.
  const std::int64_t lease = (settings.timeout_seconds + 6) * 1000 * std::max(limit, 1) + 5000;
  std::vector<OutboxRow> rows;
  {
    auto transaction = WriteTransaction::Begin(*impl_->db);
    if (!transaction.ok()) return transaction.status();
    OutboxStore outbox(*impl_->db);
    // A digest row waits for the first digest time after it was queued, however late this run.
    if (Status status = outbox.ScheduleDigests([&](const std::string& created_at) {
          return NextDigestAt(ParseIsoUtc(created_at).value_or(now), settings.digest_time);
        });
        !status.ok()) {
      return status;
    }
    if (request.digests_now) {
      if (Status status = outbox.BringDigestsForward(IsoUtc(now)); !status.ok()) return status;
    }
    auto taken = outbox.Take(IsoUtc(now), IsoUtc(now + lease), limit);
    if (!taken.ok()) return taken.status();
    rows = std::move(*taken);
    if (Status status = transaction->Commit(); !status.ok()) return status;
  }

  std::vector<Outgoing> messages;
  std::map<std::string, std::size_t> digest_of;  // recipient -> index in messages
  for (OutboxRow& row : rows) {
    if (row.digest) {
      auto [it, added] = digest_of.emplace(row.recipient, messages.size());
      if (added) messages.push_back({row.recipient, {}, true});
      messages[it->second].rows.push_back(std::move(row));
    } else {
      messages.push_back({row.recipient, {std::move(row)}, false});
    }
  }
  DeliveryReport report;
  Deliverer deliverer(*impl_->db, impl_->repo, settings, *templates, report);
  for (const Outgoing& message : messages) {
    if (request.stop != nullptr && request.stop->load()) {
      // Told to stop (the server is shutting down): what was not sent is due again at once.
      for (const OutboxRow& row : message.rows) {
        if (Status status = OutboxStore(*impl_->db).Release(row); !status.ok()) {
          report.problems.push_back("outbox " + std::to_string(row.id) +
                                    ": not released: " + status.message());
        }
      }
      continue;
    }
    // One message that cannot be recorded (the database busy past its timeout, say) does not
    // hold back the others; its rows are tried again when their lease runs out.
    if (Status status = deliverer.Send(message); !status.ok()) {
      report.problems.push_back("to " + message.recipient + ": " + status.ToString() +
                                " (tried again when its lease runs out)");
    }
  }
  return report;
}

}  // namespace equilens
