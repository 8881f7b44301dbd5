// /api/initiatives/:id/feedback and /mitigation: the review conversation (feedback items and
// the filer's answers) and the tracked mitigation actions adopted at sign-off.
#include "server/api_support.h"

namespace equilens::server {
namespace {

Response ListFeedback(const Request& request, RequestContext& context) {
  if (Status status = CheckQuery(request, {}); !status.ok()) return ErrorJson(status);
  return JsonOf(context.engine.ListFeedback(context.As(), request.Param("id")));
}

Response AddFeedback(const Request& request, RequestContext& context) {
  JsonBody body = ReadJson(request);
  if (!body.ok()) return body.refusal;
  FeedbackRequest item;
  item.kind = body.json->RequiredString("kind");
  item.section = body.json->String("section").value_or("general");
  item.text = body.json->RequiredString("text");
  CommandOptions options = WriteOptions(context, *body.json);
  if (Status status = body.json->Finish(); !status.ok()) return ErrorJson(status);
  return JsonOf(context.engine.AddFeedback(options, request.Param("id"), item), 201);
}

Response AnswerFeedback(const Request& request, RequestContext& context) {
  JsonBody body = ReadJson(request);
  if (!body.ok()) return body.refusal;
  FeedbackAnswer answer;
  answer.disposition = body.json->RequiredString("disposition");
  answer.reason = body.json->String("reason").value_or("");
  CommandOptions options = WriteOptions(context, *body.json);
  if (Status status = body.json->Finish(); !status.ok()) return ErrorJson(status);
  std::optional<std::int64_t> number = PositiveNumber(request.Param("number"));
  if (!number) {
    return ErrorJson(NotFound("no feedback item '" + request.Param("number") +
                              "': items are numbered 1, 2, 3 ..."));
  }
  answer.number = *number;
  return JsonOf(context.engine.AnswerFeedback(options, request.Param("id"), answer));
}

Response ListActions(const Request& request, RequestContext& context) {
  if (Status status = CheckQuery(request, {}); !status.ok()) return ErrorJson(status);
  return JsonOf(context.engine.TrackedActions(context.As(), request.Param("id")));
}

Response SetActionStatus(const Request& request, RequestContext& context) {
  JsonBody body = ReadJson(request);
  if (!body.ok()) return body.refusal;
  const std::string status_name = body.json->RequiredString("status");
  const std::string reason = body.json->String("reason").value_or("");
  CommandOptions options = WriteOptions(context, *body.json);
  if (Status status = body.json->Finish(); !status.ok()) return ErrorJson(status);
  std::optional<std::int64_t> number = PositiveNumber(request.Param("number"));
  if (!number) {
    return ErrorJson(NotFound("no tracked action '" + request.Param("number") +
                              "': actions are numbered 1, 2, 3 ..."));
  }
  return JsonOf(
      context.engine.SetActionStatus(options, request.Param("id"), *number, status_name, reason));
}

}  // namespace

void AddReviewApi(Router& router) {
  const Access in = Access::kSignedIn;
  router.Add("GET", "/api/initiatives/:id/feedback", in, ListFeedback);
  router.Add("POST", "/api/initiatives/:id/feedback", in, AddFeedback);
  router.Add("PUT", "/api/initiatives/:id/feedback/:number/answer", in, AnswerFeedback);
  router.Add("GET", "/api/initiatives/:id/mitigation", in, ListActions);
  router.Add("PUT", "/api/initiatives/:id/mitigation/:number/status", in, SetActionStatus);
}

}  // namespace equilens::server
