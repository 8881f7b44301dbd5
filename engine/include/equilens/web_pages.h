// The web application's pages: engine views in, HTML out, from the Mustache templates in
// templates/web/ (mstch stays in engine/render/). The server's page routes call one method
// per page; each builds its page's context from the views it is given and renders it.
// Every value is HTML-escaped by the template engine; no template may use {{{ }}}.
#ifndef EQUILENS_WEB_PAGES_H_
#define EQUILENS_WEB_PAGES_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "equilens/engine.h"
#include "equilens/status.h"

namespace equilens {

// What every page's frame (header, navigation, messages) needs.
struct PageFrame {
  std::optional<UserInfo> user;  // the signed-in user; nullopt on the sign-in pages
  std::string csrf_token;        // put in every form as the hidden field `csrf`
  std::string title;             // the page's <title> and <h1>
  std::string active_nav;        // "inbox", "initiatives", "queue", "dashboard", "audit", "admin"
  std::vector<std::string> notices;  // "Moved from feedback to signoff."
  std::vector<std::string> errors;   // an engine refusal's message, shown at the top
  // SessionInfo::may: the commands the user's role may attempt; the navigation links only to
  // pages whose command is here ("file", "list", "dashboard", "audit search", "inbox").
  std::vector<std::string> may;
};

// What a user posted in a page's form whose command was refused: the page shows it again,
// each problem beside the field it concerns and all of them in an error summary at the top.
struct PostedForm {
  // Which form on the page: "fill", "comment", "act", "feedback_add", "feedback_answer",
  // "mitigation_status", "data", "file"; empty = nothing was posted.
  std::string form;
  std::vector<PostedField> fields;     // as posted, names as the form's inputs name them
  std::vector<FieldProblem> problems;  // "" = the form as a whole
};

// Loads and checks every template in `web_dir` once; renders pages from memory after that.
// Thread-safety: const methods may be called from many threads at once.
class PageRenderer {
 public:
  // invalid_input naming the file and line when a template does not parse or uses a
  // variable its page does not provide; not_found when `web_dir` has no templates.
  static Result<std::unique_ptr<PageRenderer>> Load(const std::string& web_dir);
  ~PageRenderer();

  // The folder static files (CSS, JS) are served from: web_dir/static.
  const std::string& static_dir() const;

  // One method per page; more are added as pages are built.
  // The sign-in form (`user_name` refilled after a failure; frame.errors says why).
  Result<std::string> SignInPage(const PageFrame& frame, const std::string& user_name) const;
  // The invitation form: choose a password for the account the token names.
  Result<std::string> InvitationPage(const PageFrame& frame, const std::string& token) const;
  // A page for an error the user reached by URL (404, 403, 500), with a way back.
  Result<std::string> ErrorPage(const PageFrame& frame, int http_status,
                                const std::string& message) const;

  // What waits for the user (one page of Engine::Inbox): due dates, overdue work called out
  // in words, and links to the older and newer pages.
  Result<std::string> InboxPage(const PageFrame& frame, const InboxView& inbox) const;
  // Filing an initiative: a choice of `definitions`' workflows (the newest version of each),
  // title and summary; the department is the user's. `posted` refills a refused filing.
  Result<std::string> FilePage(const PageFrame& frame,
                               const std::vector<DefinitionInfo>& definitions,
                               const PostedForm& posted) const;
  // One initiative: stage path, the current form, feedback, actions, approvals, tracked
  // actions, equity data and the timeline. Controls appear only as `view.permitted` and
  // `view.actions` allow; `posted` refills the form whose command was refused.
  Result<std::string> InitiativePage(const PageFrame& frame, const InitiativeView& view,
                                     const std::vector<HistoryEntry>& history,
                                     const MetricsView& metrics, const PostedForm& posted) const;
  // What waits across the district (Engine::ListInitiatives), grouped by department, the
  // longest-waiting first, with the filter form showing `filter`.
  Result<std::string> QueuePage(const PageFrame& frame,
                                const std::vector<InitiativeSummary>& initiatives,
                                const InitiativeFilter& filter) const;
  // Engine::Dashboard as bar charts (SVG with a title and description) and data tables.
  Result<std::string> DashboardPage(const PageFrame& frame, const DashboardView& dashboard) const;
  // The ombuds' search over the record. `events` is null before anything was searched.
  Result<std::string> AuditPage(const PageFrame& frame, const EventFilter& filter,
                                const std::vector<EventView>* events) const;
  // The chain's verification result and its head hash.
  Result<std::string> VerifyPage(const PageFrame& frame, const VerifyOutcome& outcome) const;
  // The signed-in user's own e-mail address and notification choice (frame.user), with the
  // fields of a refused change from `posted` shown again (frame.errors says why).
  Result<std::string> AccountPage(const PageFrame& frame, const PostedForm& posted) const;

  struct Impl;

 private:
  explicit PageRenderer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace equilens

#endif  // EQUILENS_WEB_PAGES_H_
