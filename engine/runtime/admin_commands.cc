// Engine::Open and Init, loading definitions, and users: setting up a district.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <regex>

#include "equilens/lint.h"
#include "equilens/sha256.h"
#include "runtime/engine_impl.h"
#include "store/schema.h"

namespace equilens {
namespace {

namespace fs = std::filesystem;

Status LintFailed(const std::vector<Diagnostic>& diagnostics) {
  std::string message =
      std::to_string(diagnostics.size()) + " problem(s) in the definitions; nothing was loaded:";
  for (const Diagnostic& diagnostic : diagnostics) message += "\n  " + diagnostic.ToString();
  return InvalidInput(message);
}

DefinitionInfo InfoOf(const DefinitionRow& row) {
  return {row.kind, row.id, row.version, row.title, row.sha256, row.loaded_at, row.loaded_by};
}

nlohmann::json DefinitionPayload(const char* kind, const std::string& id, int version,
                                 const std::string& title, const std::string& sha256,
                                 const std::string& source_name, const std::string& text) {
  return {{"kind", kind},   {"id", id},         {"version", version},
          {"title", title}, {"sha256", sha256}, {"source_name", source_name},
          {"text", text}};
}

// The text of a definition as it was linted (the file must not have changed since).
Result<std::string> LintedText(const std::string& path, const std::string& sha256) {
  auto source = ReadDefinitionFile(path);
  if (!source.ok()) return source.status();
  if (Sha256Hex(source->text) != sha256) {
    return Conflict(path + " changed while it was being loaded; load it again");
  }
  return source->text;
}

// Two calendars (different ids, each its newest version) whose school years overlap would
// make a day's count depend on which one wins: refused before anything is recorded, naming
// both. A new version of the same id replaces the old one and may cover other dates.
Status CheckCalendarOverlaps(Repository& repo, const LintResult& lint) {
  if (lint.valid.calendars.empty()) return Status::Ok();
  struct Year {
    std::shared_ptr<const CalendarDefinition> calendar;
    bool loading = false;  // given in this call
  };
  std::map<std::string, Year> newest;  // calendar id -> its newest version, stored or given
  auto rows = repo.Definitions();
  if (!rows.ok()) return rows.status();
  for (const DefinitionRow& row : *rows) {
    if (row.kind != "calendar") continue;
    std::vector<Diagnostic> ignored;  // a stored calendar that no longer parses is skipped
    std::optional<CalendarDefinition> stored = ParseCalendar({row.source_name, row.text}, ignored);
    Year& slot = newest[row.id];
    if (stored && (!slot.calendar || slot.calendar->version < stored->version)) {
      slot.calendar = std::make_shared<const CalendarDefinition>(std::move(*stored));
    }
  }
  for (const auto& calendar : lint.valid.calendars) {
    Year& slot = newest[calendar->id];
    if (!slot.calendar || slot.calendar->version <= calendar->version) slot = {calendar, true};
  }
  auto named = [](const Year& year) {
    const CalendarDefinition& c = *year.calendar;
    return "calendar " + c.id + " v" + std::to_string(c.version) + " (" + c.first_day + " to " +
           c.last_day + (year.loading ? ", " + c.source_name : ", already loaded") + ")";
  };
  for (auto a = newest.begin(); a != newest.end(); ++a) {
    for (auto b = std::next(a); b != newest.end(); ++b) {
      const Year* x = &a->second;
      const Year* y = &b->second;
      if (!x->loading && !y->loading) continue;
      if (!x->loading) std::swap(x, y);  // the one being loaded first
      // ISO dates compare as text.
      if (x->calendar->first_day <= y->calendar->last_day &&
          y->calendar->first_day <= x->calendar->last_day) {
        return InvalidInput(named(*x) + " overlaps " + named(*y) +
                            ": one calendar per school year; shorten one, or load a new version "
                            "of the same calendar id instead");
      }
    }
  }
  return Status::Ok();
}

// Plans definition_loaded events for what `lint` found valid and the store lacks. Forms
// first, so a workflow can bind the forms loaded with it; calendars last. The same id and
// version with other content is a conflict: a district bumps the version instead.
Result<std::vector<PlannedEvent>> PlanDefinitionLoads(Repository& repo, const LintResult& lint,
                                                      std::vector<DefinitionInfo>& loaded) {
  std::vector<PlannedEvent> planned;
  std::map<std::string, std::string> batch_form_shas;  // form id -> sha loaded in this batch
  auto plan = [&](const char* kind, const std::string& id, int version, const std::string& title,
                  const std::string& sha, const std::string& source_name,
                  nlohmann::json payload) -> Status {
    auto existing = repo.DefinitionByVersion(kind, id, version);
    if (!existing.ok()) return existing.status();
    if (existing->has_value()) {
      if ((*existing)->sha256 == sha) return Status::Ok();  // already loaded: nothing to do
      return Conflict(std::string(kind) + " " + id + " v" + std::to_string(version) +
                      " is already loaded with other content (" + source_name +
                      " differs); give the changed file a new version number");
    }
    planned.push_back({"definition_loaded", std::move(payload)});
    loaded.push_back({kind, id, version, title, sha, "", ""});
    return Status::Ok();
  };
  for (const auto& form : lint.valid.forms) batch_form_shas[form->id] = form->sha256;
  for (const auto& form : lint.valid.forms) {
    auto text = LintedText(form->source_name, form->sha256);
    if (!text.ok()) return text.status();
    if (Status status =
            plan("form", form->id, form->version, form->title, form->sha256, form->source_name,
                 DefinitionPayload("form", form->id, form->version, form->title, form->sha256,
                                   form->source_name, *text));
        !status.ok()) {
      return status;
    }
  }
  for (const auto& workflow : lint.valid.workflows) {
    auto text = LintedText(workflow->source_name, workflow->sha256);
    if (!text.ok()) return text.status();
    nlohmann::json payload =
        DefinitionPayload("workflow", workflow->id, workflow->version, workflow->title,
                          workflow->sha256, workflow->source_name, *text);
    nlohmann::json bindings = nlohmann::json::object();
    std::vector<std::string> form_ids;
    for (const Stage& stage : workflow->stages) {
      if (!stage.form.empty()) form_ids.push_back(stage.form);
    }
    if (workflow->report_back && !workflow->report_back->form.empty()) {
      form_ids.push_back(workflow->report_back->form);
    }
    for (const std::string& form_id : form_ids) {
      if (auto it = batch_form_shas.find(form_id); it != batch_form_shas.end()) {
        bindings[form_id] = it->second;
        continue;
      }
      auto latest = repo.LatestDefinition("form", form_id);
      if (!latest.ok()) return latest.status();
      if (!latest->has_value()) {
        return InvalidInput("workflow " + workflow->id + " uses form " + form_id +
                            ", which is neither loaded nor given; load it with the workflow");
      }
      bindings[form_id] = (*latest)->sha256;
    }
    payload["forms"] = std::move(bindings);
    if (Status status = plan("workflow", workflow->id, workflow->version, workflow->title,
                             workflow->sha256, workflow->source_name, std::move(payload));
        !status.ok()) {
      return status;
    }
  }
  if (Status status = CheckCalendarOverlaps(repo, lint); !status.ok()) return status;
  for (const auto& calendar : lint.valid.calendars) {
    auto text = LintedText(calendar->source_name, calendar->sha256);
    if (!text.ok()) return text.status();
    nlohmann::json payload =
        DefinitionPayload("calendar", calendar->id, calendar->version, calendar->title,
                          calendar->sha256, calendar->source_name, *text);
    if (Status status = plan("calendar", calendar->id, calendar->version, calendar->title,
                             calendar->sha256, calendar->source_name, std::move(payload));
        !status.ok()) {
      return status;
    }
  }
  return planned;
}

// An address a mail server will take and that cannot smuggle a header: local@domain, no
// spaces, angle brackets or line breaks. The mail server says the rest.
Status CheckMailChoice(const UserInfo& user) {
  static const std::regex kAddress(R"([^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+)");
  if (!user.email.empty() && (user.email.size() > 254 || !std::regex_match(user.email, kAddress))) {
    return InvalidInput("e-mail address '" + user.email +
                        "' is not of the form name@district.example");
  }
  if (user.notify != "immediate" && user.notify != "digest" && user.notify != "off") {
    return InvalidInput("notify '" + user.notify +
                        "' is not a choice: immediate (a message for each), digest (one a day) "
                        "or off");
  }
  return Status::Ok();
}

Status CheckUserFields(const UserInfo& user) {
  static const std::regex kName("[a-z0-9][a-z0-9._-]{0,63}");
  if (!std::regex_match(user.name, kName)) {
    return InvalidInput("user name '" + user.name +
                        "' must be 1-64 lowercase letters, digits, '.', '_' or '-'");
  }
  const auto& roles = KnownRoles();
  if (std::find(roles.begin(), roles.end(), user.role) == roles.end()) {
    return InvalidInput("unknown role '" + user.role +
                        "'; roles are department_head, cesj_reviewer, cesj_lead, ombuds, admin");
  }
  // The display name goes into e-mail headers (To: "Dana Ruiz" <...>): one line of text.
  if (std::any_of(user.display.begin(), user.display.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x20; })) {
    return InvalidInput("display name of " + user.name +
                        " has a line break or control character; write it on one line");
  }
  if (user.role == "department_head" && user.department.empty()) {
    return InvalidInput("a department_head needs --department: it decides what they can see");
  }
  return CheckMailChoice(user);
}

nlohmann::json UserPayload(const UserInfo& user) {
  return {{"name", user.name},
          {"role", user.role},
          {"department", user.department},
          {"display", user.display.empty() ? user.name : user.display},
          {"active", user.active},
          {"email", user.email},
          {"notify", user.notify}};
}

}  // namespace

Engine::Engine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Engine::~Engine() = default;

Result<std::unique_ptr<Engine>> Engine::Open(const std::string& db_path) {
  auto db = Database::Open(db_path, OpenMode::kMustExist);
  if (!db.ok()) return db.status();
  auto version = CurrentSchemaVersion(**db);
  if (!version.ok()) return version.status();
  if (*version != LatestSchemaVersion()) {
    return RefusedByRule(db_path + " has schema version " + std::to_string(*version) +
                         " but this equilens uses " + std::to_string(LatestSchemaVersion()) +
                         "; run `equilens init` to upgrade it" +
                         (*version > LatestSchemaVersion() ? " (or upgrade equilens)" : ""));
  }
  return std::unique_ptr<Engine>(new Engine(std::make_unique<Impl>(std::move(*db))));
}

Result<InitReport> Engine::Init(const InitOptions& options) {
  InitReport report;
  std::error_code ec;
  report.created = !fs::exists(options.db_path, ec);
  auto db = Database::Open(options.db_path, OpenMode::kCreateIfMissing);
  if (!db.ok()) return db.status();
  auto before = CurrentSchemaVersion(**db);
  if (!before.ok()) return before.status();
  report.previous_schema_version = *before;
  if (Status status = Migrate(**db); !status.ok()) return status;
  report.schema_version = LatestSchemaVersion();

  const std::string forms_dir = options.forms_dir.empty()
                                    ? (fs::path(HomeDir()) / "templates/forms").string()
                                    : options.forms_dir;
  const std::string workflows_dir = options.workflows_dir.empty()
                                        ? (fs::path(HomeDir()) / "workflows").string()
                                        : options.workflows_dir;
  // The district calendars: calendars/ beside the workflows folder, when there is one.
  fs::path workflows_path = fs::path(workflows_dir).lexically_normal();
  if (workflows_path.filename().empty()) workflows_path = workflows_path.parent_path();  // "x/"
  const std::string calendars_dir = options.calendars_dir.empty()
                                        ? (workflows_path.parent_path() / "calendars").string()
                                        : options.calendars_dir;
  std::vector<Diagnostic> folder_errors;
  std::vector<std::string> paths = YamlFilesIn(forms_dir, folder_errors);
  for (std::string& path : YamlFilesIn(workflows_dir, folder_errors)) {
    paths.push_back(std::move(path));
  }
  if (!options.calendars_dir.empty() || fs::is_directory(calendars_dir, ec)) {
    for (std::string& path : YamlFilesIn(calendars_dir, folder_errors)) {
      paths.push_back(std::move(path));
    }
  }
  if (!folder_errors.empty()) return LintFailed(folder_errors);
  LintResult lint = LintDefinitionFiles(paths, forms_dir);
  if (!lint.ok()) return LintFailed(lint.diagnostics);

  Impl impl(std::move(*db));
  auto transaction = WriteTransaction::Begin(*impl.db);
  if (!transaction.ok()) return transaction.status();
  std::vector<DefinitionInfo> loaded;
  auto planned = PlanDefinitionLoads(impl.repo, lint, loaded);
  if (!planned.ok()) return planned.status();
  std::string actor = options.admin.empty() ? "equilens-init" : options.admin;
  if (!options.admin.empty()) {
    auto existing = impl.repo.FindUser(options.admin);
    if (!existing.ok()) return existing.status();
    auto users = impl.repo.ListUsers();
    if (!users.ok()) return users.status();
    std::string current_admin;
    for (const UserRecord& user : *users) {
      if (user.role == "admin" && user.active) current_admin = user.name;
    }
    if (!existing->has_value() && !current_admin.empty()) {
      return RefusedByRule("this database already has an admin (" + current_admin +
                           "); `init --admin` only names the first one: an admin adds people "
                           "with `equilens user add`");
    }
    if (!existing->has_value()) {
      UserInfo admin{options.admin, "admin", "", options.admin, true, "", "immediate"};
      if (Status status = CheckUserFields(admin); !status.ok()) return status;
      planned->push_back({"user_added", UserPayload(admin)});
      report.admin_added = true;
    } else if ((*existing)->role != "admin") {
      return Conflict("user " + options.admin + " exists and is " + (*existing)->role +
                      ", not admin");
    }
  }
  auto recorded = impl.Record(actor, "admin", NowUtc(), "", *planned, "");
  if (!recorded.ok()) return recorded.status();
  if (Status status = transaction->Commit(); !status.ok()) return status;
  for (const DefinitionInfo& info : loaded) {
    report.loaded.push_back(info.kind + " " + info.id + " v" + std::to_string(info.version) +
                            " (sha256 " + info.sha256.substr(0, 12) + ")");
  }
  return report;
}

Result<std::vector<DefinitionInfo>> Engine::LoadDefinitions(const CommandOptions& options,
                                                            const std::vector<std::string>& paths,
                                                            const std::string& forms_dir) {
  // Authorize before reading any file the caller names.
  auto scope = impl_->Read(options, Command::kDefinitionLoad, "");
  if (!scope.ok()) return scope.status();
  // Forms already in the database serve workflows that do not bring their own.
  auto rows = impl_->repo.Definitions();
  if (!rows.ok()) return rows.status();
  std::map<std::string, std::shared_ptr<const FormDefinition>, std::less<>> stored_forms;
  for (const DefinitionRow& row : *rows) {
    if (row.kind != "form") continue;
    auto form = impl_->definitions.Form(impl_->repo, row.sha256);
    if (!form.ok()) return form.status();
    auto& slot = stored_forms[row.id];
    if (!slot || slot->version < (*form)->version) slot = *form;
  }
  FormLookup known = [&](std::string_view id) -> const FormDefinition* {
    auto it = stored_forms.find(id);
    return it == stored_forms.end() ? nullptr : it->second.get();
  };
  LintResult lint = LintDefinitionFiles(paths, forms_dir, known);
  if (!lint.ok()) return LintFailed(lint.diagnostics);

  std::vector<DefinitionInfo> loaded;
  auto written = impl_->Write(options, Command::kDefinitionLoad, "", [&](const WriteScope&) {
    return PlanDefinitionLoads(impl_->repo, lint, loaded);
  });
  if (!written.ok()) return written.status();
  for (DefinitionInfo& info : loaded) info.loaded_by = options.user;
  return loaded;
}

Result<std::vector<DefinitionInfo>> Engine::ListDefinitions(const CommandOptions& options) {
  auto scope = impl_->Read(options, Command::kDefinitionList, "");
  if (!scope.ok()) return scope.status();
  auto rows = impl_->repo.Definitions();
  if (!rows.ok()) return rows.status();
  std::vector<DefinitionInfo> infos;
  for (const DefinitionRow& row : *rows) infos.push_back(InfoOf(row));
  return infos;
}

Status Engine::AddUser(const CommandOptions& options, const UserInfo& user) {
  if (Status status = CheckUserFields(user); !status.ok()) return status;
  auto written = impl_->Write(options, Command::kUserAdd, "",
                              [&](const WriteScope&) -> Result<std::vector<PlannedEvent>> {
                                auto existing = impl_->repo.FindUser(user.name);
                                if (!existing.ok()) return existing.status();
                                if (existing->has_value()) {
                                  return Conflict("user " + user.name + " already exists");
                                }
                                return std::vector<PlannedEvent>{{"user_added", UserPayload(user)}};
                              });
  return written.ok() ? Status::Ok() : written.status();
}

Status Engine::UpdateUser(const CommandOptions& options, const UserChange& change) {
  auto written = impl_->Write(
      options, Command::kUserUpdate, "",
      [&](const WriteScope& scope) -> Result<std::vector<PlannedEvent>> {
        auto existing = impl_->repo.FindUser(change.name);
        if (!existing.ok()) return existing.status();
        if (!existing->has_value()) return NotFound("there is no user " + change.name);
        const UserRecord& current = **existing;
        UserInfo updated{current.name,
                         change.role.empty() ? current.role : change.role,
                         change.department.empty() ? current.department : change.department,
                         change.display.empty() ? current.display : change.display,
                         change.active.value_or(current.active),
                         change.email.value_or(current.email),
                         change.notify.value_or(current.notify)};
        if (Status status = CheckUserFields(updated); !status.ok()) return status;
        if (updated.name == scope.actor.name && (!updated.active || updated.role != "admin")) {
          return RefusedByRule(
              "an admin cannot disable themselves or drop their own admin "
              "role; another admin must");
        }
        return std::vector<PlannedEvent>{{"user_updated", UserPayload(updated)}};
      });
  return written.ok() ? Status::Ok() : written.status();
}

Status Engine::SetMailChoice(const CommandOptions& options, const MailChoice& choice) {
  if (!choice.email && !choice.notify) {
    return UsageError("say what to change: --email ADDRESS and/or --notify immediate|digest|off");
  }
  auto written = impl_->Write(
      options, Command::kMailChoice, "",
      [&](const WriteScope& scope) -> Result<std::vector<PlannedEvent>> {
        if (scope.actor.name != choice.name && scope.actor.role != "admin") {
          return Forbidden(scope.actor.name +
                           " may set only their own e-mail and notification "
                           "choice; an admin sets other people's");
        }
        auto existing = impl_->repo.FindUser(choice.name);
        if (!existing.ok()) return existing.status();
        if (!existing->has_value()) return NotFound("there is no user " + choice.name);
        UserInfo updated = **existing;
        if (choice.email) updated.email = *choice.email;
        if (choice.notify) updated.notify = *choice.notify;
        if (Status status = CheckMailChoice(updated); !status.ok()) return status;
        if (updated.email == (*existing)->email && updated.notify == (*existing)->notify) {
          return std::vector<PlannedEvent>{};  // nothing changed: nothing to record
        }
        return std::vector<PlannedEvent>{{"user_updated", UserPayload(updated)}};
      });
  return written.ok() ? Status::Ok() : written.status();
}

Result<std::vector<UserInfo>> Engine::ListUsers(const CommandOptions& options) {
  auto scope = impl_->Read(options, Command::kUserList, "");
  if (!scope.ok()) return scope.status();
  return impl_->repo.ListUsers();
}

}  // namespace equilens
