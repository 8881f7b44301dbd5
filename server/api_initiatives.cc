// /api/initiatives: list, file, show, answers, comments, actions, history, statement. Each
// handler reads the request, makes one engine call as the signed-in user, and encodes what
// the engine returns; the engine decides who may.
#include "server/api_support.h"

namespace equilens::server {
namespace {

Response List(const Request& request, RequestContext& context) {
  if (Status status = CheckQuery(request, {"department", "stage", "lifecycle", "text", "limit"});
      !status.ok()) {
    return ErrorJson(status);
  }
  Result<int> limit = QueryInt(request, "limit", 200, 1, 1000);
  if (!limit.ok()) return ErrorJson(limit.status());
  InitiativeFilter filter;
  filter.department = request.Query("department");
  filter.stage = request.Query("stage");
  filter.lifecycle = request.Query("lifecycle");
  filter.text = request.Query("text");
  filter.limit = *limit;
  return JsonOf(context.engine.ListInitiatives(context.As(), filter));
}

Response FileInitiative(const Request& request, RequestContext& context) {
  JsonBody body = ReadJson(request);
  if (!body.ok()) return body.refusal;
  FileRequest filed;
  filed.workflow_id = body.json->RequiredString("workflow");
  filed.title = body.json->RequiredString("title");
  filed.department = body.json->String("department").value_or("");
  filed.summary = body.json->String("summary").value_or("");
  CommandOptions options = WriteOptions(context, *body.json);
  if (Status status = body.json->Finish(); !status.ok()) return ErrorJson(status);
  if (filed.department.empty() && context.session) {
    filed.department = context.session->user.department;  // a head files in their own
  }
  Result<std::string> id = context.engine.File(options, filed);
  if (!id.ok()) return ErrorJson(id.status());
  Response response = JsonOf(context.engine.Show(context.As(), *id), 201);
  response.headers.emplace_back("Location", "/api/initiatives/" + *id);
  return response;
}

Response Show(const Request& request, RequestContext& context) {
  if (Status status = CheckQuery(request, {}); !status.ok()) return ErrorJson(status);
  return JsonOf(context.engine.Show(context.As(), request.Param("id")));
}

// PATCH: the answers given are merged into the current stage's answers (a field sent as null
// or "" clears it, as in an answers file). JSON is YAML, so the object goes to Fill as is.
Response SaveAnswers(const Request& request, RequestContext& context) {
  JsonBody body = ReadJson(request);
  if (!body.ok()) return body.refusal;
  std::optional<std::string> answers = body.json->Raw("answers");
  CommandOptions options = WriteOptions(context, *body.json);
  if (Status status = body.json->Finish(); !status.ok()) return ErrorJson(status);
  if (!answers || (*answers)[0] != '{') {
    return ErrorJson(InvalidInput("request body: 'answers' must be an object of field: value"));
  }
  return JsonOf(context.engine.Fill(options, request.Param("id"),
                                    DefinitionSource{"request body (answers)", *answers}));
}

Response AddComment(const Request& request, RequestContext& context) {
  JsonBody body = ReadJson(request);
  if (!body.ok()) return body.refusal;
  const std::string text = body.json->RequiredString("text");
  CommandOptions options = WriteOptions(context, *body.json);
  if (Status status = body.json->Finish(); !status.ok()) return ErrorJson(status);
  const std::string id = request.Param("id");
  if (Status status = context.engine.Comment(options, id, text); !status.ok()) {
    return ErrorJson(status);
  }
  return Response::Json(201, "{\"id\":" + JsonQuote(id) + ",\"commented\":true}");
}

Response Act(const Request& request, RequestContext& context) {
  JsonBody body = ReadJson(request, /*empty_ok=*/true);
  if (!body.ok()) return body.refusal;
  const std::string note = body.json->String("note").value_or("");
  CommandOptions options = WriteOptions(context, *body.json);
  if (Status status = body.json->Finish(); !status.ok()) return ErrorJson(status);
  return JsonOf(context.engine.Act(options, request.Param("id"), request.Param("event"), note));
}

Response History(const Request& request, RequestContext& context) {
  if (Status status = CheckQuery(request, {}); !status.ok()) return ErrorJson(status);
  return JsonOf(context.engine.History(context.As(), request.Param("id")));
}

Response Statement(const Request& request, RequestContext& context) {
  if (Status status = CheckQuery(request, {"format"}); !status.ok()) return ErrorJson(status);
  const std::string format = request.Query("format").empty() ? "html" : request.Query("format");
  Result<std::string> text = context.engine.Statement(context.As(), request.Param("id"), format);
  if (!text.ok()) return ErrorJson(text.status());
  return Text(200, format == "md" ? "text/markdown; charset=utf-8" : "text/html; charset=utf-8",
              std::move(*text));
}

}  // namespace

void AddInitiativeApi(Router& router) {
  const Access in = Access::kSignedIn;
  router.Add("GET", "/api/initiatives", in, List);
  router.Add("POST", "/api/initiatives", in, FileInitiative);
  router.Add("GET", "/api/initiatives/:id", in, Show);
  router.Add("PATCH", "/api/initiatives/:id/answers", in, SaveAnswers);
  router.Add("POST", "/api/initiatives/:id/comments", in, AddComment);
  router.Add("POST", "/api/initiatives/:id/actions/:event", in, Act);
  router.Add("GET", "/api/initiatives/:id/history", in, History);
  router.Add("GET", "/api/initiatives/:id/statement", in, Statement);
}

}  // namespace equilens::server
