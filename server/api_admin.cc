// /api/users: people and their roles (admin; the ombuds may list), invitations to set a
// password, passwords and mail choices (an admin for anyone, a user for themselves); and
// /api/outbox, the notifications and how their delivery went (admin).
#include "server/api_support.h"

namespace equilens::server {
namespace {

Response ListUsers(const Request& request, RequestContext& context) {
  if (Status status = CheckQuery(request, {}); !status.ok()) return ErrorJson(status);
  return JsonOf(context.engine.ListUsers(context.As()));
}

Response AddUser(const Request& request, RequestContext& context) {
  JsonBody body = ReadJson(request);
  if (!body.ok()) return body.refusal;
  UserInfo user;
  user.name = body.json->RequiredString("name");
  user.role = body.json->RequiredString("role");
  user.department = body.json->String("department").value_or("");
  user.display = body.json->String("display").value_or("");
  user.email = body.json->String("email").value_or("");
  user.notify = body.json->String("notify").value_or("immediate");
  if (Status status = body.json->Finish(); !status.ok()) return ErrorJson(status);
  if (Status status = context.engine.AddUser(context.As(), user); !status.ok()) {
    return ErrorJson(status);
  }
  Response response = Response::Json(201, ToJson(user));
  response.headers.emplace_back("Location", "/api/users/" + user.name);
  return response;
}

Response UpdateUser(const Request& request, RequestContext& context) {
  JsonBody body = ReadJson(request);
  if (!body.ok()) return body.refusal;
  Engine::UserChange change;
  change.name = request.Param("name");
  change.role = body.json->String("role").value_or("");
  change.department = body.json->String("department").value_or("");
  change.display = body.json->String("display").value_or("");
  change.active = body.json->Bool("active");
  if (Status status = body.json->Finish(); !status.ok()) return ErrorJson(status);
  if (Status status = context.engine.UpdateUser(context.As(), change); !status.ok()) {
    return ErrorJson(status);
  }
  return Response::Json(200, "{\"name\":" + JsonQuote(change.name) + ",\"updated\":true}");
}

// The token goes to the admin once, to pass on; the server keeps only its hash.
Response Invite(const Request& request, RequestContext& context) {
  JsonBody body = ReadJson(request, /*empty_ok=*/true);
  if (!body.ok()) return body.refusal;
  if (Status status = body.json->Finish(); !status.ok()) return ErrorJson(status);
  const std::string name = request.Param("name");
  std::string expires_at;
  Result<std::string> token =
      context.engine.Invite(context.As(), name, context.options.sessions, &expires_at);
  if (!token.ok()) return ErrorJson(token.status());
  return Response::Json(201, "{\"user\":" + JsonQuote(name) + ",\"token\":" + JsonQuote(*token) +
                                 ",\"path\":" + JsonQuote("/invitation/" + *token) +
                                 ",\"expires_at\":" + JsonQuote(expires_at) + "}");
}

Response SetPassword(const Request& request, RequestContext& context) {
  JsonBody body = ReadJson(request);
  if (!body.ok()) return body.refusal;
  const std::string password = body.json->RequiredString("password");
  if (Status status = body.json->Finish(); !status.ok()) return ErrorJson(status);
  const std::string name = request.Param("name");
  // Changing one's own password keeps the session it is changed from; every other one ends.
  if (Status status =
          context.engine.SetPassword(context.As(), name, password, context.session_token);
      !status.ok()) {
    return ErrorJson(status);
  }
  return Response::Json(200, "{\"name\":" + JsonQuote(name) + ",\"password_set\":true}");
}

Response SetMail(const Request& request, RequestContext& context) {
  JsonBody body = ReadJson(request);
  if (!body.ok()) return body.refusal;
  Engine::MailChoice choice;
  choice.name = request.Param("name");
  choice.email = body.json->String("email");
  choice.notify = body.json->String("notify");
  if (Status status = body.json->Finish(); !status.ok()) return ErrorJson(status);
  if (Status status = context.engine.SetMailChoice(context.As(), choice); !status.ok()) {
    return ErrorJson(status);
  }
  return Response::Json(200, "{\"name\":" + JsonQuote(choice.name) + ",\"updated\":true}");
}

Response ListOutbox(const Request& request, RequestContext& context) {
  if (Status status = CheckQuery(request, {"status", "limit"}); !status.ok()) {
    return ErrorJson(status);
  }
  Result<int> limit = QueryInt(request, "limit", 50, 1, 1000);
  if (!limit.ok()) return ErrorJson(limit.status());
  return JsonOf(context.engine.ListOutbox(context.As(), request.Query("status"), *limit));
}

Response RetryOutbox(const Request& request, RequestContext& context) {
  const std::optional<std::int64_t> id = PositiveNumber(request.Param("id"));
  if (!id) return ErrorJson(NotFound("there is no outbox row '" + request.Param("id") + "'"));
  if (Status status = context.engine.RetryOutbox(context.As(), *id); !status.ok()) {
    return ErrorJson(status);
  }
  return Response::Json(200, "{\"id\":" + std::to_string(*id) + ",\"queued\":true}");
}

}  // namespace

void AddAdminApi(Router& router) {
  const Access in = Access::kSignedIn;
  router.Add("GET", "/api/users", in, ListUsers);
  router.Add("POST", "/api/users", in, AddUser);
  router.Add("PATCH", "/api/users/:name", in, UpdateUser);
  router.Add("POST", "/api/users/:name/invitation", in, Invite);
  router.Add("PUT", "/api/users/:name/password", in, SetPassword);
  router.Add("PUT", "/api/users/:name/mail", in, SetMail);
  router.Add("GET", "/api/outbox", in, ListOutbox);
  router.Add("POST", "/api/outbox/:id/retry", in, RetryOutbox);
}

}  // namespace equilens::server
