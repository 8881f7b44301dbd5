// E-mail notifications from the Mustache templates a district edits in
// templates/notifications/ (docs/notifications.md): one template per kind, KIND.mustache, and
// digest.mustache for the daily digest. A template's first line is "Subject: ...", then a blank
// line, then the plain-text body. Every template is checked against its schema before the
// delivery worker sends anything, so a misspelt name is refused with its line and column.
#ifndef EQUILENS_RENDER_NOTIFICATION_RENDER_H_
#define EQUILENS_RENDER_NOTIFICATION_RENDER_H_

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "equilens/status.h"
#include "render/document_render.h"

namespace equilens {

// The context every KIND template receives (one example, itself a valid context), and the
// digest's. Thread-safe: built once.
const nlohmann::json& NotificationSchema();
const nlohmann::json& DigestSchema();

struct RenderedMail {
  std::string subject;  // one line
  std::string body;     // plain text, '\n' line ends
};

// The templates of `kinds` plus the digest, from `home_dir`/templates/notifications/, each
// checked against its schema and rendered once with it (so a template that renders no
// "Subject:" line is refused too). invalid_input listing every "NAME:LINE:COL: message";
// not_found naming a missing file.
Result<std::map<std::string, DocumentTemplate>> LoadNotificationTemplates(
    const std::string& home_dir, const std::vector<std::string>& kinds);

// `tmpl` rendered with `context` and split into subject and body. invalid_input when the
// output has no "Subject: " first line followed by a blank line, or the subject is empty.
Result<RenderedMail> RenderNotification(const DocumentTemplate& tmpl, const nlohmann::json& schema,
                                        const nlohmann::json& context);

}  // namespace equilens

#endif  // EQUILENS_RENDER_NOTIFICATION_RENDER_H_
