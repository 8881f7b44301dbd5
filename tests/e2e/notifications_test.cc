// Notifications through the real binary (docs/notifications.md): a review's steps queue who is
// told what in the outbox, each with its event; `deliver` sends them to a real SMTP sink on
// loopback (tests/support/smtp_sink.h); a sink that is down delays delivery and loses nothing;
// a refused address fails for good, visibly, until an admin fixes it and retries; a digest
// user gets one message; a crash between an event's write and its delivery neither loses nor
// repeats a message.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "e2e/runtime_fixture.h"
#include "support/smtp_sink.h"

namespace equilens::testing {
namespace {

using nlohmann::json;

constexpr int kNotFound = 3;  // docs/cli.md

json OkJson(const Cli& cli, const std::string& user, std::vector<std::string> args) {
  args.insert(args.begin(), "--json");
  return json::parse(cli.Ok(user, args));
}

// "kind recipient" for every outbox row, oldest first.
std::multiset<std::string> Outbox(const Cli& cli) {
  std::multiset<std::string> rows;
  const json outbox = OkJson(cli, "ada", {"outbox", "list", "--limit", "1000"});
  for (const json& row : outbox["entries"]) {
    rows.insert(row["kind"].get<std::string>() + " " + row["recipient"].get<std::string>());
  }
  return rows;
}

struct MailFixture : RuntimeFixture {
  MailFixture() {
    for (const char* user : {"dana", "omar", "rey", "sam", "lee", "olga"}) {
      cli.Ok("ada", {"user", "mail", user, "--email", std::string(user) + "@district.example"});
    }
  }

  // Mail settings for a plain-SMTP sink on loopback at `port`.
  std::string Settings(int port, const std::string& extra = "") {
    return dir.Write("mail-" + std::to_string(port) + ".yaml",
                     "mail: 1\n"
                     "smtp: { host: 127.0.0.1, port: " +
                         std::to_string(port) +
                         ", security: none, timeout: 2 seconds }\n"
                         "from: { address: equity@district.example, name: Equity Review }\n"
                         "delivery: { first_retry: 1 second, max_retry: 2 seconds" +
                         extra +
                         " }\n"
                         "base_url: https://equity.district.example\n");
  }

  json Deliver(const std::string& settings, std::vector<std::string> more = {}) {
    std::vector<std::string> args = {"deliver", "--settings", settings};
    args.insert(args.end(), more.begin(), more.end());
    return OkJson(cli, "ada", args);
  }

  // Files as dana, fills the assessment (low risk) and submits it into feedback.
  std::string IntoFeedback() {
    const std::string id = FileAndSubmit();
    REQUIRE(Fill("dana", id, "risk_level: low\nsummary: Later start\n").exit_code == 0);
    cli.Ok("dana", {"act", id, "submit"});
    return id;
  }
};

TEST_CASE("notifications: each step tells the right people, each row beside its event") {
  MailFixture f;
  const std::string id = f.IntoFeedback();
  // Both reviewers may act on feedback; the filer acted and is not told of her own move.
  CHECK(Outbox(f.cli) == std::multiset<std::string>{"task_assigned rey", "task_assigned sam"});

  f.cli.Ok("rey", {"act", id, "request_changes", "--note", "Add ridership by school."});
  CHECK(Outbox(f.cli).count("changes_requested dana") == 1);

  f.cli.Ok("rey", {"feedback", id, "add", "--kind", "concern", "--section", "general", "--text",
                   "Late buses hit students with disabilities hardest."});
  CHECK(Outbox(f.cli).count("feedback_received dana") == 1);

  f.cli.Ok("dana", {"act", id, "submit"});  // back to feedback: both reviewers again
  CHECK(Outbox(f.cli).count("task_assigned rey") == 2);
  f.cli.Ok("rey", {"act", id, "accept"});
  f.cli.Ok("sam", {"act", id, "accept"});  // quorum of 2: into sign-off, the lead's
  CHECK(Outbox(f.cli).count("task_assigned lee") == 1);

  // Nobody outside the case hears of it: another department's head, the ombuds.
  for (const std::string& row : Outbox(f.cli)) {
    CHECK(row.find("omar") == std::string::npos);
    CHECK(row.find("olga") == std::string::npos);
  }

  // Each row names the event that caused it, and that event is in the record.
  std::map<std::int64_t, std::string> kinds;  // seq -> event kind
  std::istringstream exported(f.cli.Ok("olga", {"audit", "export", "--format", "jsonl"}));
  for (std::string line; std::getline(exported, line);) {
    const json event = json::parse(line);
    kinds[event["seq"].get<std::int64_t>()] = event["kind"];
  }
  const json outbox = OkJson(f.cli, "ada", {"outbox", "list"});
  for (const json& row : outbox["entries"]) {
    INFO(row.dump());
    REQUIRE(kinds.count(row["event_seq"].get<std::int64_t>()) == 1);
    CHECK(row["initiative"] == id);
  }
  CHECK(f.cli.Run("olga", {"audit", "verify"}).exit_code == 0);  // the outbox is not a projection
  CHECK(f.cli.Run("dana", {"outbox", "list"}).exit_code == 4);   // admins only
}

TEST_CASE("deliver: the messages arrive at a real SMTP server, once each") {
  MailFixture f;
  SmtpSink sink;
  const std::string id = f.IntoFeedback();
  f.cli.Ok("rey", {"act", id, "request_changes", "--note", "Add ridership by school."});

  const json report = f.Deliver(f.Settings(sink.port()));
  CHECK(report["messages_sent"] == 3);  // rey and sam: assigned; dana: changes requested
  REQUIRE(sink.WaitFor(3, std::chrono::seconds(10)));
  std::map<std::string, ReceivedMail> to;
  for (const ReceivedMail& mail : sink.Messages()) to[mail.rcpt_to.at(0)] = mail;
  REQUIRE(to.count("dana@district.example") == 1);
  const ReceivedMail& dana = to["dana@district.example"];
  CHECK(dana.mail_from == "equity@district.example");
  CHECK(dana.Header("Subject") == id + ": changes requested");
  CHECK(dana.Header("To").find("Dana Ruiz") != std::string::npos);
  CHECK(dana.Body().find("Add ridership by school.") != std::string::npos);
  CHECK(dana.Body().find("https://equity.district.example/initiatives/" + id) != std::string::npos);
  CHECK(to["rey@district.example"].Header("Subject") ==
        id + " waits for you: feedback");  // the mini review's stages have no titles

  // Sent is sent: a second run sends nothing more.
  CHECK(f.Deliver(f.Settings(sink.port()))["messages_sent"] == 0);
  CHECK(sink.Messages().size() == 3);
  const json outbox = OkJson(f.cli, "ada", {"outbox", "list"});
  CHECK(outbox["sent"] == 3);
  CHECK(outbox["pending"] == 0);
}

TEST_CASE("deliver: a mail server that is down delays delivery and loses nothing") {
  MailFixture f;
  f.IntoFeedback();
  const json down = f.Deliver(f.Settings(FreeClosedPort()));
  CHECK(down["messages_sent"] == 0);
  CHECK(down["retrying"] == 2);
  const json outbox = OkJson(f.cli, "ada", {"outbox", "list"});
  for (const json& row : outbox["entries"]) {
    CHECK(row["status"] == "pending");
    CHECK(row["attempts"] == 1);
    CHECK(row["last_error"].get<std::string>().find("127.0.0.1") != std::string::npos);
  }
  // Within its backoff nothing is tried; once it passes, everything goes to the server now up.
  SmtpSink sink;
  CHECK(f.Deliver(f.Settings(sink.port()))["messages_sent"] == 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));
  CHECK(f.Deliver(f.Settings(sink.port()))["messages_sent"] == 2);
  CHECK(sink.Messages().size() == 2);
}

TEST_CASE("deliver: gives up after max_attempts and says so") {
  MailFixture f;
  f.IntoFeedback();
  const std::string settings = f.Settings(FreeClosedPort(), ", max_attempts: 2");
  CHECK(f.Deliver(settings)["retrying"] == 2);
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));
  const json second = f.Deliver(settings);
  CHECK(second["failed"] == 2);
  CHECK(second["problems"][0].get<std::string>().find("gave up after 2 attempts") !=
        std::string::npos);
  CHECK(OkJson(f.cli, "ada", {"outbox", "list", "--status", "failed"})["failed"] == 2);
}

TEST_CASE("deliver: a refused address fails for good, visibly, until an admin fixes it") {
  MailFixture f;
  SmtpSink::Options options;
  options.reject_rcpt = {"rey@district.example"};
  SmtpSink sink(options);
  f.IntoFeedback();
  const json report = f.Deliver(f.Settings(sink.port()));
  CHECK(report["messages_sent"] == 1);  // sam's
  CHECK(report["failed"] == 1);
  const json failed = OkJson(f.cli, "ada", {"outbox", "list", "--status", "failed"});
  REQUIRE(failed["entries"].size() == 1);
  const json& row = failed["entries"][0];
  CHECK(row["recipient"] == "rey");
  CHECK(row["last_error"].get<std::string>().find("550") != std::string::npos);

  // Another run does not try it again; the fix and a retry do.
  CHECK(f.Deliver(f.Settings(sink.port()))["messages_sent"] == 0);
  f.cli.Ok("rey", {"user", "mail", "rey", "--email", "rey.okafor@district.example"});
  f.cli.Ok("ada", {"outbox", "retry", std::to_string(row["id"].get<std::int64_t>())});
  CHECK(f.cli.Run("ada", {"outbox", "retry", "999"}).exit_code == kNotFound);
  CHECK(f.Deliver(f.Settings(sink.port()))["messages_sent"] == 1);
  CHECK(sink.Messages().back().rcpt_to.at(0) == "rey.okafor@district.example");
}

TEST_CASE("deliver: no address on file is a failure that names the fix") {
  MailFixture f;
  SmtpSink sink;
  f.cli.Ok("ada", {"user", "mail", "sam", "--email", ""});
  f.IntoFeedback();
  const json report = f.Deliver(f.Settings(sink.port()));
  CHECK(report["messages_sent"] == 1);
  REQUIRE(report["problems"].size() == 1);
  CHECK(report["problems"][0].get<std::string>().find("sam has no e-mail address on file") !=
        std::string::npos);
}

TEST_CASE("notifications: each person chooses immediate, digest or off, for themselves only") {
  MailFixture f;
  SmtpSink sink;
  f.cli.Ok("rey", {"user", "mail", "rey", "--notify", "digest"});
  f.cli.Ok("sam", {"user", "mail", "sam", "--notify", "off"});
  CHECK(f.cli.Run("rey", {"user", "mail", "sam", "--notify", "immediate"}).exit_code == 4);
  CHECK(f.cli.Run("rey", {"user", "mail", "rey", "--notify", "weekly"}).exit_code == 7);
  CHECK(f.cli.Run("rey", {"user", "mail", "rey", "--email", "not an address"}).exit_code == 7);

  const std::string first = f.IntoFeedback();
  const std::string second = f.IntoFeedback();
  CHECK(Outbox(f.cli) == std::multiset<std::string>{"task_assigned rey", "task_assigned rey"});
  // Digests wait for the digest time (a day away at most) ...
  CHECK(f.Deliver(f.Settings(sink.port()))["messages_sent"] == 0);
  // ... unless asked for now: one message with both.
  const json report = f.Deliver(f.Settings(sink.port()), {"--digests-now"});
  CHECK(report["messages_sent"] == 1);
  CHECK(report["notifications_sent"] == 2);
  REQUIRE(sink.WaitFor(1, std::chrono::seconds(10)));
  const ReceivedMail digest = sink.Messages().at(0);
  CHECK(digest.Header("Subject").find("2 update(s)") != std::string::npos);
  CHECK(digest.Body().find(first) != std::string::npos);
  CHECK(digest.Body().find(second) != std::string::npos);
}

TEST_CASE("notifications: a crash between the write and the delivery loses nothing, sends once") {
  MailFixture f;
  SmtpSink sink;
  const std::string id = f.FileAndSubmit();
  REQUIRE(f.Fill("dana", id, "risk_level: low\nsummary: Later start\n").exit_code == 0);
  const std::string head = f.cli.Ok("olga", {"audit", "head"});

  // Killed before its commit: neither the event nor its notifications exist.
  setenv("EQUILENS_TEST_CRASH_AT", "before_commit", 1);
  ProcessResult killed = f.cli.Run("dana", {"act", id, "submit"});
  unsetenv("EQUILENS_TEST_CRASH_AT");
  CHECK(killed.exit_code == 128 + 9);
  CHECK(f.cli.Ok("olga", {"audit", "head"}) == head);
  CHECK(Outbox(f.cli).empty());

  // Killed just after its commit: both exist, and are delivered once.
  setenv("EQUILENS_TEST_CRASH_AT", "after_commit", 1);
  killed = f.cli.Run("dana", {"act", id, "submit"});
  unsetenv("EQUILENS_TEST_CRASH_AT");
  CHECK(killed.exit_code == 128 + 9);
  CHECK(f.cli.Ok("olga", {"audit", "head"}) != head);
  CHECK(Outbox(f.cli) == std::multiset<std::string>{"task_assigned rey", "task_assigned sam"});

  // Killed after the mail server took a message but before it was marked sent: the lease
  // runs out and it goes again (at least once), under the same Message-ID.
  const std::string settings = f.Settings(sink.port());
  setenv("EQUILENS_TEST_CRASH_AT", "after_mail_sent", 1);
  killed = f.cli.Run("ada", {"deliver", "--settings", settings, "--limit", "1"});
  unsetenv("EQUILENS_TEST_CRASH_AT");
  CHECK(killed.exit_code == 128 + 9);
  REQUIRE(sink.WaitFor(1, std::chrono::seconds(10)));
  CHECK(f.Deliver(settings)["messages_sent"] == 1);  // the other one; the first is leased
  std::this_thread::sleep_for(std::chrono::milliseconds(13500));  // (2 s timeout + 6) + 5 s
  CHECK(f.Deliver(settings)["messages_sent"] == 1);
  const std::vector<ReceivedMail> mails = sink.Messages();
  REQUIRE(mails.size() == 3);
  CHECK(mails[0].Header("Message-ID") == mails[2].Header("Message-ID"));
  CHECK(OkJson(f.cli, "ada", {"outbox", "list"})["sent"] == 2);
  CHECK(f.cli.Run("olga", {"audit", "verify"}).exit_code == 0);
}

}  // namespace
}  // namespace equilens::testing
