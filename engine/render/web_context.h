// The web pages' contexts: engine views in, the JSON each page's template reads out. One
// builder per page; the shapes are the schemas in web_schemas.cc (a test proves each builder
// produces exactly its schema's shape). No business rule here: what a user may do arrives in
// the views (InitiativeView::permitted and ::actions); builders only arrange it for reading.
#ifndef EQUILENS_RENDER_WEB_CONTEXT_H_
#define EQUILENS_RENDER_WEB_CONTEXT_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "equilens/engine.h"
#include "equilens/web_pages.h"

namespace equilens::web {

// The pages, by template file name without ".mustache".
inline constexpr const char* kSignInPage = "signin";
inline constexpr const char* kInvitationPage = "invitation";
inline constexpr const char* kErrorPage = "error";
inline constexpr const char* kInboxPage = "inbox";
inline constexpr const char* kFilePage = "file";
inline constexpr const char* kInitiativePage = "initiative";
inline constexpr const char* kQueuePage = "queue";
inline constexpr const char* kDashboardPage = "dashboard";
inline constexpr const char* kAuditPage = "audit";
inline constexpr const char* kVerifyPage = "verify";
inline constexpr const char* kAccountPage = "account";

// Every page's name, in the order the loader checks them.
const std::vector<std::string>& PageNames();

// The schema of page `name` (the frame's keys and the page's own), shaped like the context
// with one example item in each list; null when there is no such page. Built once.
const nlohmann::json* PageSchema(const std::string& name);

// ------------------------------------------------------------------ shared by the builders

// The frame's keys: page title, the user, csrf, navigation, notices, errors. Builders add
// field problems to "problems" (and set "has_errors") with AddProblem.
nlohmann::json FrameContext(const PageFrame& frame);
void AddProblem(nlohmann::json& context, const std::string& text, const std::string& href);

// "request_changes" -> "Request changes"; "cesj_reviewer" -> "CESJ reviewer".
std::string Humanize(const std::string& name);
// "2026-09-02T14:05:00.000Z" -> "2026-09-02 14:05 UTC"; a bare date is kept as it is.
std::string WhenText(const std::string& iso);
// The first 12 hex characters, for a table cell (the full hash stays in the page).
std::string ShortHash(const std::string& hash);
// A figure to two decimals ("3.25"); "" when absent.
std::string Decimal(double value, int places = 2);
// Percent-encodes `text` for a URL query value.
std::string UrlEncode(const std::string& text);
// An HTML id from a field name: "actions.2.due" -> "f-actions-2-due".
std::string FieldId(const std::string& name);
// The first posted value named `name` ("" when absent).
std::string PostedValue(const PostedForm& posted, const std::string& form, const std::string& name);
// The problem posted for `field` in `form` ("" when none).
std::string ProblemFor(const PostedForm& posted, const std::string& form, const std::string& field);

// ----------------------------------------------------------------------------- the pages

nlohmann::json SignInContext(const PageFrame& frame, const std::string& user_name);
nlohmann::json InvitationContext(const PageFrame& frame, const std::string& token);
nlohmann::json ErrorContext(const PageFrame& frame, int http_status, const std::string& message);
nlohmann::json InboxContext(const PageFrame& frame, const InboxView& inbox);
nlohmann::json FileContext(const PageFrame& frame, const std::vector<DefinitionInfo>& definitions,
                           const PostedForm& posted);
nlohmann::json InitiativeContext(const PageFrame& frame, const InitiativeView& view,
                                 const std::vector<HistoryEntry>& history,
                                 const MetricsView& metrics, const PostedForm& posted);
nlohmann::json QueueContext(const PageFrame& frame,
                            const std::vector<InitiativeSummary>& initiatives,
                            const InitiativeFilter& filter);
nlohmann::json DashboardContext(const PageFrame& frame, const DashboardView& dashboard);
nlohmann::json AuditContext(const PageFrame& frame, const EventFilter& filter,
                            const std::vector<EventView>* events);
nlohmann::json VerifyContext(const PageFrame& frame, const VerifyOutcome& outcome);
nlohmann::json AccountContext(const PageFrame& frame, const PostedForm& posted);

// The initiative page's "form": the current stage's form with its values (posted ones when a
// fill was refused, else the stored answers), each field's problem beside it. Adds the
// field problems to `context`'s error summary.
nlohmann::json StageFormContext(const InitiativeView& view, const PostedForm& posted,
                                nlohmann::json& context);

}  // namespace equilens::web

#endif  // EQUILENS_RENDER_WEB_CONTEXT_H_
