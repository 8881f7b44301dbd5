// Notification schemas, loading and checking the district's templates, and splitting a
// rendered message into its subject and body.
#include "render/notification_render.h"

namespace equilens {
namespace {

// Kinds matter to templates: strings print, bools and lists drive {{#x}} sections. Written as
// JSON so it reads like what a template receives; docs/notifications.md lists every path.
constexpr const char kNotification[] = R"json({
  "kind": "task_assigned",
  "recipient": {"name": "rey", "display": "Rey Okafor"},
  "actor": {"name": "dana", "display": "Dana Ruiz", "role": "department_head"},
  "initiative": {
    "id": "EQ-2026-0001",
    "title": "Later start for high schools",
    "department": "transportation",
    "submitter": "dana",
    "stage": "feedback",
    "stage_title": "Thought-partner feedback",
    "due": "2026-11-20",
    "path": "/initiatives/EQ-2026-0001",
    "link": "https://equity.district.example/initiatives/EQ-2026-0001"
  },
  "event": {"seq": 41, "at": "2026-11-06T14:05:00.000Z", "kind": "stage_advanced",
            "name": "submit"},
  "note": "Please add the east-zone ridership figures.",
  "decision": "approved",
  "school_days": 7,
  "reassigned_to": ""
})json";

constexpr const char kDigest[] = R"json({
  "recipient": {"name": "rey", "display": "Rey Okafor"},
  "count": 1,
  "items": [
    {"kind": "task_assigned", "subject": "EQ-2026-0001 waits for you: Thought-partner feedback",
     "at": "2026-11-06T14:05:00.000Z", "initiative_id": "EQ-2026-0001",
     "initiative_title": "Later start for high schools",
     "link": "https://equity.district.example/initiatives/EQ-2026-0001"}
  ],
  "base_url": "https://equity.district.example"
})json";

std::string FileOf(const std::string& kind) { return kind + ".mustache"; }

}  // namespace

const nlohmann::json& NotificationSchema() {
  static const nlohmann::json kSchema = nlohmann::json::parse(kNotification);
  return kSchema;
}

const nlohmann::json& DigestSchema() {
  static const nlohmann::json kSchema = nlohmann::json::parse(kDigest);
  return kSchema;
}

Result<RenderedMail> RenderNotification(const DocumentTemplate& tmpl, const nlohmann::json& schema,
                                        const nlohmann::json& context) {
  auto text = RenderDocument(tmpl, schema, context, Escape::kNone);
  if (!text.ok()) return text.status();
  const std::string prefix = "Subject: ";
  const std::size_t blank = text->find("\n\n");
  if (text->compare(0, prefix.size(), prefix) != 0 || blank == std::string::npos) {
    return InvalidInput(tmpl.name +
                        ":1:1: a notification starts with a 'Subject: ...' line, then a blank "
                        "line, then the body");
  }
  RenderedMail mail;
  mail.subject = text->substr(prefix.size(), blank - prefix.size());
  // A subject is one line: a value with a line break in it must not start a new header.
  for (char& c : mail.subject) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  while (!mail.subject.empty() && mail.subject.back() == ' ') mail.subject.pop_back();
  if (mail.subject.empty()) {
    return InvalidInput(tmpl.name + ":1:1: the subject line renders empty");
  }
  mail.body = text->substr(blank + 2);
  return mail;
}

Result<std::map<std::string, DocumentTemplate>> LoadNotificationTemplates(
    const std::string& home_dir, const std::vector<std::string>& kinds) {
  std::map<std::string, DocumentTemplate> templates;
  std::string problems;
  std::vector<std::string> all = kinds;
  all.push_back("digest");
  for (const std::string& kind : all) {
    auto tmpl = LoadTemplate(home_dir, "templates/notifications", FileOf(kind));
    if (!tmpl.ok()) return tmpl.status();
    const nlohmann::json& schema = kind == "digest" ? DigestSchema() : NotificationSchema();
    auto rendered = RenderNotification(*tmpl, schema, schema);
    if (!rendered.ok()) {
      problems += (problems.empty() ? "" : "\n") + rendered.status().message();
      continue;
    }
    templates.emplace(kind, std::move(*tmpl));
  }
  if (!problems.empty()) return InvalidInput(problems);
  return templates;
}

}  // namespace equilens
