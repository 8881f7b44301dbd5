// The server's own schedule (server/background_jobs.h): with --jobs-as and --mail-settings,
// a step taken through the API reaches the people it concerns by e-mail with no cron at all;
// a jobs account that is not an admin, or mail settings without one, stop the server from
// starting, naming why.
#include <doctest/doctest.h>

#include <chrono>
#include <set>
#include <string>

#include "server/server_fixture.h"
#include "support/smtp_sink.h"

namespace equilens::testing {
namespace {

std::string MailSettingsFor(const TempDir& dir, int port) {
  return dir.Write("mail.yaml", "mail: 1\nsmtp: { host: 127.0.0.1, port: " + std::to_string(port) +
                                    ", security: none, timeout: 2 seconds }\n"
                                    "from: { address: equity@district.example }\n"
                                    "base_url: http://127.0.0.1:8080\n");
}

void GiveAddresses(const std::string& db) {
  Result<std::unique_ptr<Engine>> engine = Engine::Open(db);
  REQUIRE(engine.ok());
  for (const char* name : {"dana", "rey", "sam", "lee"}) {
    Status set = (*engine)->SetMailChoice({"ada", std::nullopt, ""},
                                          {name, std::string(name) + "@district.example", {}});
    REQUIRE_MESSAGE(set.ok(), set.ToString());
  }
}

}  // namespace

TEST_CASE("server jobs: a step taken in the web application is delivered by the server itself") {
  SmtpSink sink;
  ServerFixture f(/*shipped=*/true);
  GiveAddresses(f.db);
  f.options.jobs_as = "ada";
  f.options.mail_settings = MailSettingsFor(f.dir, sink.port());
  f.options.deliver_every_seconds = 1;
  f.Restart();

  HttpClient dana = f.As("dana");
  const HttpReply filed = dana.Send("POST", "/api/initiatives",
                                    Body({{"workflow", "equity-impact-review"},
                                          {"title", "Consolidate bus routes 14 and 22"},
                                          {"department", "transportation"}}));
  REQUIRE(filed.status == 201);
  const std::string id = Json(filed)["id"];
  REQUIRE(dana.Send("POST", "/api/initiatives/" + id + "/actions/submit", "").status == 200);

  // Intake is the reviewers': both are told, within a few delivery intervals.
  REQUIRE(sink.WaitFor(2, std::chrono::seconds(20)));
  std::set<std::string> to;
  for (const ReceivedMail& mail : sink.Messages()) {
    to.insert(mail.rcpt_to.at(0));
    CHECK(Contains(mail.Header("Subject"), id));
    CHECK(Contains(mail.Body(), "http://127.0.0.1:8080/initiatives/" + id));
  }
  CHECK(to == std::set<std::string>{"rey@district.example", "sam@district.example"});
  f.server.reset();  // stops the jobs with the server
  CHECK(sink.Messages().size() == 2);
}

TEST_CASE("server jobs: refused at start without an admin to run them") {
  ServerFixture f;
  f.server.reset();
  f.options.jobs_as = "dana";
  Result<std::unique_ptr<server::Server>> started = server::Server::Start(f.options);
  REQUIRE_FALSE(started.ok());
  CHECK(started.status().category() == ErrorCategory::kForbidden);
  CHECK(Contains(started.status().message(), "--jobs-as dana"));

  f.options.jobs_as = "";
  f.options.mail_settings = MailSettingsFor(f.dir, 2525);
  started = server::Server::Start(f.options);
  REQUIRE_FALSE(started.ok());
  CHECK(Contains(started.status().message(), "--mail-settings needs --jobs-as"));

  f.options.jobs_as = "ada";
  f.options.mail_settings = f.dir.Write("bad-mail.yaml", "mail: 1\nsmtp: { hots: x }\n");
  started = server::Server::Start(f.options);
  REQUIRE_FALSE(started.ok());
  CHECK(Contains(started.status().message(), "bad-mail.yaml:2:"));
}

}  // namespace equilens::testing
