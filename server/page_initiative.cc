// The initiative page and the forms on it. Each POST calls the engine as the signed-in user,
// then 303s back to the page with a notice, or shows the page again with the engine's
// refusal at the top (its status from HttpStatusFor) and what was posted still in the form.
// Which forms the page offers is the engine's word (InitiativeView::permitted, ::actions);
// these handlers add no rule of their own.
#include "server/api_support.h"
#include "server/data_upload.h"
#include "server/http_util.h"
#include "server/page_support.h"

namespace equilens::server {
namespace {

std::string PageOf(const std::string& id) { return "/initiatives/" + UrlEncode(id); }

// The initiative page as `context`'s user sees it now, with `posted` refilled (its problems
// beside its fields), `error` (when not empty) at the top, and HTTP `status`.
Response InitiativePage(const Request& request, RequestContext& context, const std::string& id,
                        const PostedForm& posted, int status, const std::string& error) {
  const CommandOptions as = context.As();
  Result<InitiativeView> view = context.engine.Show(as, id);
  // Unknown, or another department's: one and the same not-found page.
  if (!view.ok()) return ErrorResponse(request, context, view.status());
  // The timeline and equity data are parts of the page: one the user may not read is left out.
  Result<std::vector<HistoryEntry>> history = context.engine.History(as, id);
  if (!history.ok() && history.status().category() == ErrorCategory::kInternal) {
    return ErrorResponse(request, context, history.status());
  }
  Result<MetricsView> metrics = context.engine.Metrics(as, id, /*recompute=*/false);
  if (!metrics.ok() && metrics.status().category() == ErrorCategory::kInternal) {
    return ErrorResponse(request, context, metrics.status());
  }
  PageFrame frame = SignedInFrame(context, view->title.empty() ? id : view->title, "");
  if (!error.empty()) frame.errors.push_back(error);
  return PageResponse(request, context,
                      context.pages.InitiativePage(
                          frame, *view, history.ok() ? *history : std::vector<HistoryEntry>{},
                          metrics.ok() ? *metrics : MetricsView{}, posted),
                      status);
}

// A form's refusal: the page again with it (and an initiative out of reach gets the same
// not-found page as any unknown id, from Show), or the error page when the server failed.
Response Refused(const Request& request, RequestContext& context, const std::string& form,
                 const Status& refusal, std::vector<FieldProblem> problems = {}) {
  if (refusal.category() == ErrorCategory::kInternal) {
    return ErrorResponse(request, context, refusal);
  }
  // The refusal is shown beside the form it answers (the error summary at the top links to
  // it); a fill's problems each beside its own field.
  if (problems.empty()) problems.push_back({"", refusal.message()});
  PostedForm posted{form, PostedFields(request), std::move(problems)};
  return InitiativePage(request, context, request.Param("id"), posted,
                        HttpStatusFor(refusal.category()), "");
}

// The posted version the user saw, for the engine's stale-version check; nullopt if absent.
CommandOptions Guarded(const RequestContext& context, const Request& request) {
  CommandOptions options = context.As();
  if (std::optional<std::int64_t> version = PositiveNumber(request.Form("version"))) {
    options.expect_version = *version;
  }
  return options;
}

std::string VoidedNotice(const ContentChange& change) {
  if (change.voided.empty()) return "";
  std::string text = " This change voided ";
  for (std::size_t i = 0; i < change.voided.size(); ++i) {
    text += (i ? ", " : "") + change.voided[i];
  }
  text += ".";
  if (!change.returned_to.empty()) text += " It went back to " + change.returned_to + ".";
  return text;
}

Response Show(const Request& request, RequestContext& context) {
  return InitiativePage(request, context, request.Param("id"), PostedForm{}, 200, "");
}

Response Statement(const Request& request, RequestContext& context) {
  Result<std::string> html = context.engine.Statement(context.As(), request.Param("id"), "html");
  if (!html.ok()) return ErrorResponse(request, context, html.status());
  return Response::Html(200, *html);
}

Response Fill(const Request& request, RequestContext& context) {
  const std::string id = request.Param("id");
  std::vector<FieldProblem> problems;
  Result<FillOutcome> filled = context.engine.FillFields(
      Guarded(context, request), id, PostedFields(request, {"version"}), &problems);
  if (!filled.ok()) return Refused(request, context, "fill", filled.status(), problems);
  const std::size_t missing = filled->missing_required.size();
  std::string notice = missing == 0
                           ? "Answers saved. The form is complete."
                           : "Answers saved. " + std::to_string(missing) +
                                 (missing == 1 ? " required answer is" : " required answers are") +
                                 " still missing.";
  return Done(PageOf(id), notice + VoidedNotice(filled->change));
}

Response Act(const Request& request, RequestContext& context) {
  const std::string id = request.Param("id");
  Result<ActOutcome> acted = context.engine.Act(Guarded(context, request), id,
                                                request.Form("event"), request.Form("note"));
  if (!acted.ok()) return Refused(request, context, "act", acted.status());
  return Done(PageOf(id), Sentence(acted->message));
}

Response Comment(const Request& request, RequestContext& context) {
  const std::string id = request.Param("id");
  Status status = context.engine.Comment(context.As(), id, request.Form("text"));
  if (!status.ok()) return Refused(request, context, "comment", status);
  return Done(PageOf(id) + "#comments", "Comment added.");
}

Response AddFeedback(const Request& request, RequestContext& context) {
  const std::string id = request.Param("id");
  FeedbackRequest item{request.Form("kind"), request.Form("section"), request.Form("text")};
  Result<FeedbackOutcome> added = context.engine.AddFeedback(context.As(), id, item);
  if (!added.ok()) return Refused(request, context, "feedback_add", added.status());
  return Done(PageOf(id) + "#feedback",
              "Feedback item " + std::to_string(added->number) + " added.");
}

Response AnswerFeedback(const Request& request, RequestContext& context) {
  const std::string id = request.Param("id");
  std::optional<std::int64_t> number = PositiveNumber(request.Param("number"));
  if (!number)
    return ErrorResponse(request, context, NotFound("no feedback item " + request.Param("number")));
  FeedbackAnswer answer{*number, request.Form("disposition"), request.Form("reason")};
  Result<FeedbackOutcome> answered = context.engine.AnswerFeedback(context.As(), id, answer);
  if (!answered.ok()) return Refused(request, context, "feedback_answer", answered.status());
  return Done(PageOf(id) + "#feedback", "Your answer to item " + std::to_string(*number) +
                                            " is recorded." + VoidedNotice(answered->change));
}

Response SetActionStatus(const Request& request, RequestContext& context) {
  const std::string id = request.Param("id");
  std::optional<std::int64_t> number = PositiveNumber(request.Param("number"));
  if (!number)
    return ErrorResponse(request, context,
                         NotFound("no mitigation action " + request.Param("number")));
  Result<TrackedActionView> updated = context.engine.SetActionStatus(
      context.As(), id, *number, request.Form("status"), request.Form("reason"));
  if (!updated.ok()) return Refused(request, context, "mitigation_status", updated.status());
  std::string status = updated->status;
  for (char& c : status) c = c == '_' ? ' ' : c;
  return Done(PageOf(id) + "#tracked",
              "Mitigation action " + std::to_string(*number) + " is now " + status + ".");
}

// The upload form posts the fields the API's multipart upload takes (server/data_upload.h).
Response AttachData(const Request& request, RequestContext& context) {
  const std::string id = request.Param("id");
  CommandOptions options = context.As();
  DataUpload upload = ReadDataUpload(request, options);
  if (!upload.problems.empty()) {
    std::vector<FieldProblem> fields;
    for (const std::string& problem : upload.problems) fields.push_back({"", problem});
    return Refused(request, context, "data", InvalidInput("The upload needs another look."),
                   fields);
  }
  Result<MetricsView> metrics = context.engine.AttachData(options, id, upload.data);
  if (!metrics.ok()) return Refused(request, context, "data", metrics.status());
  int flagged = 0;
  for (const MetricRowView& row : metrics->rows) flagged += row.flagged ? 1 : 0;
  return Done(PageOf(id) + "#equity-data",
              "Equity data attached: " + std::to_string(flagged) +
                  (flagged == 1 ? " group flagged." : " groups flagged.") +
                  VoidedNotice(metrics->change));
}

}  // namespace

void AddInitiativePages(Router& router) {
  router.Add("GET", "/initiatives/:id", Access::kSignedIn, Show);
  router.Add("GET", "/initiatives/:id/statement", Access::kSignedIn, Statement);
  router.Add("POST", "/initiatives/:id/form", Access::kSignedIn, Fill);
  router.Add("POST", "/initiatives/:id/act", Access::kSignedIn, Act);
  router.Add("POST", "/initiatives/:id/comments", Access::kSignedIn, Comment);
  router.Add("POST", "/initiatives/:id/feedback", Access::kSignedIn, AddFeedback);
  router.Add("POST", "/initiatives/:id/feedback/:number/answer", Access::kSignedIn, AnswerFeedback);
  router.Add("POST", "/initiatives/:id/tracked/:number/status", Access::kSignedIn, SetActionStatus);
  router.Add("POST", "/initiatives/:id/data", Access::kSignedIn, AttachData);
}

}  // namespace equilens::server
