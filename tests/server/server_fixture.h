// A real server in this process on a free loopback port, over a fresh database with one user
// of each role (every one with a password), and clients signed in as them.
#ifndef EQUILENS_TESTS_SERVER_SERVER_FIXTURE_H_
#define EQUILENS_TESTS_SERVER_SERVER_FIXTURE_H_

#include <doctest/doctest.h>

#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "equilens/engine.h"
#include "server/server.h"
#include "support/http_client.h"
#include "support/process.h"

namespace equilens::testing {

inline constexpr const char* kPassword = "correct horse battery staple";

inline nlohmann::json Json(const HttpReply& reply) {
  nlohmann::json value = nlohmann::json::parse(reply.body, nullptr, false);
  INFO("status " << reply.status << " body: " << reply.body);
  REQUIRE_FALSE(value.is_discarded());
  return value;
}

// The error category a JSON error reply names ("" when it is not one).
inline std::string Category(const HttpReply& reply) {
  nlohmann::json value = nlohmann::json::parse(reply.body, nullptr, false);
  if (value.is_discarded() || !value.is_object() || !value.contains("error")) return "";
  return value["error"].value("category", "");
}

inline std::string Message(const HttpReply& reply) {
  nlohmann::json value = nlohmann::json::parse(reply.body, nullptr, false);
  if (value.is_discarded() || !value.is_object() || !value.contains("error")) return "";
  return value["error"].value("message", "");
}

inline bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Users: ada (admin), dana (department_head, transportation), omar (department_head,
// nutrition), rey and sam (cesj_reviewer), lee (cesj_lead), olga (ombuds).
struct ServerFixture {
  TempDir dir;
  std::string db = dir.File("district.db");
  std::string access_log = dir.File("access.log");
  server::ServeOptions options;
  std::unique_ptr<server::Server> server;

  // `shipped`: the shipped workflows and forms (equity-impact-review); else the runtime
  // fixture's mini-review.
  explicit ServerFixture(bool shipped = false, std::size_t max_body_bytes = 1 << 20) {
    InitOptions init;
    init.db_path = db;
    init.workflows_dir =
        shipped ? SourceDir() + "/workflows" : SourceDir() + "/tests/data/runtime/workflows";
    init.forms_dir = shipped ? SourceDir() + "/templates/forms"
                             : SourceDir() + "/tests/data/runtime/templates/forms";
    init.admin = "ada";
    Result<InitReport> report = Engine::Init(init);
    REQUIRE_MESSAGE(report.ok(), report.status().ToString());
    {
      Result<std::unique_ptr<Engine>> engine = Engine::Open(db);
      REQUIRE_MESSAGE(engine.ok(), engine.status().ToString());
      CommandOptions admin;
      admin.user = "ada";
      for (const UserInfo& user :
           {UserInfo{"dana", "department_head", "transportation", "Dana Ruiz", true, "",
                     "immediate"},
            UserInfo{"omar", "department_head", "nutrition", "", true, "", "immediate"},
            UserInfo{"rey", "cesj_reviewer", "", "", true, "", "immediate"},
            UserInfo{"sam", "cesj_reviewer", "", "", true, "", "immediate"},
            UserInfo{"lee", "cesj_lead", "", "", true, "", "immediate"},
            UserInfo{"olga", "ombuds", "", "", true, "", "immediate"}}) {
        Status added = (*engine)->AddUser(admin, user);
        REQUIRE_MESSAGE(added.ok(), added.ToString());
      }
      for (const char* name : {"ada", "dana", "omar", "rey", "sam", "lee", "olga"}) {
        Status set = (*engine)->SetPassword(admin, name, kPassword);
        REQUIRE_MESSAGE(set.ok(), set.ToString());
      }
    }
    options.db_path = db;
    options.port = 0;
    options.threads = 4;
    options.max_body_bytes = max_body_bytes;
    options.access_log = access_log;
    options.web_dir = SourceDir() + "/templates/web";
    Restart();
  }

  // Stops the server (if running) and starts it again with `options` as they are now.
  void Restart() {
    server.reset();
    Result<std::unique_ptr<server::Server>> started = server::Server::Start(options);
    REQUIRE_MESSAGE(started.ok(), started.status().ToString());
    server = std::move(*started);
  }

  int port() const { return server->port(); }

  // A client with no session.
  HttpClient Anonymous() const { return HttpClient("127.0.0.1", port()); }

  // A client signed in as `user` through POST /api/session.
  HttpClient As(const std::string& user) const {
    HttpClient client = Anonymous();
    HttpReply reply = client.SignIn(user, kPassword);
    INFO(reply.body);
    REQUIRE(reply.status == 200);
    REQUIRE(client.csrf.size() == 64);
    return client;
  }

  std::string AccessLog() const {
    std::ifstream in(access_log);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }
};

// The JSON body of `value`, for Send.
inline std::string Body(const nlohmann::json& value) { return value.dump(); }

}  // namespace equilens::testing

#endif  // EQUILENS_TESTS_SERVER_SERVER_FIXTURE_H_
